/**
 * Durability of the series store: the write-ahead log in front of the ingest pipeline, the
 * checkpoint files it is truncated against, and the start-up restore and replay.
 *
 * - Every request the pipeline processes is appended to the log in the same turn it is
 *   applied (with the time the pipeline used), so the log and the store never disagree; a
 *   request is answered only once {@link SeriesDurability.flushed} resolves.
 * - A checkpoint takes a cut of the store at the log's last sequence number, writes it in
 *   slices while ingest goes on, then deletes the log segments it covers.
 * - At start the newest checkpoint is restored and the newer records replayed through the
 *   same pipeline, with the time and series store start time each had.
 */
import type { IngestPipeline } from '../pipeline/types.js';
import type { SeriesStore } from '../series/series-store.js';
import type { Clock } from '../series/types.js';
import { emptyRestoreResult, restoreCheckpoint } from '../wal/checkpoint-reader.js';
import type { CheckpointRestoreResult } from '../wal/checkpoint-reader.js';
import { writeCheckpoint } from '../wal/checkpoint-writer.js';
import type { CheckpointWriteOptions, CheckpointWriteResult } from '../wal/checkpoint-writer.js';
import { encodeEvictRecord, encodeIngestRecord } from '../wal/wal-record.js';
import type { WalRecord } from '../wal/wal-record.js';
import { emptyReplayResult, replayWal } from '../wal/wal-replay.js';
import type { WalReplayResult } from '../wal/wal-replay.js';
import { WalUnavailableError } from '../wal/wal-unavailable.js';
import { createWalWriter } from '../wal/wal-writer.js';
import type { WalFile, WalWriter } from '../wal/wal-writer.js';

/** When a request is acknowledged: see the package README's durability section. */
export type WalSyncMode = 'fsync' | 'write' | 'off';

/** Options of {@link createSeriesDurability}. */
export interface SeriesDurabilityOptions {
  /** Directory of the log and checkpoint files; undefined keeps nothing (in-memory store). */
  dir: string | undefined;
  /** @default 'fsync' */
  sync?: WalSyncMode;
  /** Sync interval of `write`, in milliseconds. @default 1000 */
  syncIntervalMillis?: number;
  /** After a log failure, requests are refused this long before a new segment is tried, ms. @default 1000 */
  retryDelayMillis?: number;
  series: SeriesStore;
  clock: Clock;
  /** Creates the pipeline with the clock it must read (pinned while a record is applied). */
  createPipeline: (clock: Clock) => IngestPipeline;
  /** Fault injection seams for tests. */
  openWalFile?: (path: string) => Promise<WalFile>;
  openCheckpointSink?: CheckpointWriteOptions['openSink'];
  /** Told each log flush. */
  onWalFlush?: (bytes: number, seconds: number, synced: boolean) => void;
  /** Told each log failure. */
  onWalFailure?: (error: Error) => void;
}

/** What start-up restored. */
export interface DurabilityOpenReport {
  checkpoint: CheckpointRestoreResult;
  replay: WalReplayResult;
}

/** See the module comment. */
export interface SeriesDurability {
  /** The directory, or undefined when nothing is kept. */
  readonly dir: string | undefined;
  readonly sync: WalSyncMode;
  /** The pipeline: logs each metrics and traces request before applying it. */
  readonly pipeline: IngestPipeline;
  /**
   * Restores the newest checkpoint (resolving `checkpoint.path: undefined` when there is
   * none) and replays the newer log records. Call once, before ingest starts; `restoreOther`
   * runs between the two when there was no checkpoint file (the store's older format).
   */
  open(restoreOther?: () => Promise<void>): Promise<DurabilityOpenReport>;
  /** Staleness and eviction at `nowMillis`, logged so replay repeats it. */
  evictStale(nowMillis: number): ReturnType<SeriesStore['evictStale']>;
  /** Resolves once every record logged so far is acknowledged by the sync policy. */
  flushed(): Promise<void>;
  /** Writes a checkpoint and truncates the log it covers. */
  checkpoint(): Promise<CheckpointWriteResult | undefined>;
  /** The log's state, for readiness. */
  health(): { ok: true } | { ok: false; error: Error };
  /** Flushes and closes the log. */
  close(): Promise<void>;
}

