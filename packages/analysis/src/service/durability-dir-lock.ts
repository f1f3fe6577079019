/**
 * One writer per durability directory. The write-ahead log and checkpoint files of a series
 * store are written by one process: a second one appending to the same log, or truncating it
 * behind a checkpoint of its own, would lose the first one's acknowledged data. A SQLite
 * store's lock already keeps a second process out of its default directory, but a PostgreSQL
 * store is shared by design and a configured `wal.dir` may be shared by mistake, so the
 * directory has its own lock (see `store/store-lock.ts`): `writer.lock` inside it.
 */
import { join } from 'node:path';
import { resolveSqliteDriver } from '../store/sqlite-driver.js';
import { StoreError, errorMessage } from '../store/store-error.js';
import { acquireStoreLock, describeHolder } from '../store/store-lock.js';
import { ensurePrivateDir } from '../store/private-files.js';
import type { StoreLock } from '../store/store-lock.js';
import type { ServiceLogger } from './logger.js';

/** File name of the lock inside a durability directory. */
export const DURABILITY_LOCK_FILE = 'writer.lock';

/**
 * Creates `dir` if missing and takes its lock. Without a SQLite binding (Node before 22.13
 * without `better-sqlite3`) the directory cannot be locked: that is logged as a warning and
 * undefined returned, so a PostgreSQL service still starts.
 * @throws {StoreError} `locked`, naming the holder, when another process holds the directory.
 * @throws {Error} when the directory or its lock file cannot be created or written.
 */
export function lockDurabilityDir(dir: string, logger: ServiceLogger): StoreLock | undefined {
  try {
    resolveSqliteDriver();
  } catch (error) {
    logger.warn('write-ahead log directory not locked: no SQLite binding for its lock file', {
      dir,
      reason: errorMessage(error),
    });
    return undefined;
  }
  let locked: ReturnType<typeof acquireStoreLock>;
  try {
    ensurePrivateDir(dir, 'write-ahead log directory');
    locked = acquireStoreLock(join(dir, DURABILITY_LOCK_FILE));
  } catch (error) {
    throw new Error(`write-ahead log directory ${dir}: cannot lock: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  if (!locked.ok) {
    throw new StoreError(
      'locked',
      `write-ahead log directory ${dir} is in use by ${describeHolder(locked.error.holder)}; ` +
        `one process writes a log directory at a time (lock file ${locked.error.path})`,
    );
  }
  return locked.value;
}
