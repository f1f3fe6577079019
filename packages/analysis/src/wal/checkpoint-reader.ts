/**
 * Restores the series store from the newest checkpoint file. Every record carries its own
 * checksum: a damaged record is dropped and counted, the rest restored. A damaged prefix
 * record (a resource and scope) drops the series that name it, counted apart. A damaged
 * header leaves the layout unchecked up front (each record's size is still checked) and the
 * covered sequence number comes from the file name.
 */
import { readFile, rename } from 'node:fs/promises';
import type { SeriesStore } from '../series/series-store.js';
import { decodeCheckpointRecord } from './checkpoint-format.js';
import type { CheckpointHeader, PrefixRecord } from './checkpoint-format.js';
import { listCheckpoints } from './checkpoint-files.js';
import { scanFrames } from './frame.js';

/** What a restore found. */
export interface CheckpointRestoreResult {
  /** The file read, or undefined when there was none. */
  path: string | undefined;
  /** The last write-ahead log sequence number the checkpoint covers (0 without one). */
  coveredSeq: number;
  /** Series restored. */
  series: number;
  /** Records that failed their checksum or could not be decoded, dropped. */
  damagedRecords: number;
  /** Series dropped because their prefix record was damaged, or refused by the store. */
  droppedSeries: number;
  /** Series the footer says were written but were not read (0 when the footer is lost). */
  missingSeries: number;
  /** Whether the header record was intact. */
  headerIntact: boolean;
  /**
   * Why the checkpoint was not restored at all (its layout differs from the store's, a
   * configuration change): the file is renamed to `<name>.unrestored-<time>` and the store
   * starts empty. Undefined when it was restored.
   */
  refused?: string;
  /** Up to 10 descriptions of what was dropped. */
  problems: string[];
}

/** The result of a restore that found no checkpoint file. */
export function emptyRestoreResult(): CheckpointRestoreResult {
  return {
    path: undefined,
    coveredSeq: 0,
    series: 0,
    damagedRecords: 0,
    droppedSeries: 0,
    missingSeries: 0,
    headerIntact: false,
    problems: [],
  };
}

/**
 * Reads the newest checkpoint in `dir` into `series` (replacing its content). Resolves with
 * `path: undefined` when there is none, with `refused` when its layout differs from the
 * store's; rejects only when the file cannot be read.
 */
export async function restoreCheckpoint(
  dir: string,
  series: SeriesStore,
): Promise<CheckpointRestoreResult> {
  const result = emptyRestoreResult();
  const newest = (await listCheckpoints(dir))[0];
  if (newest === undefined) return result;
  result.path = newest.path;
  result.coveredSeq = newest.coveredSeq;
  const problem = (text: string): void => {
    if (result.problems.length < 10) result.problems.push(text);
  };
  const scan = scanFrames(await readFile(newest.path));
  result.damagedRecords = scan.damaged + (scan.tornTailBytes > 0 ? 1 : 0);
  if (result.damagedRecords > 0) {
    problem(`${result.damagedRecords} damaged record(s) failed their checksum`);
  }
  let header: CheckpointHeader | undefined;
  const first = scan.payloads[0];
  if (first !== undefined && first.readUInt8(0) === 1) {
    try {
      const decoded = decodeCheckpointRecord(first);
      if (decoded.type === 'header') header = decoded.header;
    } catch (error) {
      problem(`header: ${String(error)}`);
    }
  }
  result.headerIntact = header !== undefined;
  const begun = series.beginRestore(header?.store);
  if (!begun.ok) {
    const keptAs = `${newest.path}.unrestored-${Date.now()}`;
    await rename(newest.path, keptAs);
    result.refused = `${begun.error.message}; kept as ${keptAs}`;
    return result;
  }
  const restorer = begun.value;
  const prefixes = new Map<number, PrefixRecord>();
  let footerSeries: number | undefined;
  for (const [i, payload] of scan.payloads.entries()) {
    if (i === 0 && header !== undefined) continue;
    let record;
    try {
      record = decodeCheckpointRecord(payload);
    } catch (error) {
      result.damagedRecords++;
      problem(`record at byte ${scan.offsets[i]}: ${String(error)}`);
      continue;
    }
    if (record.type === 'prefix') prefixes.set(record.index, record.prefix);
    else if (record.type === 'footer') footerSeries = record.series;
    else if (record.type === 'series') {
      const prefix = prefixes.get(record.prefixIndex);
      if (prefix === undefined) {
        result.droppedSeries++;
        problem(`series ${record.series.id}: its resource/scope record was damaged`);
        continue;
      }
      const added = restorer.addSeries({ ...record.series, prefix });
      if (!added.ok) {
        result.droppedSeries++;
        problem(added.error.message);
      }
    }
  }
  result.series = restorer.finish().series;
  if (footerSeries !== undefined) {
    result.missingSeries = Math.max(0, footerSeries - result.series - result.droppedSeries);
  }
  return result;
}
