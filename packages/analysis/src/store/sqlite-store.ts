import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  SQLITE_DIALECT,
  STORE_MIGRATIONS,
  migrate,
  validateMigrations,
  type Migration,
} from './migrations.js';
import { driveSync, type Op, type SqlParam, type SqlReply, type SqlStep } from './sql.js';
import { createSqlStore, type SqlDriver } from './sql-store.js';
import { StoreError, errorMessage } from './store-error.js';
import type { MonitoringStore } from './types.js';

/** The embedded default database file. */
export const DEFAULT_SQLITE_PATH = './monitoring-data/heterodyne.db';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * Database file (its directory is created), or `:memory:` for a private in-memory database.
   * @default './monitoring-data/heterodyne.db'
   */
  path?: string;
  /**
   * How long a write waits for another connection's write lock, in milliseconds.
   * @default 5000
   */
  busyTimeoutMillis?: number;
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

type Statement = Database.Statement<unknown[], Record<string, unknown>>;

/** better-sqlite3 binds numbers, strings, bigints, buffers and null only. */
function bindable(params: readonly SqlParam[]): unknown[] {
  return params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? Number(p) : p));
}

function createSqliteDriver(db: Database.Database, location: string): SqlDriver {
  // Statement text is built from constants, so the cache stays small.
  const statements = new Map<string, Statement>();
  const step = ({ sql, params }: SqlStep): SqlReply => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql) as Statement;
      statements.set(sql, statement);
    }
    if (statement.reader) return { rows: statement.all(...bindable(params)), changes: 0 };
    return { rows: [], changes: statement.run(...bindable(params)).changes };
  };
  // IMMEDIATE takes the write lock up front, so two connections never deadlock upgrading a
  // read lock; the whole operation runs synchronously inside it.
  const inTransaction = db.transaction((op: Op<unknown>) => driveSync(op, step));
  return {
    backend: 'sqlite',
    location,
    run<T>(op: Op<T>, mode: 'read' | 'write'): Promise<T> {
      try {
        const value = mode === 'write' ? inTransaction.immediate(op) : driveSync(op, step);
        return Promise.resolve(value as T);
      } catch (error) {
        return Promise.reject(
          error instanceof StoreError
            ? error
            : new StoreError('query-failed', `sqlite store ${location}: ${errorMessage(error)}`, {
                cause: error,
              }),
        );
      }
    },
    close(): Promise<void> {
      statements.clear();
      db.close();
      return Promise.resolve();
    },
  };
}

/**
 * Opens (creating if needed) a SQLite store: WAL journal, `synchronous=NORMAL`, a busy timeout,
 * foreign keys on, schema migrated.
 * @throws {StoreError} `schema-too-new`, `migration-failed`, or `query-failed` when the file
 * cannot be opened.
 */
export async function openSqliteStore(options: SqliteStoreOptions = {}): Promise<MonitoringStore> {
  const path = options.path ?? DEFAULT_SQLITE_PATH;
  const memory = path === ':memory:';
  const location = memory ? 'sqlite::memory:' : resolve(path);
  const migrations = options.migrations ?? STORE_MIGRATIONS;
  validateMigrations(migrations);
  const now = options.now ?? Date.now;

  let db: Database.Database | undefined;
  try {
    if (!memory) mkdirSync(dirname(location), { recursive: true });
    db = new Database(memory ? ':memory:' : location, {
      timeout: options.busyTimeoutMillis ?? 5000,
    });
    if (!memory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    // The file opens lazily: a file that is not a database fails at the first pragma, with
    // the handle already open.
    db?.close();
    throw new StoreError(
      'query-failed',
      `sqlite store ${location}: cannot open: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }

  const driver = createSqliteDriver(db, location);
  try {
    await driver.run(
      migrate({ migrations, dialect: SQLITE_DIALECT, location, now: now() }),
      'write',
    );
  } catch (error) {
    await driver.close();
    throw error;
  }
  return createSqlStore(driver, { now, newId: randomUUID });
}
