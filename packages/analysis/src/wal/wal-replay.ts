/**
 * Replay of the write-ahead log at start: every intact record newer than the checkpoint is
 * handed to `apply` in log order. A record that fails its checksum is skipped and counted
 * (the rest of its segment is still read); an incomplete record at the end of a segment is
 * a write the process did not finish, so it was never acknowledged, and is dropped quietly.
 */
import { readFile } from 'node:fs/promises';
import { scanFrames } from './frame.js';
import { decodeWalRecord, recordSeq } from './wal-record.js';
import type { WalRecord } from './wal-record.js';
import { listSegments } from './wal-segments.js';
import type { KnownSegment } from './wal-writer.js';

/** What a replay found. */
export interface WalReplayResult {
  /** Records applied (newer than the checkpoint). */
  applied: number;
  /** Records skipped because the checkpoint covers them. */
  covered: number;
  /** Damaged records (or regions) skipped. */
  damaged: number;
  /** Records whose frame was intact but whose content could not be decoded. */
  undecodable: number;
  /** Records `apply` threw on (skipped; the rest is still replayed). */
  failed: number;
  /** Segments ending in an incomplete record. */
  tornTails: number;
  /** Highest sequence number seen (0 when the log is empty). */
  lastSeq: number;
  /** Segments on disk, for truncation after the next checkpoint. */
  segments: KnownSegment[];
  /** Messages describing damage, at most 10. */
  problems: string[];
}

/** The result of replaying an empty (or absent) log. */
export function emptyReplayResult(): WalReplayResult {
  return {
    applied: 0,
    covered: 0,
    damaged: 0,
    undecodable: 0,
    failed: 0,
    tornTails: 0,
    lastSeq: 0,
    segments: [],
    problems: [],
  };
}

/**
 * Reads the log in `dir` and applies each record with a sequence number above `coveredSeq`.
 * `apply` runs synchronously per record; a record it throws on is counted in `failed`.
 */
export async function replayWal(
  dir: string,
  coveredSeq: number,
  apply: (record: WalRecord) => void,
): Promise<WalReplayResult> {
  const result = emptyReplayResult();
  const problem = (text: string): void => {
    if (result.problems.length < 10) result.problems.push(text);
  };
  for (const segment of await listSegments(dir)) {
    const data = await readFile(segment.path);
    const scan = scanFrames(data);
    if (scan.damaged > 0) {
      result.damaged += scan.damaged;
      problem(`${segment.path}: ${scan.damaged} damaged record(s) skipped`);
    }
    if (scan.tornTailBytes > 0) result.tornTails++;
    let last = segment.firstSeq - 1;
    for (const [i, payload] of scan.payloads.entries()) {
      const seq = recordSeq(payload);
      if (seq === undefined) {
        result.undecodable++;
        continue;
      }
      last = Math.max(last, seq);
      result.lastSeq = Math.max(result.lastSeq, seq);
      if (seq <= coveredSeq) {
        result.covered++;
        continue;
      }
      // Decode a copy: values the decoder keeps as views (bytes attributes) then hold one
      // record's bytes, not the whole segment, for as long as their series lives.
      const record = decodeWalRecord(Buffer.from(payload));
      if (!record.ok) {
        result.undecodable++;
        problem(`${segment.path} at byte ${scan.offsets[i]}: ${record.error.message}`);
        continue;
      }
      try {
        apply(record.value);
        result.applied++;
      } catch (error) {
        result.failed++;
        problem(`${segment.path} record ${seq}: ${String(error)}`);
      }
    }
    result.segments.push({ path: segment.path, firstSeq: segment.firstSeq, lastSeq: last });
  }
  return result;
}
