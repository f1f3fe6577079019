import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import {
  SQLITE_DIALECT,
  STORE_MIGRATIONS,
  migrate,
  validateMigrations,
  type Migration,
} from './migrations.js';
import { driveSync, type Op, type SqlParam, type SqlReply, type SqlStep } from './sql.js';
import {
  openSqliteConnection,
  type SqliteConnection,
  type SqliteDriverChoice,
  type SqliteStatement,
  type SqliteValue,
} from './sqlite-driver.js';
import { createSqlStore, type SqlDriver } from './sql-store.js';
import { acquireStoreLock, describeHolder, type StoreLock } from './store-lock.js';
import { ensurePrivateDir, ensurePrivateFile } from './private-files.js';
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
  /**
   * SQLite binding: `node:sqlite` (Node 22.13+), `better-sqlite3` (an optional dependency,
   * never loaded on Node 24 and later), or `auto`, the first of them this Node can use.
   * @default 'auto'
   */
  driver?: SqliteDriverChoice;
}

/** The lock file beside a store's database file (see {@link acquireStoreLock}). */
export function sqliteLockPath(databasePath: string): string {
  return `${resolve(databasePath)}.lock`;
}

/** The bindings take numbers, strings, bigints, buffers and null only. */
function bindable(params: readonly SqlParam[]): SqliteValue[] {
  return params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? Number(p) : p));
}

function createSqliteDriver(
  db: SqliteConnection,
  location: string,
  lock: StoreLock | undefined,
): SqlDriver {
  // Statement text is built from constants, so the cache stays small.
  const statements = new Map<string, SqliteStatement>();
  const step = ({ sql, params }: SqlStep): SqlReply => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    if (statement.reader) return { rows: statement.all(bindable(params)), changes: 0 };
    return { rows: [], changes: statement.run(bindable(params)) };
  };
  // IMMEDIATE takes the write lock up front, so two connections never deadlock upgrading a
  // read lock; the whole operation runs synchronously inside it.
  const inTransaction = <T>(op: Op<T>): T => {
    db.exec('BEGIN IMMEDIATE');
    let value: T;
    try {
      value = driveSync(op, step);
    } catch (error) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // SQLite has already rolled back after some errors (disk full, I/O error).
      }
      throw error;
    }
    db.exec('COMMIT');
    return value;
  };
  return {
    backend: 'sqlite',
    location,
    run<T>(op: Op<T>, mode: 'read' | 'write'): Promise<T> {
      try {
        const value = mode === 'write' ? inTransaction(op) : driveSync(op, step);
        return Promise.resolve(value);
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
      try {
        db.close();
      } finally {
        lock?.release();
      }
      return Promise.resolve();
    },
  };
}

/**
 * Opens (creating if needed) a SQLite store: WAL journal, `synchronous=NORMAL`, a busy timeout,
 * foreign keys on, schema migrated. A file store is locked for this process (the lock file is
 * the database path plus `.lock`) until it is closed: another process opening it fails with
 * `locked`, naming the holder's process id.
 * @throws {StoreError} `locked`, `schema-too-new`, `migration-failed`, or `query-failed` when
 * the file cannot be opened.
 */
export async function openSqliteStore(options: SqliteStoreOptions = {}): Promise<MonitoringStore> {
  const path = options.path ?? DEFAULT_SQLITE_PATH;
  const memory = path === ':memory:';
  const location = memory ? 'sqlite::memory:' : resolve(path);
  const migrations = options.migrations ?? STORE_MIGRATIONS;
  validateMigrations(migrations);
  const now = options.now ?? Date.now;
  const cannotOpen = (error: unknown): StoreError =>
    new StoreError(
      'query-failed',
      `sqlite store ${location}: cannot open: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );

  let lock: StoreLock | undefined;
  if (!memory) {
    let locked: ReturnType<typeof acquireStoreLock>;
    try {
      // The database, its -wal/-shm (SQLite gives them the database's mode) and the lock
      // file are the owner's alone.
      ensurePrivateDir(dirname(location));
      ensurePrivateFile(location);
      for (const suffix of ['-wal', '-shm'])
        ensurePrivateFile(location + suffix, { optional: true });
      locked = acquireStoreLock(sqliteLockPath(location), { driver: options.driver });
    } catch (error) {
      throw cannotOpen(error);
    }
    if (!locked.ok) {
      throw new StoreError(
        'locked',
        `sqlite store ${location} is in use by ${describeHolder(locked.error.holder)}; ` +
          `one process writes a store at a time (lock file ${locked.error.path})`,
      );
    }
    lock = locked.value;
  }

  let db: SqliteConnection | undefined;
  try {
    db = openSqliteConnection(memory ? ':memory:' : location, options.driver);
    db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMillis ?? 5000}`);
    if (!memory) db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
  } catch (error) {
    // The file opens lazily: a file that is not a database fails at the first pragma, with
    // the handle already open.
    db?.close();
    lock?.release();
    throw cannotOpen(error);
  }

  const driver = createSqliteDriver(db, location, lock);
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
