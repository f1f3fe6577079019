/**
 * The engine runtime: the engines, their scheduler, the read-only series view they read and
 * the finding log they write into, assembled once so the service (live, on timers) and
 * `replay` (on the data's own timestamps) run engines the same way. With a finding store, the
 * log is refilled from it at `start()` and written behind to it after each evaluation and at
 * `shutdown()` (see `finding-writer.ts`, `finding-restore.ts`).
 */
import type { FindingStore } from '../store/finding-records.js';
import type { Clock } from '../series/types.js';
import type { Engine, EngineLogger, EngineReport } from './engine.js';
import { createFindingLog, DEFAULT_FINDING_LOG_CAPACITY } from './finding-log.js';
import type { FindingLog } from './finding-log.js';
import { restoreFindingLog } from './finding-restore.js';
import type { FindingRestoreResult } from './finding-restore.js';
import { createFindingWriter } from './finding-writer.js';
import type { FindingWriterStats } from './finding-writer.js';
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
  /** Where findings persist; without it the finding log lives in memory only. */
  findingStore?: FindingPersistenceOptions;
}

/** Options of the finding log's persistence. */
export interface FindingPersistenceOptions {
  /** The store. */
  store: FindingStore;
  /**
   * This replica's name when several share the store: it writes and restores its own findings.
   * @default '' (unnamed)
   */
  replica?: string;
  /**
   * Findings queued at most while the store does not take them (oldest dropped past it).
   * @default 10000
   */
  maxPending?: number;
  /** Findings were written (self-telemetry). */
  onWritten?: (count: number) => void;
  /** A write failed (self-telemetry). */
  onWriteFailed?: (error: unknown) => void;
  /** Queued findings were dropped, never written (self-telemetry). */
  onDropped?: (count: number) => void;
}

/** The finding log's persistence, as the status shows it. */
export interface FindingPersistenceStatus extends FindingWriterStats {
  /** What `start()` restored. */
  restored?: FindingRestoreResult;
  /** Why `start()` restored nothing, when the store failed. */
  restoreError?: string;
}

/** The assembled runtime. */
export interface EngineRuntime {
  readonly scheduler: EngineScheduler;
  readonly findings: FindingLog;
  /**
   * Refills the finding log from the finding store, if any (a failing store is logged and
   * the log starts empty), then starts the scheduler.
   */
  start(): Promise<void>;
  /** Shuts the scheduler down, then writes the findings still queued (even when it threw). */
  shutdown(): Promise<void>;
  /** Writes the findings queued for the store now; never rejects. */
  flushFindings(): Promise<void>;
  /** The persistence's counts; undefined without a finding store. */
  findingPersistence(): FindingPersistenceStatus | undefined;
  /** Each engine's own report merged with its schedule, in evaluation order. */
  statuses(): EngineStatus[];
}

/** Assembles the runtime; start and stop it through `scheduler`. */
export function createEngineRuntime(options: EngineRuntimeOptions): EngineRuntime {
  const persistence = options.findingStore;
  const writer =
    persistence &&
    createFindingWriter({
      ...persistence,
      now: () => options.clock.now(),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  const findings = createFindingLog({
    capacity: options.findingCapacity,
    logger: options.logger,
    onFinding: (finding) => {
      writer?.add(finding);
      options.onFinding?.(finding);
    },
  });
  let restored: FindingRestoreResult | undefined;
  let restoreError: string | undefined;
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
    // Write-behind: the evaluation's findings go to the store without holding anything up.
    ...(writer ? { afterEvaluation: () => void writer.flush() } : {}),
  });
  return {
    scheduler,
    findings,
    async start() {
      if (persistence) {
        try {
          restored = await restoreFindingLog(findings, persistence.store, {
            replica: persistence.replica ?? '',
            capacity: options.findingCapacity ?? DEFAULT_FINDING_LOG_CAPACITY,
            engines: new Set(
              options.engines.filter((e) => e.keepsFiringState === true).map((e) => e.name),
            ),
          });
        } catch (error) {
          restoreError = error instanceof Error ? error.message : String(error);
          options.logger?.error('findings: cannot restore from the store; the log starts empty', {
            error: restoreError,
          });
        }
      }
      await scheduler.start();
    },
    async shutdown() {
      try {
        await scheduler.shutdown();
      } finally {
        await writer?.flush();
      }
    },
    flushFindings: () => writer?.flush() ?? Promise.resolve(),
    findingPersistence() {
      if (!writer) return undefined;
      return {
        ...writer.stats(),
        ...(restored ? { restored } : {}),
        ...(restoreError === undefined ? {} : { restoreError }),
      };
    },
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
