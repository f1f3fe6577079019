import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Cleanup } from './cleanup.js';

/** A store URL for a fresh PostgreSQL schema, and the environment the URL needs. */
export interface ScratchSchema {
  /** `postgres://user:${E2E_PG_PASSWORD}@host/db?schema=<prefix><random>`. */
  url: string;
  /** `E2E_PG_PASSWORD`: the configuration refuses literal passwords, so the URL references it. */
  env: Record<string, string>;
}

/**
 * A schema named `<prefix><12 hex digits>` on the server of `base`, dropped by `cleanup`
 * after the test (the store creates it on first use).
 */
export function scratchPgSchema(base: string, prefix: string, cleanup: Cleanup): ScratchSchema {
  const schema = `${prefix}${randomBytes(6).toString('hex')}`;
  cleanup.push(async () => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });
  const parsed = new URL(base);
  const auth = `${parsed.username}:\${E2E_PG_PASSWORD}@`;
  return {
    url: `${parsed.protocol}//${auth}${parsed.host}${parsed.pathname}?schema=${schema}`,
    env: { E2E_PG_PASSWORD: decodeURIComponent(parsed.password) },
  };
}
