import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { AnalysisConfig, SeriesProcessorConfig } from '../config/types.js';
import { createIngestPipeline } from '../pipeline/ingest-pipeline.js';
import type { IngestPipeline } from '../pipeline/types.js';
import { createSeriesStore } from '../series/series-store.js';
import type { SeriesStore } from '../series/series-store.js';
import { SERIES_SNAPSHOT_VERSION } from '../series/snapshot.js';
import type { SeriesStoreSnapshot } from '../series/snapshot.js';
import type { Clock } from '../series/types.js';
import { openStore } from '../store/open-store.js';
import type { MonitoringStore } from '../store/types.js';
import type { StoreLock } from '../store/store-lock.js';
import type { CheckpointWriteResult } from '../wal/checkpoint-writer.js';
import { lockDurabilityDir } from './durability-dir-lock.js';
import type { ServiceLogger } from './logger.js';
import { createSeriesDurability } from './series-durability.js';
import type {
  DurabilityOpenReport,
  SeriesDurability,
  SeriesDurabilityOptions,
  WalSyncMode,
} from './series-durability.js';

/** Checkpoint key of the series store in the persistent store. */
export const SERIES_CHECKPOINT_KEY = 'series-store';

/** Options of {@link openServiceCore}. */
export interface ServiceCoreOptions {
  clock: Clock;
  logger: ServiceLogger;
  /**
   * The series store's start time for the first-point rule of cumulative streams (see
   * `SeriesStoreOptions.startTimeMillis`): a stream's first cumulative point counts whole
   * only if its start time is at or after this. `replay` passes 0, since a recording holds
   * its producers' history. @default the clock's time at open
   */
  seriesStartTimeMillis?: number;
  /** Told the duration of each store operation, for self-telemetry. @default no-op */
  onStoreOperation?: (operation: string, seconds: number, errorType?: string) => void;
  /**
   * Overrides the configured write-ahead log sync (`replay` passes `off`: it checkpoints at
   * the end instead). @default `processors.series.wal.sync`
   */
  walSync?: WalSyncMode;
  /** Hooks and fault-injection seams of the durability layer (see `series-durability.ts`). */
  durability?: Pick<
    SeriesDurabilityOptions,
    'openWalFile' | 'openCheckpointSink' | 'onWalFlush' | 'onWalFailure'
  >;
}

/** The store, the series store restored from its checkpoint, and the pipeline writing into it. */
export interface ServiceCore {
  readonly store: MonitoringStore;
  readonly series: SeriesStore;
  readonly pipeline: IngestPipeline;
  /** Series restored at open: from the checkpoint, then by log replay (0 when none). */
  readonly restoredSeries: number;
  /** What start-up found in the checkpoint and the write-ahead log. */
  readonly opened: DurabilityOpenReport;
  /** The write-ahead log and checkpoints. */
  readonly durability: SeriesDurability;
  /**
   * Writes a checkpoint of the series store (in slices) and truncates the log it covers;
   * resolves with the series saved (the store's count when nothing is kept on disk).
   */
  checkpoint(): Promise<number>;
  /** Like {@link checkpoint}, with the write's details (undefined when nothing is kept). */
  checkpointDetailed(): Promise<CheckpointWriteResult | undefined>;
  /** Closes the write-ahead log and the persistent store (does not checkpoint). */
  close(): Promise<void>;
}

/** The `series` processor the pipelines use (the first one defined), if any. */
export function seriesProcessor(config: AnalysisConfig): SeriesProcessorConfig | undefined {
  const used = new Set(Object.values(config.service.pipelines).flatMap((p) => p.processors));
  const all = Object.values(config.processors).filter(
    (p): p is SeriesProcessorConfig => p.type === 'series',
  );
  return all.find((p) => used.has(p.id)) ?? all[0];
}

