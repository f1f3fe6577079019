/**
 * Periodic checkpoints of the series store, with retry and readiness: a failed checkpoint
 * (a full disk, an I/O error) is logged, counted, makes {@link Checkpointer.health} not ok
 * (so `/readyz` answers 503) and is retried with exponential backoff, from `retryMillis`
 * up to the interval, until one succeeds. Nothing acknowledged is lost meanwhile: the
 * write-ahead log is truncated only by a checkpoint that succeeded.
 */
import type { ServiceLogger } from './logger.js';

/** Options of {@link createCheckpointer}. */
export interface CheckpointerOptions {
  /** Writes one checkpoint; resolves with the series saved. */
  checkpoint: () => Promise<number>;
  /** Between successful checkpoints, in milliseconds; 0 checkpoints only at shutdown. */
  intervalMillis: number;
  /** First retry delay after a failure, doubled per failure up to the interval. @default 1000 */
  retryMillis?: number;
  logger: ServiceLogger;
  /** Wall clock, ms since the epoch (checkpoint age). @default Date.now */
  nowMillis?: () => number;
  /** Told each failure. */
  onFailure?: (error: unknown) => void;
}

/** The checkpoint scheduler. */
export interface Checkpointer {
  /** Schedules the periodic checkpoints. */
  start(): void;
  /** Stops the schedule, waits for a checkpoint in flight, and writes the final one. */
  shutdown(): Promise<number>;
  /**
   * Stops the schedule and waits for a checkpoint in flight, writing no final one (a start
   * that was aborted leaves the stored checkpoint as it was).
   */
  stop(): Promise<void>;
  /** Not ok from a failed checkpoint until the next success. */
  health(): { ok: boolean; message: string };
  /** When the last checkpoint succeeded (or the checkpointer started), ms since the epoch. */
  lastSuccessMillis(): number;
  /** When the last checkpoint succeeded, ms since the epoch; undefined before the first. */
  lastCheckpointMillis(): number | undefined;
}

/** Creates the scheduler; nothing runs until `start()`. */
export function createCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { logger, intervalMillis } = options;
  const now = options.nowMillis ?? Date.now;
  const retryMillis = options.retryMillis ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number | undefined> | undefined;
  let failures = 0;
  let lastError: string | undefined;
  let lastSuccess = now();
  let succeeded = false;
  let stopped = false;

  const schedule = (delay: number): void => {
    if (stopped || intervalMillis <= 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void runOnce();
    }, delay);
    timer.unref();
  };

  const runOnce = (): Promise<number | undefined> => {
    running = (async () => {
      try {
        const saved = await options.checkpoint();
        if (failures > 0) logger.info('series checkpoint succeeded again', { series: saved });
        failures = 0;
        lastError = undefined;
        lastSuccess = now();
        succeeded = true;
        schedule(intervalMillis);
        return saved;
      } catch (error) {
        failures++;
        lastError = error instanceof Error ? error.message : String(error);
        const retryIn = Math.min(
          retryMillis * 2 ** (failures - 1),
          Math.max(intervalMillis, retryMillis),
        );
        logger.error('series checkpoint failed; retrying', {
          error,
          failures,
          retryInMillis: retryIn,
        });
        try {
          options.onFailure?.(error);
        } catch {
          // Reporting must not stop the retries.
        }
        schedule(retryIn);
        return undefined;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const stop = async (): Promise<void> => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    await running;
  };

  return {
    start() {
      schedule(intervalMillis);
    },
    stop,
    async shutdown() {
      // A checkpoint in flight would otherwise race the final one (and could land after it).
      await stop();
      try {
        const saved = await options.checkpoint();
        lastSuccess = now();
        succeeded = true;
        failures = 0;
        return saved;
      } catch (error) {
        failures++;
        lastError = error instanceof Error ? error.message : String(error);
        options.onFailure?.(error);
        throw error;
      }
    },
    health() {
      if (failures === 0) {
        const every = intervalMillis > 0 ? `every ${intervalMillis / 1000}s` : 'at shutdown only';
        return {
          ok: true,
          message: succeeded
            ? `last checkpoint ${new Date(lastSuccess).toISOString()} (${every})`
            : `no checkpoint yet (${every})`,
        };
      }
      return {
        ok: false,
        message: `${failures} checkpoint(s) failed in a row, last: ${lastError}; retrying (acknowledged data is kept in the write-ahead log)`,
      };
    },
    lastSuccessMillis: () => lastSuccess,
    lastCheckpointMillis: () => (succeeded ? lastSuccess : undefined),
  };
}
