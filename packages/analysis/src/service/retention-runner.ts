/**
 * One retention clean-up: for each kind of history with an age limit, delete old rows in
 * batches of `batchSize` (one short transaction each, a turn of the event loop between them,
 * so ingestion and the API keep running), then the baseline versions beyond the newest N.
 * A kind that fails is reported and the others still run.
 */
import { yieldToEventLoop } from '../event-loop.js';
import type { RetentionConfig } from '../config/retention-config.js';
import { AGE_RETENTION_KINDS } from '../store/retention-ops.js';
import type { RetentionStore } from '../store/retention-ops.js';

/** Kinds a run can delete: the age kinds and `baseline_versions`. */
export type RetentionKind = (typeof AGE_RETENTION_KINDS)[number] | 'baseline_versions';

/** What one run did. */
export interface RetentionRunResult {
  /** Rows deleted, by kind (kinds with nothing deleted are left out). */
  deleted: Partial<Record<RetentionKind, number>>;
  /** Kinds that failed, with the error. */
  failed: Partial<Record<RetentionKind, string>>;
  /** Transactions run. */
  batches: number;
}

/** Options of {@link runRetention}. */
export interface RetentionRunOptions {
  store: RetentionStore;
  config: RetentionConfig;
  /** Now, in epoch milliseconds. */
  nowMillis: number;
  /** Stop early (shutdown); checked between batches. */
  stopped?: () => boolean;
  /** Most batches per kind in one run; the rest waits for the next run. @default 10000 */
  maxBatchesPerKind?: number;
  /** Between batches. @default a turn of the event loop (setImmediate) */
  yieldBetweenBatches?: () => Promise<void>;
}

/** Runs one clean-up (see the module comment). */
export async function runRetention(options: RetentionRunOptions): Promise<RetentionRunResult> {
  const { store, config } = options;
  const pause = options.yieldBetweenBatches ?? yieldToEventLoop;
  const maxBatches = options.maxBatchesPerKind ?? 10_000;
  const result: RetentionRunResult = { deleted: {}, failed: {}, batches: 0 };
  const drain = async (kind: RetentionKind, batch: () => Promise<number>): Promise<void> => {
    let total = 0;
    try {
      for (let i = 0; i < maxBatches && !options.stopped?.(); i++) {
        const n = await batch();
        result.batches++;
        total += n;
        if (n < config.batchSize) break;
        await pause();
      }
    } catch (error) {
      result.failed[kind] = error instanceof Error ? error.message : String(error);
    }
    if (total > 0) result.deleted[kind] = total;
  };
  for (const kind of AGE_RETENTION_KINDS) {
    const age = config.maxAgeMillis[kind];
    if (age <= 0) continue;
    const before = options.nowMillis - age;
    await drain(kind, () => store.pruneOlderThan(kind, before, config.batchSize));
  }
  if (config.baselineVersions > 0) {
    await drain('baseline_versions', () =>
      store.pruneBaselineVersions(config.baselineVersions, config.batchSize),
    );
  }
  return result;
}
