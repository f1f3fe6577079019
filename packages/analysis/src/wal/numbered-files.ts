/**
 * File helpers shared by the write-ahead log segments and the checkpoint files: both are
 * named after a sequence number, and both need their directory synced after a file is
 * created or renamed in it.
 */
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** A file whose name carries a sequence number. */
export interface NumberedFile {
  path: string;
  /** The number captured by the name pattern's first group. */
  seq: number;
}

/**
 * The files in `dir` whose names match `pattern` (its first group is the number), in no
 * particular order; none when the directory does not exist.
 */
export async function listNumberedFiles(dir: string, pattern: RegExp): Promise<NumberedFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: NumberedFile[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (match?.[1] !== undefined) out.push({ path: join(dir, name), seq: Number(match[1]) });
  }
  return out;
}

/** fsyncs a directory, so a file just created or renamed in it survives a power loss. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems refuse fsync on a directory; the file's own sync still holds.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  } finally {
    await handle.close();
  }
}