/** Creates the durability layer (nothing is read or written until `open`). */
export function createSeriesDurability(options: SeriesDurabilityOptions): SeriesDurability {
  const { dir, series } = options;
  const mode: WalSyncMode = dir === undefined ? 'off' : (options.sync ?? 'fsync');
  let pinned: number | undefined;
  const clock: Clock = { now: () => pinned ?? options.clock.now() };
  const inner = options.createPipeline(clock);
  let wal: WalWriter | undefined;
  let coveredSeq = 0;
  const logging = mode !== 'off';
  /** The last checkpoint this process wrote, and the log record it covers. */
  let lastWritten: { covered: number; result: CheckpointWriteResult } | undefined;

  const append = (encode: (seq: number) => Buffer): void => {
    if (!logging || wal === undefined) return;
    // A failed log refuses appends until its retry delay has passed; then the next append
    // opens a new segment, so the service recovers on the first request after the delay.
    try {
      wal.append(encode);
    } catch (error) {
      throw new WalUnavailableError(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const pinnedRun = <T>(now: number, run: () => T): T => {
    pinned = now;
    try {
      return run();
    } finally {
      pinned = undefined;
    }
  };

  const apply = (record: WalRecord): void => {
    if (record.type === 'evict') {
      series.evictStale(record.nowMillis);
      return;
    }
    series.withStartTime(record.startTimeMillis, () =>
      pinnedRun(record.nowMillis, () =>
        record.signal === 'metrics'
          ? inner.ingestMetrics(record.request)
          : inner.ingestTraces(record.request),
      ),
    );
  };

  const pipeline: IngestPipeline = {
    ingestMetrics(request) {
      const now = options.clock.now();
      const start = series.config.startTimeMillis;
      append((seq) => encodeIngestRecord(seq, now, start, 'metrics', request));
      return pinnedRun(now, () => inner.ingestMetrics(request));
    },
    ingestTraces(request) {
      const now = options.clock.now();
      const start = series.config.startTimeMillis;
      append((seq) => encodeIngestRecord(seq, now, start, 'traces', request));
      return pinnedRun(now, () => inner.ingestTraces(request));
    },
    ingestLogs: (request) => inner.ingestLogs(request),
    counters: () => inner.counters(),
  };

  return {
    dir,
    sync: mode,
    pipeline,
    async open(restoreOther) {
      const empty: DurabilityOpenReport = {
        checkpoint: emptyRestoreResult(),
        replay: emptyReplayResult(),
      };
      if (dir === undefined) {
        await restoreOther?.();
        return empty;
      }
      const checkpoint = await restoreCheckpoint(dir, series);
      if (checkpoint.path === undefined) await restoreOther?.();
      coveredSeq = checkpoint.coveredSeq;
      const replay = await replayWal(dir, coveredSeq, apply);
      wal = createWalWriter({
        dir,
        sync: mode === 'write' ? 'write' : 'fsync',
        syncIntervalMillis: options.syncIntervalMillis,
        retryDelayMillis: options.retryDelayMillis,
        nextSeq: Math.max(coveredSeq, replay.lastSeq) + 1,
        existing: replay.segments,
        openFile: options.openWalFile,
        onFlush: options.onWalFlush,
        onFailure: options.onWalFailure,
      });
      return { checkpoint, replay };
    },
    evictStale(nowMillis) {
      if (logging && wal !== undefined) {
        // Without the record, replay could not repeat this pass: skip it while the log fails.
        if (!wal.health().ok) return { markedStale: 0, evicted: 0 };
        wal.append((seq) => encodeEvictRecord(seq, nowMillis));
      }
      return series.evictStale(nowMillis);
    },
    flushed() {
      if (!logging || wal === undefined) return Promise.resolve();
      return wal.flushed().catch((error: unknown) => {
        throw new WalUnavailableError(error instanceof Error ? error : new Error(String(error)));
      });
    },
    async checkpoint() {
      if (dir === undefined) return undefined;
      // Every change to the store is a record in the log: with none since the last checkpoint
      // this process wrote, that checkpoint still holds the store, and an idle service does
      // not rewrite it every interval.
      if (logging && wal !== undefined && lastWritten?.covered === wal.lastSeq) {
        return { ...lastWritten.result, unchanged: true };
      }
      // The cut and the covered sequence number are taken in one synchronous step: every
      // record up to `covered` is applied, none after it.
      const cut = series.beginCut();
      const covered = wal?.lastSeq ?? coveredSeq;
      wal?.rotate();
      let written: CheckpointWriteResult;
      try {
        written = await writeCheckpoint({
          dir,
          cut,
          coveredSeq: covered,
          savedAtMillis: options.clock.now(),
          openSink: options.openCheckpointSink,
        });
      } finally {
        series.endCut();
      }
      coveredSeq = covered;
      await wal?.truncate(covered);
      lastWritten = { covered, result: written };
      return written;
    },
    health: () => (logging && wal !== undefined ? wal.health() : { ok: true }),
    async close() {
      await wal?.close();
    },
  };
}
