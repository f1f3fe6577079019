/**
 * What the service wires around the series store's durability: the self-metrics of the
 * write-ahead log and checkpoints (and of event-loop stalls), the checkpoint scheduler, and
 * the readiness checks `checkpoint` and `wal`. Kept apart so the service only composes it.
 */
import type { AnalysisConfig } from '../config/types.js';
import type { Telemetry } from '../telemetry/create-telemetry.js';
import { createDurabilityMetrics } from '../telemetry/durability-metrics.js';
import { MONITOR_SCOPE_NAME } from '../telemetry/names.js';
import { createCheckpointer } from './checkpointer.js';
import type { Checkpointer } from './checkpointer.js';
import type { ServiceLogger } from './logger.js';
import type { ServiceCore, ServiceCoreOptions } from './service-core.js';

/** Options of {@link createDurabilityWiring}. */
export interface DurabilityWiringOptions {
  config: AnalysisConfig;
  telemetry: Telemetry;
  logger: ServiceLogger;
  /** Fault-injection seams and hooks from the service's options (tests). */
  overrides?: ServiceCoreOptions['durability'];
}

/** See the module comment. */
export interface DurabilityWiring {
  /** The hooks to open the service core with. */
  readonly coreHooks: NonNullable<ServiceCoreOptions['durability']>;
  /**
   * Reports what opening found and creates the checkpoint scheduler (not started) with the
   * readiness checks for the API.
   */
  attach(
    core: ServiceCore,
    schedule: { intervalMillis: number; retryMillis?: number },
  ): {
    checkpointer: Checkpointer;
    checks: () => Record<string, { ok: boolean; message: string }>;
  };
  /** Stops the event-loop monitor. */
  shutdown(): void;
}

/** Creates the metrics now (the core reports to them while it opens). */
export function createDurabilityWiring(options: DurabilityWiringOptions): DurabilityWiring {
  const { config, telemetry, logger } = options;
  const metrics = createDurabilityMetrics(telemetry.meterProvider.getMeter(MONITOR_SCOPE_NAME), {
    level: config.service.telemetry.metricsLevel,
  });
  return {
    coreHooks: {
      onWalFlush: (_bytes, seconds) => metrics.recordWalFlush(seconds),
      onWalFailure: (error) => {
        metrics.recordWalFailure(errorType(error));
        logger.error('write-ahead log failed; refusing data until it recovers', { error });
      },
      ...options.overrides,
    },
    attach(core, schedule) {
      const { checkpoint, replay } = core.opened;
      metrics.recordDamaged('checkpoint', checkpoint.damagedRecords + checkpoint.droppedSeries);
      metrics.recordDamaged('wal', replay.damaged + replay.undecodable);
      const checkpointer = createCheckpointer({
        checkpoint: () => core.checkpoint(),
        intervalMillis: schedule.intervalMillis,
        retryMillis: schedule.retryMillis,
        logger,
        onFailure: (error) => metrics.recordCheckpointFailure(errorType(error)),
      });
      metrics.observeCheckpointAge(checkpointer.lastSuccessMillis, Date.now);
      const checks = (): Record<string, { ok: boolean; message: string }> => {
        const wal = core.durability.health();
        return {
          checkpoint: checkpointer.health(),
          wal: wal.ok
            ? { ok: true, message: `${core.durability.sync} in ${core.durability.dir}` }
            : { ok: false, message: wal.error.message },
        };
      };
      return { checkpointer, checks };
    },
    shutdown: () => metrics.shutdown(),
  };
}

/** The `error.type` of a failure: the first system error code along its causes, else its name. */
export function errorType(error: unknown): string {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    e = e.cause;
  }
  return error instanceof Error ? error.name : 'Error';
}
