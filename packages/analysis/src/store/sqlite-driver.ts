/**
 * One small interface over the two SQLite bindings the store runs on:
 * - `node:sqlite` (`DatabaseSync`), built into Node 22.13+ and 23.4+ without a flag;
 * - `better-sqlite3`, an optional native dependency, used only where Node has no usable
 *   `node:sqlite` (Node 20). It is never loaded on Node 24 and later, where its statement
 *   finalizers abort the process at exit.
 * Both are synchronous, so the store's operations run the same way on either.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { err, ok, type Result } from '../result.js';
import type { SqlRow } from './sql.js';

/** A SQLite binding. */
export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

/** Which binding to use; `auto` prefers `node:sqlite` and falls back to `better-sqlite3`. */
export type SqliteDriverChoice = 'auto' | SqliteDriverName;

/** A value the bindings accept as a parameter. */
export type SqliteValue = string | number | bigint | null | Uint8Array;

/** A prepared statement. */
export interface SqliteStatement {
  /** Whether the statement returns rows (a query, a pragma, or `RETURNING`). */
  readonly reader: boolean;
  /** Runs a statement that returns rows. */
  all(params: readonly SqliteValue[]): SqlRow[];
  /** Runs a statement that returns no rows; resolves with the rows it changed. */
  run(params: readonly SqliteValue[]): number;
}

/** An open database connection. */
export interface SqliteConnection {
  /** The binding behind it. */
  readonly driver: SqliteDriverName;
  /** Runs one or more statements without parameters, ignoring their rows. */
  exec(sql: string): void;
  /** Compiles a statement. */
  prepare(sql: string): SqliteStatement;
  /** Closes the connection (the statements with it). */
  close(): void;
}

/** The part of `node:sqlite` used here (its types are not in `@types/node` 20). */
interface NodeSqliteStatement {
  all(...params: SqliteValue[]): SqlRow[];
  run(...params: SqliteValue[]): { changes: number | bigint };
  columns?(): unknown[];
}
interface NodeSqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): NodeSqliteStatement;
  close(): void;
}
interface NodeSqliteModule {
  DatabaseSync: new (path: string) => NodeSqliteDatabase;
}

/** The part of `better-sqlite3` used here. */
type BetterSqliteModule = typeof BetterSqlite3;

const require = createRequire(import.meta.url);
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/** Node major version from which `better-sqlite3` is never loaded. */
export const BETTER_SQLITE_LAST_NODE_MAJOR = 23;

let nodeSqlite: Result<NodeSqliteModule, string> | undefined;
let betterSqlite: Result<BetterSqliteModule, string> | undefined;

/**
 * Loads `node:sqlite` once. Node 22 announces it with an ExperimentalWarning on load; the
 * store picked the binding, not the application, so that one warning is not passed on.
 */
function loadNodeSqlite(): Result<NodeSqliteModule, string> {
  if (nodeSqlite !== undefined) return nodeSqlite;
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/^SQLite is an experimental feature/.test(text)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    const loaded = require('node:sqlite') as Partial<NodeSqliteModule>;
    nodeSqlite =
      typeof loaded.DatabaseSync === 'function'
        ? ok(loaded as NodeSqliteModule)
        : err(`node:sqlite on Node ${process.versions.node} has no DatabaseSync`);
  } catch (error) {
    nodeSqlite = err(
      `node:sqlite is not available without a flag on Node ${process.versions.node} ` +
        `(it is from 22.13): ${(error as Error).message}`,
    );
  } finally {
    process.emitWarning = emitWarning;
  }
  return nodeSqlite;
}

