import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  POSTGRES_DIALECT,
  STORE_MIGRATIONS,
  migrate,
  validateMigrations,
  type Migration,
} from './migrations.js';
import { driveAsync, type Op, type SqlReply, type SqlStep } from './sql.js';
import { createSqlStore, type SqlDriver } from './sql-store.js';
import { postgresTls } from './postgres-tls.js';
import { StoreError, errorMessage } from './store-error.js';
import type { MonitoringStore } from './types.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /**
   * `postgres://user:password@host:port/database`; `sslmode` (`disable`, `require`,
   * `verify-ca`, `verify-full`) with `sslrootcert`, `sslcert`, `sslkey` as libpq reads them
   * (see `postgres-tls.ts`), and a `schema` parameter sets {@link PostgresStoreOptions.schema}.
   */
  connectionString: string;
  /**
   * Schema holding the tables (created if missing); every connection's `search_path` is set
   * to it. Lets several deployments or test runs share a database.
   * @default the server's default search path (usually `public`)
   */
  schema?: string;
  /**
   * Maximum pooled connections.
   * @default 10
   */
  maxConnections?: number;
  /**
   * How long to wait for a connection, in milliseconds.
   * @default 10000
   */
  connectionTimeoutMillis?: number;
  /**
   * Clock for store-assigned timestamps, in epoch milliseconds.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Schema migrations to apply.
   * @default the built-in schema (tests add versions to exercise upgrades)
   */
  migrations?: readonly Migration[];
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const JSON_OIDS = new Set([114, 3802]);

// Counts and ids are BIGINT (int8), which pg returns as strings by default; every value the
// store keeps fits in a double. JSON columns come back as text so one decoder serves both
// databases (a parsed JSONB string would be indistinguishable from JSON text).
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    if (JSON_OIDS.has(oid)) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** `?` placeholders to `$1, $2, ...` (the shared SQL never has `?` inside literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The URL without its password, for messages and health. */
export function redactConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/**
 * Moves a `schema` query parameter out of a connection string (pg would ignore it). An explicit
 * `schema` option wins over the parameter.
 */
export function splitSchemaParameter(
  connectionString: string,
  schema?: string,
): { connectionString: string; schema?: string } {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return schema === undefined ? { connectionString } : { connectionString, schema };
  }
  const fromUrl = url.searchParams.get('schema') ?? undefined;
  if (fromUrl === undefined)
    return schema === undefined ? { connectionString } : { connectionString, schema };
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema: schema ?? fromUrl };
}

function createPostgresDriver(pool: pg.Pool, location: string): SqlDriver {
  const texts = new Map<string, string>();
  const runOn = async (client: pg.Pool | pg.PoolClient, step: SqlStep): Promise<SqlReply> => {
    let text = texts.get(step.sql);
    if (text === undefined) {
      text = numbered(step.sql);
      texts.set(step.sql, text);
    }
    const values = step.params.map((p) => (p === undefined ? null : p));
    const result = await client.query(text, values);
    return { rows: result.rows as SqlReply['rows'], changes: result.rowCount ?? 0 };
  };
  const transact = async <T>(op: Op<T>): Promise<T> => {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const value = await driveAsync(op, (step) => runOn(client, step));
      await client.query('COMMIT');
      return value;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is gone; do not return it to the pool
      }
      throw error;
    } finally {
      client.release(broken);
    }
  };
  return {
    backend: 'postgres',
    location,
    async run<T>(op: Op<T>, mode: 'read' | 'write'): Promise<T> {
      try {
        return mode === 'write' ? await transact(op) : await driveAsync(op, (s) => runOn(pool, s));
      } catch (error) {
        if (error instanceof StoreError) throw error;
        throw new StoreError('query-failed', `postgres store ${location}: ${errorMessage(error)}`, {
          cause: error,
        });
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Opens a PostgreSQL store: a connection pool, the schema created and migrated (concurrent
 * starts serialise on an advisory lock, so migrations run once).
 * @throws {StoreError} `invalid-config` for a bad schema name, `schema-too-new`,
 * `migration-failed`, or `query-failed` when the server cannot be reached.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<MonitoringStore> {
  const { connectionString, schema } = splitSchemaParameter(
    options.connectionString,
    options.schema,
  );
  const base = redactConnectionString(connectionString);
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      'invalid-config',
      `postgres store ${base}: schema '${schema}' must match ${SCHEMA_NAME.source}`,
    );
  }
  const location = schema === undefined ? base : `${base} (schema ${schema})`;
  const migrations = options.migrations ?? STORE_MIGRATIONS;
  validateMigrations(migrations);
  const now = options.now ?? Date.now;

  const tls = postgresTls(connectionString);
  if (!tls.ok) {
    throw new StoreError('invalid-config', `postgres store ${base}: ${tls.error}`);
  }
  const pool = new pg.Pool({
    connectionString: tls.value.connectionString,
    ssl: tls.value.ssl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    types: typeParsers,
    application_name: 'heterodyne-monitoring',
    onConnect:
      schema === undefined
        ? undefined
        : async (client) => {
            await client.query(`SET search_path TO "${schema}"`);
          },
  });
  // An idle client losing its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query reports the failure instead.
  pool.on('error', () => {});

  const driver = createPostgresDriver(pool, location);
  const preamble: SqlStep[] = [
    { sql: 'SELECT pg_advisory_xact_lock(hashtext(?))', params: [`heterodyne:${schema ?? ''}`] },
  ];
  if (schema !== undefined)
    preamble.push({ sql: `CREATE SCHEMA IF NOT EXISTS "${schema}"`, params: [] });
  try {
    await driver.run(
      migrate({ migrations, dialect: POSTGRES_DIALECT, location, now: now(), preamble }),
      'write',
    );
  } catch (error) {
    await driver.close();
    throw error;
  }
  return createSqlStore(driver, { now, newId: randomUUID });
}