/** The store URL or options of the configuration. */
export function storeTarget(config: AnalysisConfig): Parameters<typeof openStore>[0] {
  return config.store.kind === 'sqlite'
    ? { kind: 'sqlite', path: config.store.path }
    : config.store.url.reveal();
}

/**
 * The directory of the write-ahead log and checkpoint files: `processors.series.wal.dir`,
 * else `PATH.series-wal` beside a SQLite file `PATH`, else (PostgreSQL)
 * `./monitoring-data/wal-<hash>`, named after the store so two stores never share one (two
 * SQLite files in one directory included); undefined for an in-memory store.
 */
export function durabilityDir(config: AnalysisConfig): string | undefined {
  const configured = seriesProcessor(config)?.wal?.dir;
  if (configured !== undefined) return configured;
  if (config.store.kind === 'sqlite') {
    const path = config.store.path;
    if (path === '' || path === ':memory:') return undefined;
    return sqliteDurabilityDir(path);
  }
  const hash = createHash('sha256').update(config.store.display).digest('hex').slice(0, 12);
  return join('monitoring-data', `wal-${hash}`);
}

/** The default durability directory of the SQLite store file `path`: `PATH.series-wal`. */
export function sqliteDurabilityDir(path: string): string {
  return join(dirname(path), `${basename(path)}.series-wal`);
}

/** Where the configured store lives, safe to print. */
export function storeLocation(config: AnalysisConfig): string {
  return config.store.kind === 'sqlite' ? config.store.url : config.store.display;
}

/**
 * Opens the persistent store, creates the series store from the `series` processor's
 * settings, restores its checkpoint and creates the ingest pipeline. Used by the service
 * and by `replay`.
 *
 * A checkpoint that cannot be restored (another format version, corrupt data) is kept under
 * `series-store.unrestored-<time>` and the series store starts empty, so a later checkpoint
 * does not overwrite the only copy.
 */
export async function openServiceCore(
  config: AnalysisConfig,
  options: ServiceCoreOptions,
): Promise<ServiceCore> {
  const { clock, logger } = options;
  const timed = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const value = await run();
      options.onStoreOperation?.(operation, (performance.now() - started) / 1000);
      return value;
    } catch (error) {
      const type = error instanceof Error ? error.name : 'Error';
      options.onStoreOperation?.(operation, (performance.now() - started) / 1000, type);
      throw error;
    }
  };

  const processor = seriesProcessor(config);
  const series = createSeriesStore({
    clock,
    ringCapacity: processor?.windowCapacity,
    cardinalityLimit: processor?.cardinalityLimit,
    stalenessMillis: processor?.stalenessMillis,
    retentionMillis: processor?.retentionMillis,
    maxSeries: processor?.maxSeries,
    maxMemoryBytes: processor?.maxMemoryBytes,
    evictionMinIdleMillis: processor?.evictionMinIdleMillis,
    maxNameLength: processor?.maxNameLength,
    maxAttributeKeyLength: processor?.maxAttributeKeyLength,
    maxAttributeValueLength: processor?.maxAttributeValueLength,
    maxAttributes: processor?.maxAttributes,
    startTimeMillis: options.seriesStartTimeMillis,
  });
  const store = await openStore(storeTarget(config), { now: () => clock.now() });
  const dir = durabilityDir(config);
  let dirLock: StoreLock | undefined;
  try {
    dirLock = dir === undefined ? undefined : lockDurabilityDir(dir, logger);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  const durability = createSeriesDurability({
    dir,
    sync: options.walSync ?? processor?.wal?.sync,
    syncIntervalMillis: processor?.wal?.syncIntervalMillis,
    series,
    clock,
    createPipeline: (pinned) => createIngestPipeline({ store: series, clock: pinned }),
    ...options.durability,
  });
  let opened: DurabilityOpenReport;
  try {
    opened = await timed('checkpoint.read', () =>
      durability.open(() => restoreStoredCheckpoint(store, series, clock, logger, timed)),
    );
  } catch (error) {
    await store.close().catch(() => undefined);
    dirLock?.release();
    throw new Error(
      `store ${storeLocation(config)}: reading the series checkpoint failed: ${String(error)}`,
      { cause: error },
    );
  }
  reportOpened(opened, logger);
  const checkpointDetailed = (): Promise<CheckpointWriteResult | undefined> =>
    timed('checkpoint.write', () => durability.checkpoint());
  return {
    store,
    // Housekeeping goes through the log, so replay repeats it.
    series: { ...series, evictStale: (now = clock.now()) => durability.evictStale(now) },
    pipeline: durability.pipeline,
    restoredSeries: series.stats().series,
    opened,
    durability,
    checkpointDetailed,
    async checkpoint() {
      const written = await checkpointDetailed();
      return written?.series ?? series.stats().series;
    },
    async close() {
      try {
        await durability.close();
      } finally {
        dirLock?.release();
        await store.close();
      }
    },
  };
}

