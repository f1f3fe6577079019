import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { STORE_MIGRATIONS } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open-store.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { StoreError } from '../../src/store/store-error.js';
import type { MonitoringStore } from '../../src/store/types.js';
import { describeStoreContract } from './contract.js';

const LATEST_SCHEMA = STORE_MIGRATIONS.at(-1)?.version;
const PG_URL = process.env.HETERODYNE_TEST_PG_URL;
const MISSING =
  'HETERODYNE_TEST_PG_URL is not set: run `.ci/postgres.sh` as root and export the line it prints';

// Every test gets its own schema, named after this run, so runs never collide.
const RUN = `heterodyne_t_${Date.now().toString(36)}_${process.pid}`;
let schemas = 0;
const freshSchema = (): string => `${RUN}_${++schemas}`;

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

if (PG_URL === undefined) {
  if (process.env.CI === 'true') {
    describe('postgres store', () => {
      it('has a PostgreSQL server to test against', () => {
        throw new Error(`${MISSING} (CI=true: the PostgreSQL contract tests must run)`);
      });
    });
  } else {
    console.warn(`\n*** SKIPPING the PostgreSQL store tests: ${MISSING} ***\n`);
    describe.skip(`postgres store (skipped: ${MISSING})`, () => {
      it('runs the store contract against PostgreSQL', () => {});
    });
  }
} else {
  const url = PG_URL;

  describeStoreContract('postgres store', {
    reopenable: true,
    async createTarget() {
      const schema = freshSchema();
      return {
        open: (options) =>
          openStore({ kind: 'postgres', connectionString: url, schema, ...options }),
        dispose: () => dropSchema(url, schema),
      };
    },
  });

  describe('postgres store', () => {
    const stores: MonitoringStore[] = [];
    const used: string[] = [];
    const schema = (): string => {
      const name = freshSchema();
      used.push(name);
      return name;
    };

    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
    });

    afterAll(async () => {
      for (const name of used) await dropSchema(url, name);
    });

    it('takes the schema from a ?schema= URL parameter and never shows the password', async () => {
      const name = schema();
      const withSchema = new URL(url);
      withSchema.searchParams.set('schema', name);
      const store = await openStore(withSchema.toString());
      stores.push(store);
      expect(store.backend).toBe('postgres');
      expect(store.location).toContain(`(schema ${name})`);
      const password = new URL(url).password;
      if (password !== '') expect(store.location).not.toContain(password);
      expect(await store.health()).toMatchObject({ ok: true, schemaVersion: LATEST_SCHEMA });
      // The options form reads the parameter too.
      const direct = await openPostgresStore({ connectionString: withSchema.toString() });
      stores.push(direct);
      expect(direct.location).toBe(store.location);
      expect(await direct.listAppliedMigrations()).toHaveLength(STORE_MIGRATIONS.length);

      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        const tables = await admin.query(
          'SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1',
          [name],
        );
        expect(tables.rows[0].n).toBeGreaterThan(10);
      } finally {
        await admin.end();
      }
    });

    it('migrates once when two processes start on the same schema at the same time', async () => {
      const name = schema();
      const both = await Promise.all([
        openPostgresStore({ connectionString: url, schema: name }),
        openPostgresStore({ connectionString: url, schema: name }),
      ]);
      stores.push(...both);
      for (const store of both) {
        expect((await store.listAppliedMigrations()).map((m) => m.version)).toEqual(
          STORE_MIGRATIONS.map((m) => m.version),
        );
      }
    });

    it('rejects a schema name that is not a plain identifier', async () => {
      await expect(
        openPostgresStore({ connectionString: url, schema: 'x"; DROP' }),
      ).rejects.toSatisfy(
        (e) =>
          e instanceof StoreError && e.code === 'invalid-config' && e.message.includes('x"; DROP'),
      );
    });

    it('fails with query-failed, without the password, when the server refuses connections', async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const refused = `postgres://someone:s3cret-pw@127.0.0.1:${port}/db`;
      await expect(openPostgresStore({ connectionString: refused })).rejects.toSatisfy(
        (e) =>
          e instanceof StoreError &&
          e.code === 'query-failed' &&
          e.message.includes(`127.0.0.1:${port}`) &&
          !e.message.includes('s3cret-pw'),
      );
    });
  });
}
