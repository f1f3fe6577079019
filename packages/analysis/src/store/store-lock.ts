/**
 * One writer per store: an exclusive lock that one process holds while it has a store (or any
 * other directory of state) open, and that names its holder to a second process.
 *
 * The lock is SQLite's own file lock on a small lock database: its holder keeps an
 * `IMMEDIATE` transaction open (SQLite's RESERVED lock, which only one connection can hold).
 * The operating system releases it when the process ends, however it ends, so a crash never
 * leaves a stale lock and a reused process id is never mistaken for the holder. A row in the
 * same file, committed before the lock is taken for good, records who holds it; other
 * processes can still read it.
 *
 * Connections within one process share the lock (counted), so one process may open a store
 * more than once.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { err, ok, type Result } from '../result.js';
import {
  openSqliteConnection,
  type SqliteConnection,
  type SqliteDriverChoice,
} from './sqlite-driver.js';
import { ensurePrivateFile } from './private-files.js';
import { errorMessage } from './store-error.js';

/** Who holds a lock, as it recorded itself. */
export interface StoreLockHolder {
  /** Process id. */
  readonly pid: number;
  /** Host name of the machine it runs on. */
  readonly hostname: string;
  /** Its command line (program and arguments). */
  readonly command: string;
  /** When it took the lock, in epoch milliseconds. */
  readonly sinceMillis: number;
}

/** A held lock. */
export interface StoreLock {
  /** The lock file. */
  readonly path: string;
  /** Releases this process's hold (the lock is freed when the last holder releases). */
  release(): void;
}

/** Why a lock was not taken. */
export interface StoreLockRefusal {
  /** The lock file. */
  readonly path: string;
  /** The holder, when it could be read (a holder that is starting has not written it yet). */
  readonly holder?: StoreLockHolder;
  /** What went wrong, naming the holder. */
  readonly message: string;
}

/** Options of {@link acquireStoreLock}. */
export interface StoreLockOptions {
  /** SQLite binding for the lock database. @default 'auto' */
  driver?: SqliteDriverChoice;
}

interface HeldLock {
  connection: SqliteConnection;
  count: number;
}

const held = new Map<string, HeldLock>();

// The holder's COMMIT waits for readers of the holder row; reads take microseconds.
const BUSY_TIMEOUT_MILLIS = 250;
const ATTEMPTS = 5;

function isBusy(error: unknown): boolean {
  return /database is locked|SQLITE_BUSY|busy/i.test(errorMessage(error));
}

function readHolder(connection: SqliteConnection): StoreLockHolder | undefined {
  try {
    const row = connection
      .prepare('SELECT pid, hostname, command, since_millis FROM holder WHERE id = 1')
      .all([])[0];
    if (row === undefined) return undefined;
    return {
      pid: Number(row.pid),
      hostname: String(row.hostname),
      command: String(row.command),
      sinceMillis: Number(row.since_millis),
    };
  } catch {
    return undefined; // no table yet: the holder is still writing its first row
  }
}

/** Describes a holder for an error message. */
export function describeHolder(holder: StoreLockHolder | undefined): string {
  if (holder === undefined) return 'another process (it has not recorded its process id yet)';
  const host = holder.hostname === hostname() ? '' : ` on host ${holder.hostname}`;
  const since = new Date(holder.sinceMillis).toISOString();
  return `process ${holder.pid}${host} (${holder.command}), since ${since}`;
}

/**
 * Takes the exclusive lock `path` (a file, created if missing; its directory must exist).
 * @returns the lock, or a refusal naming the process that holds it.
 * @throws {Error} when the lock file cannot be opened or written (permissions, disk full).
 */
export function acquireStoreLock(
  path: string,
  options: StoreLockOptions = {},
): Result<StoreLock, StoreLockRefusal> {
  const file = resolve(path);
  let released = false;
  const lock: StoreLock = {
    path: file,
    release() {
      if (released) return;
      released = true;
      releaseStoreLock(file);
    },
  };
  const own = held.get(file);
  if (own !== undefined) {
    own.count++;
    return ok(lock);
  }
  ensurePrivateFile(file);
  const connection = openSqliteConnection(file, options.driver);
  try {
    connection.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MILLIS}`);
    const token = randomUUID();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        connection.exec('BEGIN IMMEDIATE');
      } catch (error) {
        if (!isBusy(error)) throw error;
        const holder = readHolder(connection);
        connection.close();
        return err({
          path: file,
          ...(holder === undefined ? {} : { holder }),
          message: `locked by ${describeHolder(holder)}`,
        });
      }
      connection.exec(
        'CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), ' +
          'pid INTEGER NOT NULL, hostname TEXT NOT NULL, command TEXT NOT NULL, ' +
          'since_millis INTEGER NOT NULL, token TEXT NOT NULL)',
      );
      const current = connection.prepare('SELECT token FROM holder WHERE id = 1').all([])[0];
      // Holding the lock with our own row committed: keep the transaction open.
      if (current?.token === token) {
        held.set(file, { connection, count: 1 });
        return ok(lock);
      }
      // Record ourselves, then take the lock again; whoever takes it in between wins and
      // finds its own row missing, so it records itself the same way.
      connection
        .prepare('INSERT OR REPLACE INTO holder VALUES (1, ?, ?, ?, ?, ?)')
        .run([process.pid, hostname(), commandLine(), Date.now(), token]);
      connection.exec('COMMIT');
    }
    connection.close();
    return err({ path: file, message: `contended by other processes ${ATTEMPTS} times` });
  } catch (error) {
    try {
      connection.close();
    } catch {
      // already closed
    }
    throw new Error(`lock file ${file}: ${errorMessage(error)}`, { cause: error });
  }
}

function releaseStoreLock(file: string): void {
  const own = held.get(file);
  if (own === undefined) return;
  if (--own.count > 0) return;
  held.delete(file);
  try {
    own.connection.exec('ROLLBACK');
  } finally {
    own.connection.close();
  }
}

function commandLine(): string {
  const text = process.argv.slice(1).join(' ');
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
