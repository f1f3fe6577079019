/** Public types of the engine scheduler (see `scheduler.ts`). */
import type { Clock } from '../series/types.js';
import type { Engine, EngineLogger } from './engine.js';
import type { Finding } from './findings.js';
import type { SeriesView } from './series-view.js';

/** A one-shot timer (the service passes `setTimeout`, tests a manual one). */
export interface SchedulerTimer {
  /**
   * Calls `callback` once after `delayMillis`; the returned function cancels it. The callback
   * resolves when the evaluations it launched end (a manual timer in tests may await it).
   */
  schedule(callback: () => Promise<void>, delayMillis: number): () => void;
}

/** The scheduler's self-telemetry hooks. */
export interface SchedulerTelemetry {
  /** One evaluation of `engine` took `durationSeconds`, started `lagSeconds` after its boundary. */
  recordEvaluation(
    engine: string,
    durationSeconds: number,
    lagSeconds: number,
    errorType?: string,
  ): void;
  /** `engine` skipped `boundaries` interval boundaries. */
  recordSkipped(engine: string, boundaries: number): void;
}

/** Options of {@link createEngineScheduler}. */
export interface EngineSchedulerOptions {
  /** The engines, with unique names (see `createEngines`). */
  engines: readonly Engine[];
  /** The time source of the boundaries (the replay clock during `replay`). */
  clock: Clock;
  /** What engines read. */
  series: SeriesView;
  /** Receives every finding an engine emits. */
  onFinding: (finding: Finding) => void;
  /**
   * Called after each evaluation of `engine` ends (failed ones included), once its findings
   * went to `onFinding`; it must not throw.
   */
  afterEvaluation?: (engine: string) => void;
  /** Arms live wake-ups; without it, only `tick()` and `runUntil()` evaluate. */
  timer?: SchedulerTimer;
  /** @default silent */
  logger?: EngineLogger;
  /** @default none */
  telemetry?: SchedulerTelemetry;
  /**
   * Monotonic milliseconds for evaluation durations.
   * @default performance.now
   */
  elapsedMillis?: () => number;
  /**
   * With a `timer`: how long shutdown waits for a running evaluation, in milliseconds. An
   * engine still evaluating after it is not shut down (its state is not saved, rather than
   * saved from the middle of an evaluation), and shutdown reports it. Without a timer
   * (replay), shutdown waits as long as evaluations take.
   * @default 30000
   */
  shutdownWaitMillis?: number;
}

/** What the scheduler knows about one engine, merged into its report for the status. */
export interface EngineSchedule {
  /** Evaluation interval, in seconds. */
  intervalSeconds: number;
  /** Evaluations finished (failed ones included). */
  evaluations: number;
  /** Evaluations that threw. */
  failures: number;
  /** Boundaries skipped because the previous evaluation was still running. */
  skipped: number;
  /** Whether an evaluation is running now. */
  running: boolean;
  /** The last boundary evaluated (or being evaluated), ms since the epoch. */
  lastBoundaryMillis: number | undefined;
  /** Start lag of the last evaluation, in seconds. */
  lastLagSeconds: number | undefined;
  /** The message of the last failure, while the engine has not evaluated successfully since. */
  lastError: string | undefined;
}

/** Options of {@link EngineScheduler.runUntil}. */
export interface RunUntilOptions {
  /**
   * Whether a boundary at exactly `atMillis` is evaluated.
   * @default true
   */
  inclusive?: boolean;
  /** Called with each boundary before its evaluation. */
  beforeEvaluation?: (boundaryMillis: number) => void;
}

/** The scheduler. */
export interface EngineScheduler {
  /** Starts the engines (their `start()`, in order) and arms the timer, if any. */
  start(): Promise<void>;
  /**
   * Evaluates every engine whose newest boundary at the clock's time was not evaluated yet;
   * an engine still running skips it. Resolves when the evaluations it started end.
   */
  tick(): Promise<void>;
  /**
   * Evaluates every boundary up to `atMillis` (included unless `inclusive` is false) of every
   * engine, in time order, none skipped. `beforeEvaluation` is called with each boundary
   * first (a replay clock moves to it).
   */
  runUntil(atMillis: number, options?: RunUntilOptions): Promise<void>;
  /** The earliest boundary not evaluated yet, over all engines (Infinity without engines). */
  nextDueMillis(): number;
  /** Scheduling state per engine name. */
  schedules(): Record<string, EngineSchedule>;
  /** The engines, in evaluation order. */
  readonly engines: readonly Engine[];
  /**
   * Disarms the timer, waits for running evaluations and shuts the engines down (in reverse
   * order), aggregating their errors. Idempotent.
   */
  shutdown(): Promise<void>;
}
