/**
 * Segment files of the write-ahead log: `<first sequence number, 16 digits>.wal` in the log
 * directory, so their names sort in log order and a segment's first record is known without
 * reading it.
 */
import { listNumberedFiles } from './numbered-files.js';

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
  const files = await listNumberedFiles(dir, SEGMENT_NAME);
  return files
    .map((f) => ({ path: f.path, firstSeq: f.seq }))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}
