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
import type { ServiceLogger } from './logger.js';

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
}

/** The store, the series store restored from its checkpoint, and the pipeline writing into it. */
export interface ServiceCore {
  readonly store: MonitoringStore;
  readonly series: SeriesStore;
  readonly pipeline: IngestPipeline;
  /** Series restored from the checkpoint at open (0 when there was none). */
  readonly restoredSeries: number;
  /** Saves the series store's snapshot into the store; resolves with the series saved. */
  checkpoint(): Promise<number>;
  /** Closes the persistent store (does not checkpoint). */
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
  let restoredSeries = 0;
  try {
    const saved = await timed('checkpoint.read', () => store.getCheckpoint(SERIES_CHECKPOINT_KEY));
    if (saved) {
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
        restoredSeries = restored.value.series;
        logger.info('series checkpoint restored', { series: restoredSeries });
      } else {
        const keptAs = `${SERIES_CHECKPOINT_KEY}.unrestored-${clock.now()}`;
        await timed('checkpoint.write', () =>
          store.putCheckpoint({ key: keptAs, version: saved.version, data: saved.data }),
        );
        logger.warn('series checkpoint not restored; starting empty', {
          reason: restored.error.message,
          keptAs,
        });
      }
    }
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new Error(
      `store ${storeLocation(config)}: reading the series checkpoint failed: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  const pipeline = createIngestPipeline({ store: series, clock });
  return {
    store,
    series,
    pipeline,
    restoredSeries,
    async checkpoint() {
      const snapshot = series.snapshot();
      await timed('checkpoint.write', () =>
        store.putCheckpoint({
          key: SERIES_CHECKPOINT_KEY,
          version: snapshot.version,
          data: snapshot,
        }),
      );
      return snapshot.series.length;
    },
    close: () => store.close(),
  };
}
