/**
 * The `checkpoint` component: saves the series store into the persistent store periodically
 * while running (so a crash loses at most one interval) and once more at shutdown, after the
 * components shut down before it (receivers, engines) stopped writing.
 */
import type { Component } from './component.js';
import type { ServiceLogger } from './logger.js';
import type { ServiceCore } from './service-core.js';

/** Options of {@link createCheckpointComponent}. */
export interface CheckpointComponentOptions {
  /** The core, once open. */
  core: () => ServiceCore;
  logger: ServiceLogger;
  /**
   * Interval of periodic checkpoints, in milliseconds; 0 checkpoints only at shutdown.
   * @default 60000
   */
  intervalMillis?: number;
  /**
   * Whether shutdown writes the final checkpoint; the service answers false when it failed
   * to start, so an aborted start writes nothing over the stored checkpoint.
   * @default always
   */
  finalCheckpoint?: () => boolean;
}

/** Creates the checkpoint component. */
export function createCheckpointComponent(options: CheckpointComponentOptions): Component {
  const { logger } = options;
  const intervalMillis = options.intervalMillis ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  /** The periodic checkpoint still being written, if any (never rejects). */
  let periodic: Promise<unknown> | undefined;
  let lastFailure: string | undefined;
  let lastSuccessMillis: number | undefined;
  return {
    name: 'checkpoint',
    async start() {
      started = true;
      if (intervalMillis <= 0) return;
      timer = setInterval(() => {
        if (periodic) return;
        periodic = options
          .core()
          .checkpoint()
          .then(
            () => {
              lastFailure = undefined;
              lastSuccessMillis = Date.now();
            },
            (error: unknown) => {
              lastFailure = error instanceof Error ? error.message : String(error);
              logger.error('periodic checkpoint failed', { error });
            },
          )
          .finally(() => {
            periodic = undefined;
          });
      }, intervalMillis);
      timer.unref();
    },
    async shutdown() {
      clearInterval(timer);
      timer = undefined;
      if (!started) return;
      started = false;
      if (options.finalCheckpoint?.() === false) {
        await periodic;
        return;
      }
      // A periodic checkpoint still being written would otherwise race this one (and could
      // land after it, leaving the older snapshot) or find the store already closed.
      await periodic;
      const saved = await options.core().checkpoint();
      logger.info('series checkpoint saved', { series: saved });
    },
    report() {
      return {
        intervalSeconds: intervalMillis / 1000,
        lastPeriodicAt:
          lastSuccessMillis === undefined ? null : new Date(lastSuccessMillis).toISOString(),
      };
    },
    health() {
      return lastFailure === undefined
        ? undefined
        : { ok: false, message: `last periodic checkpoint failed: ${lastFailure}` };
    },
  };
}
