/**
 * The engine runtime: the engines, their scheduler, the read-only series view they read and
 * the finding log they write into, assembled once so the service (live, on timers) and
 * `replay` (on the data's own timestamps) run engines the same way.
 */
import type { Clock } from '../series/types.js';
import type { Engine, EngineLogger, EngineReport } from './engine.js';
import { createFindingLog } from './finding-log.js';
import type { FindingLog } from './finding-log.js';
import type { Finding } from './findings.js';
import { createEngineScheduler } from './scheduler.js';
import type {
  EngineSchedule,
  EngineScheduler,
  SchedulerTelemetry,
  SchedulerTimer,
} from './scheduler.js';
import type { SeriesView } from './series-view.js';

/** An engine's report with its schedule, as `/api/v1/status` lists it. */
export interface EngineStatus extends EngineReport {
  /** How the scheduler ran it. */
  schedule: EngineSchedule;
}

/** Options of {@link createEngineRuntime}. */
export interface EngineRuntimeOptions {
  engines: readonly Engine[];
  clock: Clock;
  series: SeriesView;
  /** Live wake-ups; omitted for replay (driven by `scheduler.runUntil`). */
  timer?: SchedulerTimer;
  /** @default silent */
  logger?: EngineLogger;
  /** Scheduler self-telemetry. */
  telemetry?: SchedulerTelemetry;
  /** Told of every finding kept (self-telemetry). */
  onFinding?: (finding: Finding) => void;
  /**
   * Recent findings kept for `GET /api/v1/findings`.
   * @default 1000
   */
  findingCapacity?: number;
  /** Monotonic milliseconds for durations. @default performance.now */
  elapsedMillis?: () => number;
  /** See `EngineSchedulerOptions.shutdownWaitMillis`. @default 30000 */
  shutdownWaitMillis?: number;
}

/** The assembled runtime. */
export interface EngineRuntime {
  readonly scheduler: EngineScheduler;
  readonly findings: FindingLog;
  /** Each engine's own report merged with its schedule, in evaluation order. */
  statuses(): EngineStatus[];
}

/** Assembles the runtime; start and stop it through `scheduler`. */
export function createEngineRuntime(options: EngineRuntimeOptions): EngineRuntime {
  const findings = createFindingLog({
    capacity: options.findingCapacity,
    logger: options.logger,
    onFinding: options.onFinding,
  });
  const scheduler = createEngineScheduler({
    engines: options.engines,
    clock: options.clock,
    series: options.series,
    timer: options.timer,
    logger: options.logger,
    telemetry: options.telemetry,
    elapsedMillis: options.elapsedMillis,
    shutdownWaitMillis: options.shutdownWaitMillis,
    onFinding: (finding) => {
      findings.record(finding);
    },
  });
  return {
    scheduler,
    findings,
    statuses() {
      const schedules = scheduler.schedules();
      return scheduler.engines.map((engine) => {
        const schedule = schedules[engine.name] as EngineSchedule;
        let report: EngineReport;
        try {
          report = engine.report();
        } catch (error) {
          report = {
            name: engine.name,
            healthy: false,
            detail: { reportError: error instanceof Error ? error.message : String(error) },
          };
        }
        return {
          ...report,
          name: engine.name,
          // An engine whose last evaluation threw is unhealthy, whatever it says of itself.
          healthy: report.healthy && schedule.lastError === undefined,
          schedule,
        };
      });
    },
  };
}
