/**
 * The `checkpoint` component: the checkpoint scheduler of the series store (see
 * `checkpointer.ts`). While running it writes a checkpoint every interval, each truncating the
 * write-ahead log it covers, and retries a failed one with backoff; at shutdown, after the
 * components shut down before it (receivers, engines) stopped writing, it writes the final
 * one. Its health and the readiness checks `checkpoint` and `wal` say whether checkpoints
 * succeed and the log accepts writes.
 */
import type { Checkpointer } from './checkpointer.js';
import type { Component, ComponentHealth } from './component.js';
import type { DurabilityWiring } from './durability-wiring.js';
import type { ServiceLogger } from './logger.js';
import type { ServiceCore } from './service-core.js';

/** A readiness check of the API (`/readyz`), by name. */
export type ReadinessChecks = Record<string, { ok: boolean; message: string }>;

/** Options of {@link createCheckpointComponent}. */
export interface CheckpointComponentOptions {
  /** The core, once open. */
  core: () => ServiceCore;
  /** Creates the scheduler for the opened core and reports to the durability metrics. */
  durability: DurabilityWiring;
  logger: ServiceLogger;
  /**
   * Interval of periodic checkpoints, in milliseconds; 0 checkpoints only at shutdown.
   * @default 60000
   */
  intervalMillis?: number;
  /** First retry delay after a failed checkpoint, doubled per failure, in milliseconds. @default 1000 */
  retryMillis?: number;
  /**
   * Whether shutdown writes the final checkpoint; the service answers false when it failed
   * to start, so an aborted start writes nothing over the stored checkpoint.
   * @default always
   */
  finalCheckpoint?: () => boolean;
}

/** The checkpoint component and the readiness checks it contributes. */
export interface CheckpointComponent extends Component {
  /** The `checkpoint` and `wal` readiness checks (none before start). */
  checks(): ReadinessChecks;
}

/** Creates the checkpoint component. */
export function createCheckpointComponent(
  options: CheckpointComponentOptions,
): CheckpointComponent {
  const { logger } = options;
  const intervalMillis = options.intervalMillis ?? 60_000;
  let attached: { checkpointer: Checkpointer; checks: () => ReadinessChecks } | undefined;
  const checks = (): ReadinessChecks => attached?.checks() ?? {};
  return {
    name: 'checkpoint',
    checks,
    async start() {
      attached = options.durability.attach(options.core(), {
        intervalMillis,
        retryMillis: options.retryMillis,
      });
      attached.checkpointer.start();
    },
    async shutdown() {
      const checkpointer = attached?.checkpointer;
      if (!checkpointer) return;
      if (options.finalCheckpoint?.() === false) {
        await checkpointer.stop();
        return;
      }
      const saved = await checkpointer.shutdown();
      logger.info('series checkpoint saved', { series: saved });
    },
    report() {
      const last = attached?.checkpointer.lastCheckpointMillis();
      return {
        intervalSeconds: intervalMillis / 1000,
        lastPeriodicAt: last === undefined ? null : new Date(last).toISOString(),
      };
    },
    health(): ComponentHealth | undefined {
      if (!attached) return undefined;
      const failing = Object.entries(checks()).filter(([, check]) => !check.ok);
      if (failing.length === 0)
        return { ok: true, message: attached.checkpointer.health().message };
      return {
        ok: false,
        message: failing.map(([name, check]) => `${name}: ${check.message}`).join('; '),
      };
    },
  };
}