/** Loads `better-sqlite3` once and checks its native addon opens a database. */
function loadBetterSqlite(): Result<BetterSqliteModule, string> {
  if (betterSqlite !== undefined) return betterSqlite;
  if (NODE_MAJOR > BETTER_SQLITE_LAST_NODE_MAJOR) {
    betterSqlite = err(
      `better-sqlite3 is not used on Node ${process.versions.node} (its native addon aborts ` +
        `the process on Node 24 and later); node:sqlite is used instead`,
    );
    return betterSqlite;
  }
  try {
    const Database = require('better-sqlite3') as BetterSqliteModule;
    // The addon loads on first use: a build for another Node version fails here, not above.
    new Database(':memory:').close();
    betterSqlite = ok(Database);
  } catch (error) {
    betterSqlite = err(
      `better-sqlite3 cannot be loaded on Node ${process.versions.node} (an optional ` +
        `dependency, needed where node:sqlite is not: run npm install or npm rebuild ` +
        `better-sqlite3): ${(error as Error).message}`,
    );
  }
  return betterSqlite;
}

/** Whether a binding can be used in this process, and why not. */
export function sqliteDriverAvailable(driver: SqliteDriverName): Result<void, string> {
  const loaded = driver === 'node:sqlite' ? loadNodeSqlite() : loadBetterSqlite();
  return loaded.ok ? ok(undefined) : err(loaded.error);
}

/**
 * The binding `choice` resolves to: `node:sqlite` when usable, else `better-sqlite3`.
 * @throws {Error} when no binding is usable; the message says why for each.
 */
export function resolveSqliteDriver(choice: SqliteDriverChoice = 'auto'): SqliteDriverName {
  if (choice !== 'auto') {
    const available = sqliteDriverAvailable(choice);
    if (!available.ok) throw new Error(available.error);
    return choice;
  }
  const builtIn = loadNodeSqlite();
  if (builtIn.ok) return 'node:sqlite';
  const native = loadBetterSqlite();
  if (native.ok) return 'better-sqlite3';
  throw new Error(`no SQLite binding: ${builtIn.error}; ${native.error}`);
}

// A statement whose column count the binding cannot report returns rows when it is a query
// or has a RETURNING clause; the store's SQL is constant text, so the test is exact for it.
const READER_SQL = /^\s*(SELECT|WITH|PRAGMA|VALUES|EXPLAIN)\b|\bRETURNING\b/i;

/** Whether a statement returns rows, judged from its text. */
export function returnsRows(sql: string): boolean {
  return READER_SQL.test(sql);
}

function nodeSqliteConnection(module: NodeSqliteModule, path: string): SqliteConnection {
  const db = new module.DatabaseSync(path);
  return {
    driver: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    prepare(sql) {
      const statement = db.prepare(sql);
      const reader =
        typeof statement.columns === 'function' ? statement.columns().length > 0 : returnsRows(sql);
      return {
        reader,
        all: (params) => statement.all(...params),
        run: (params) => Number(statement.run(...params).changes),
      };
    },
    close: () => db.close(),
  };
}

function betterSqliteConnection(Database: BetterSqliteModule, path: string): SqliteConnection {
  const db = new Database(path);
  return {
    driver: 'better-sqlite3',
    exec: (sql) => void db.exec(sql),
    prepare(sql) {
      const statement = db.prepare<unknown[], SqlRow>(sql);
      return {
        reader: statement.reader,
        all: (params) => statement.all(...params),
        run: (params) => statement.run(...params).changes,
      };
    },
    close: () => void db.close(),
  };
}

/**
 * Opens a connection to a database file (created if missing) or `:memory:`.
 * @throws {Error} when no binding is usable or the file cannot be opened.
 */
export function openSqliteConnection(
  path: string,
  choice: SqliteDriverChoice = 'auto',
): SqliteConnection {
  const driver = resolveSqliteDriver(choice);
  if (driver === 'node:sqlite') {
    const module = loadNodeSqlite();
    if (module.ok) return nodeSqliteConnection(module.value, path);
  } else {
    const module = loadBetterSqlite();
    if (module.ok) return betterSqliteConnection(module.value, path);
  }
  /* c8 ignore next: resolveSqliteDriver has checked the binding loads */
  throw new Error(`${driver} is not available`);
}
