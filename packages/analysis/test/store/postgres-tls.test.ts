/**
 * PostgreSQL over TLS against the local server (`.ci/postgres.sh` gives it a self-signed
 * certificate for 127.0.0.1): each sslmode as libpq means it, checked on the server side
 * with pg_stat_ssl for the store's own connections.
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { postgresTls } from '../../src/store/postgres-tls.js';
import type { MonitoringStore } from '../../src/store/types.js';

const PG_URL = process.env.HETERODYNE_TEST_PG_URL;
const DEFAULT_CERT = '/etc/postgresql/heterodyne-tls/server.crt';
const CERT =
  process.env.HETERODYNE_TEST_PG_SSLROOTCERT ??
  (existsSync(DEFAULT_CERT) ? DEFAULT_CERT : undefined);
const live = PG_URL !== undefined && CERT !== undefined;
if (!live) {
  const why = `PostgreSQL TLS tests need HETERODYNE_TEST_PG_URL and the server certificate of .ci/postgres.sh (HETERODYNE_TEST_PG_SSLROOTCERT or ${DEFAULT_CERT})`;
  if (process.env.CI === 'true') throw new Error(why);
  console.warn(`*** SKIPPING: ${why} ***`);
}

const stores: MonitoringStore[] = [];
const schemas: string[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  if (PG_URL === undefined) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const s of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
});

function url(params: Record<string, string>, host = '127.0.0.1'): string {
  const u = new URL(PG_URL as string);
  u.hostname = host;
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** Opens a store with `params` and answers whether the server sees its connection as TLS. */
async function storeUsesTls(params: Record<string, string>, host?: string): Promise<boolean> {
  const app = `tls-${randomUUID().slice(0, 8)}`;
  const schema = `heterodyne_tls_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  schemas.push(schema);
  const store = await openStore(url({ ...params, application_name: app, schema }, host));
  stores.push(store);
  await store.listBaselines();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const r = await client.query<{ ssl: boolean }>(
      `SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a ON a.pid = s.pid WHERE a.application_name = $1`,
      [app],
    );
    expect(r.rows.length).toBeGreaterThan(0);
    return r.rows.every((row) => row.ssl);
  } finally {
    await client.end();
  }
}

describe('postgresTls: libpq parameters', () => {
  it('maps each sslmode and strips the TLS parameters from the URL given to pg', () => {
    const none = postgresTls('postgres://u@h/db?sslmode=disable&application_name=x');
    expect(none).toEqual({
      ok: true,
      value: {
        connectionString: 'postgres://u@h/db?application_name=x',
        sslMode: 'disable',
        ssl: false,
      },
    });
    expect(postgresTls('postgres://u@h/db')).toMatchObject({
      ok: true,
      value: { sslMode: 'disable', ssl: false },
    });
    expect(postgresTls('postgres://u@h/db?sslmode=require')).toMatchObject({
      ok: true,
      value: {
        connectionString: 'postgres://u@h/db',
        sslMode: 'require',
        ssl: { rejectUnauthorized: false },
      },
    });
    const full = postgresTls(
      'postgres://u@db.example:5432/db?sslmode=verify-full&sslrootcert=system',
    );
    expect(full).toMatchObject({
      ok: true,
      value: {
        sslMode: 'verify-full',
        ssl: { rejectUnauthorized: true, servername: 'db.example' },
      },
    });
  });

  it('refuses prefer/allow and unknown modes, and names an unreadable certificate file', () => {
    expect(postgresTls('postgres://u@h/db?sslmode=prefer')).toEqual({
      ok: false,
      error:
        'sslmode=prefer: must be one of disable, require, verify-ca, verify-full (falling back to an unencrypted connection is not offered: use require, or disable explicitly)',
    });
    expect(
      postgresTls('postgres://u@h/db?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem'),
    ).toEqual({
      ok: false,
      error: 'sslrootcert=/nonexistent/ca.pem: cannot read: ENOENT',
    });
    expect(postgresTls('postgres://u@h/db?sslmode=require&sslcert=/a.pem')).toEqual({
      ok: false,
      error: 'sslcert and sslkey: give both or neither',
    });
  });
});

describe.skipIf(!live)('PostgreSQL store over TLS (local server, self-signed certificate)', () => {
  it('verify-full with the certificate: the store connects over TLS', async () => {
    expect(await storeUsesTls({ sslmode: 'verify-full', sslrootcert: CERT as string })).toBe(true);
  });

  it('require: encrypted without verification; disable: plain', async () => {
    expect(await storeUsesTls({ sslmode: 'require' })).toBe(true);
    expect(await storeUsesTls({ sslmode: 'disable' })).toBe(false);
  });

  it('verify-ca accepts the certificate under another host name; verify-full refuses it', async () => {
    expect(
      await storeUsesTls({ sslmode: 'verify-ca', sslrootcert: CERT as string }, 'localhost'),
    ).toBe(true);
    await expect(
      openStore(
        url(
          { sslmode: 'verify-full', sslrootcert: CERT as string, connect_timeout: '5' },
          'localhost',
        ),
      ),
    ).rejects.toThrow(/localhost.*(not in the cert's altnames|does not match)|altnames/i);
  });

  it('verify-full without the certificate refuses the self-signed server', async () => {
    await expect(openStore(url({ sslmode: 'verify-full', sslrootcert: 'system' }))).rejects.toThrow(
      /self[- ]signed certificate/i,
    );
  });

  it('a bad sslmode is a configuration error naming it, before any connection', async () => {
    await expect(openStore(url({ sslmode: 'prefer' }))).rejects.toThrow(
      /^store: sslmode=prefer: must be one of/,
    );
  });
});
