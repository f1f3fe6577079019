/**
 * Writes a checkpoint from a cut of the series store in slices: each slice captures series
 * for at most {@link CheckpointWriteOptions.sliceMillis} (and at most `maxSliceSeries`
 * series), frames them and hands them to an asynchronous write, so the event loop serves
 * requests between slices however many series there are.
 */
import { mkdir } from 'node:fs/promises';
import { yieldToEventLoop } from '../event-loop.js';
import type { CheckpointCut } from '../series/checkpoint-cut.js';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  encodeFooter,
  encodeHeader,
  encodePrefix,
  encodeSeries,
} from './checkpoint-format.js';
import type { PrefixRecord } from './checkpoint-format.js';
import { commitCheckpoint, openCheckpointSink } from './checkpoint-files.js';
import type { CheckpointSink } from './checkpoint-files.js';
import { encodeFrame } from './frame.js';

/** Options of {@link writeCheckpoint}. */
export interface CheckpointWriteOptions {
  /** Durability directory. */
  dir: string;
  /** The cut to write (the caller ends it afterwards). */
  cut: CheckpointCut;
  /** The last write-ahead log sequence number the cut covers. */
  coveredSeq: number;
  /** When the cut was taken, ms since the epoch. */
  savedAtMillis: number;
  /** CPU time one slice may take before it yields, in milliseconds. @default 8 */
  sliceMillis?: number;
  /** Most series one slice captures. @default 2048 */
  maxSliceSeries?: number;
  /**
   * The file is synced each time this many bytes were written since the last sync, so the
   * disk never holds a whole checkpoint of dirty pages that a write-ahead log sync would
   * queue behind. @default 8388608 (8 MiB)
   */
  syncEveryBytes?: number;
  /** Opens the file to write. @default `dir/checkpoint.tmp` */
  openSink?: (dir: string) => Promise<CheckpointSink>;
}

/** What a checkpoint write did. */
export interface CheckpointWriteResult {
  path: string;
  series: number;
  bytes: number;
  /** Slices written (each followed by a turn of the event loop). */
  slices: number;
  /** Most series captured in one slice. */
  maxSliceSeries: number;
  /**
   * True when nothing was written because nothing changed since the checkpoint at `path`
   * (the log holds no record after the one it covers).
   */
  unchanged?: boolean;
}

/** Writes the checkpoint; rejects (leaving older checkpoints in place) when a write fails. */
export async function writeCheckpoint(
  options: CheckpointWriteOptions,
): Promise<CheckpointWriteResult> {
  const { dir, cut } = options;
  const sliceMillis = options.sliceMillis ?? 8;
  const maxSlice = options.maxSliceSeries ?? 2048;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const sink = await (options.openSink ?? openCheckpointSink)(dir);
  const prefixes = new Map<object, number>();
  const result: CheckpointWriteResult = {
    path: '',
    series: 0,
    bytes: 0,
    slices: 0,
    maxSliceSeries: 0,
  };
  const syncEvery = options.syncEveryBytes ?? 8 * 2 ** 20;
  let unsynced = 0;
  const put = async (frames: Buffer[]): Promise<void> => {
    const data = frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames);
    await sink.write(data);
    result.bytes += data.length;
    unsynced += data.length;
    if (unsynced >= syncEvery) {
      await sink.sync();
      unsynced = 0;
    }
  };
  try {
    await put([
      encodeFrame(
        encodeHeader({
          format: CHECKPOINT_FORMAT,
          version: CHECKPOINT_VERSION,
          savedAtMillis: options.savedAtMillis,
          coveredSeq: options.coveredSeq,
          store: cut.header,
        }),
      ),
    ]);
    while (!cut.done) {
      const started = performance.now();
      const frames: Buffer[] = [];
      let inSlice = 0;
      while (!cut.done && inSlice < maxSlice && performance.now() - started < sliceMillis) {
        for (const s of cut.next(Math.min(32, maxSlice - inSlice))) {
          let index = prefixes.get(s.prefix);
          if (index === undefined) {
            index = prefixes.size;
            prefixes.set(s.prefix, index);
            frames.push(encodeFrame(encodePrefix(index, s.prefix as PrefixRecord)));
          }
          frames.push(encodeFrame(encodeSeries(index, s)));
          inSlice++;
        }
      }
      result.series += inSlice;
      result.slices++;
      result.maxSliceSeries = Math.max(result.maxSliceSeries, inSlice);
      // The write is asynchronous: the event loop runs between slices.
      if (frames.length > 0) await put(frames);
      else await yieldToEventLoop();
    }
    await put([encodeFrame(encodeFooter(result.series, prefixes.size))]);
    await sink.sync();
  } catch (error) {
    await sink.close().catch(() => undefined);
    throw error;
  }
  await sink.close();
  result.path = await commitCheckpoint(dir, options.coveredSeq);
  return result;
}
