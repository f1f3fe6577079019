/**
 * Segment files of the write-ahead log: `<first sequence number, 16 digits>.wal` in the log
 * directory, so their names sort in log order and a segment's first record is known without
 * reading it.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const SEGMENT_NAME = /^(\d{16})\.wal$/;

/** One segment file. */
export interface SegmentFile {
  /** Absolute or directory-relative path. */
  path: string;
  /** Sequence number of its first record. */
  firstSeq: number;
}

/** File name of the segment whose first record is `firstSeq`. */
export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.wal`;
}

/** The segments in `dir`, oldest first; none when the directory does not exist. */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: SegmentFile[] = [];
  for (const name of names) {
    const match = SEGMENT_NAME.exec(name);
    if (match?.[1] !== undefined) out.push({ path: join(dir, name), firstSeq: Number(match[1]) });
  }
  return out.sort((a, b) => a.firstSeq - b.firstSeq);
}