type Timed = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

/**
 * Restores the series checkpoint of the format before checkpoint files (one JSON value in
 * the store under `series-store`, version 1), used when the durability directory holds no
 * checkpoint yet. One that cannot be restored is kept under `series-store.unrestored-<time>`.
 */
async function restoreStoredCheckpoint(
  store: MonitoringStore,
  series: SeriesStore,
  clock: Clock,
  logger: ServiceLogger,
  timed: Timed,
): Promise<void> {
  const saved = await store.getCheckpoint(SERIES_CHECKPOINT_KEY);
  if (!saved) return;
  const restored =
    saved.version === SERIES_SNAPSHOT_VERSION
      ? series.restore(saved.data as SeriesStoreSnapshot)
      : ({
          ok: false,
          error: new Error(
            `checkpoint format version ${saved.version}, this version reads ${SERIES_SNAPSHOT_VERSION}`,
          ),
        } as const);
  if (restored.ok) {
    logger.info('series checkpoint restored', { series: restored.value.series, format: 1 });
    return;
  }
  const keptAs = `${SERIES_CHECKPOINT_KEY}.unrestored-${clock.now()}`;
  await timed('checkpoint.write', () =>
    store.putCheckpoint({ key: keptAs, version: saved.version, data: saved.data }),
  );
  logger.warn('series checkpoint not restored; starting empty', {
    reason: restored.error.message,
    keptAs,
  });
}

function reportOpened(opened: DurabilityOpenReport, logger: ServiceLogger): void {
  const { checkpoint, replay } = opened;
  if (checkpoint.path !== undefined) {
    logger.info('series checkpoint restored', {
      series: checkpoint.series,
      path: checkpoint.path,
      coveredSeq: checkpoint.coveredSeq,
    });
  }
  if (checkpoint.refused !== undefined) {
    logger.warn('series checkpoint not restored; starting empty', { reason: checkpoint.refused });
  }
  const lost = checkpoint.damagedRecords + checkpoint.droppedSeries + checkpoint.missingSeries;
  if (lost > 0 || !(checkpoint.headerIntact || checkpoint.path === undefined)) {
    logger.warn('series checkpoint damaged: damaged records dropped, the rest restored', {
      damagedRecords: checkpoint.damagedRecords,
      droppedSeries: checkpoint.droppedSeries,
      missingSeries: checkpoint.missingSeries,
      headerIntact: checkpoint.headerIntact,
      problems: checkpoint.problems.join('; '),
    });
  }
  if (replay.applied > 0) {
    logger.info('write-ahead log replayed', { records: replay.applied, lastSeq: replay.lastSeq });
  }
  if (replay.damaged + replay.undecodable + replay.failed > 0) {
    logger.warn('write-ahead log damaged: damaged records skipped', {
      damaged: replay.damaged,
      undecodable: replay.undecodable,
      failed: replay.failed,
      problems: replay.problems.join('; '),
    });
  }
}
