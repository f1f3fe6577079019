/**
 * Owner-only files for stored data: directories created 0700 and files 0600 (whatever the
 * umask), existing files tightened to 0600, and a directory that anyone may write into
 * refused, since whoever can write there can replace the database, its write-ahead log or
 * its lock. POSIX modes only: on Windows the checks are skipped (ACLs decide there).
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Mode of directories holding stored data. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of files holding stored data. */
export const PRIVATE_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/**
 * Creates `dir` (and missing parents) owner-only, or checks an existing one: a directory
 * writable by every user is refused with an error naming it, its mode and the fix. A
 * world-writable directory with the sticky bit (`/tmp`) is refused too: others still create
 * files in it.
 * @throws {Error} for a world-writable directory, or when `dir` cannot be created.
 */
export function ensurePrivateDir(dir: string, what = 'data directory'): void {
  // mkdirSync's mode applies to every directory it creates; umask can only narrow it.
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!POSIX) return;
  const { mode } = statSync(dir);
  if ((mode & 0o002) !== 0) {
    throw new Error(
      `${what} ${dir} is writable by every user (mode ${octal(mode)}): anyone on this machine could replace the stored data; refusing to start. Use a directory of its own (chmod 700 ${dir})`,
    );
  }
}

/**
 * Makes `file` owner-only: creates it empty with mode 0600 when missing, tightens an
 * existing file readable or writable by others. `optional` files (a database's `-wal`) are
 * only tightened when they exist.
 */
export function ensurePrivateFile(file: string, options: { optional?: boolean } = {}): void {
  let mode: number | undefined;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (mode === undefined) {
    if (options.optional) return;
    closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    mode = statSync(file).mode;
  }
  if (POSIX && (mode & 0o077) !== 0) chmodSync(file, mode & 0o7700 & ~0o077);
}
