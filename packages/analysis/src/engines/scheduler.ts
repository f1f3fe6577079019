/**
 * The engine scheduler: evaluates each engine at the interval boundaries of its own interval
 * (multiples of `intervalMillis` since the epoch, as read from the injected clock), never
 * overlapping an engine with itself. Boundaries an engine misses because its previous
 * evaluation was still running are skipped and counted, as Prometheus's rule manager does
 * with its iterations.
 *
 * Two ways to drive it, both on the same boundaries so they compute the same results:
 * - live: `start()` arms the injected timer for the next boundary; each wake-up calls
 *   `tick()`, which evaluates every engine due at the clock's time (the newest boundary);
 * - catch-up (replay): `runUntil(at)` evaluates every boundary up to `at` in time order,
 *   one evaluation after another, skipping none.
 */
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

interface EngineState {
  engine: Engine;
  schedule: EngineSchedule;
  /** Last boundary evaluated (or being evaluated). */
  last: number;
  running: Promise<void> | undefined;
  /** Whether the engine's `start()` resolved, so `shutdown()` is owed. */
  engineStarted: boolean;
}

/** The newest boundary of `interval` at or before `atMillis`. */
export function boundaryAtOrBefore(atMillis: number, intervalMillis: number): number {
  return Math.floor(atMillis / intervalMillis) * intervalMillis;
}

/** Creates a scheduler; nothing runs until `start()`. */
export function createEngineScheduler(options: EngineSchedulerOptions): EngineScheduler {
  const { clock, logger, telemetry } = options;
  const elapsed = options.elapsedMillis ?? (() => performance.now());
  const states: EngineState[] = options.engines.map((engine) => ({
    engine,
    last: Number.NaN,
    running: undefined,
    engineStarted: false,
    schedule: {
      intervalSeconds: engine.intervalMillis / 1000,
      evaluations: 0,
      failures: 0,
      skipped: 0,
      running: false,
      lastBoundaryMillis: undefined,
      lastLagSeconds: undefined,
      lastError: undefined,
    },
  }));
  let started = false;
  let stopped: Promise<void> | undefined;
  let cancelTimer: (() => void) | undefined;

  const evaluate = async (state: EngineState, boundary: number, lagMillis: number) => {
    const { engine, schedule } = state;
    const missed = Math.round((boundary - state.last) / engine.intervalMillis) - 1;
    if (missed > 0) {
      schedule.skipped += missed;
      telemetry?.recordSkipped(engine.name, missed);
    }
    state.last = boundary;
    schedule.lastBoundaryMillis = boundary;
    schedule.lastLagSeconds = lagMillis / 1000;
    schedule.running = true;
    const context = {
      series: options.series,
      emit: (finding: Finding) => options.onFinding(finding),
    };
    const began = elapsed();
    let errorType: string | undefined;
    try {
      await engine.evaluate(boundary, context);
      schedule.lastError = undefined;
    } catch (error) {
      errorType = error instanceof Error ? error.name : 'Error';
      schedule.failures++;
      schedule.lastError = error instanceof Error ? error.message : String(error);
      logger?.error('engine evaluation failed', {
        engine: engine.name,
        at: new Date(boundary).toISOString(),
        error,
      });
    } finally {
      schedule.evaluations++;
      schedule.running = false;
      telemetry?.recordEvaluation(
        engine.name,
        Math.max(0, (elapsed() - began) / 1000),
        lagMillis / 1000,
        errorType,
      );
    }
  };

  /** Starts one evaluation and tracks it as the engine's running one. */
  const launch = (state: EngineState, boundary: number, lagMillis: number): Promise<void> => {
    const run = evaluate(state, boundary, lagMillis).finally(() => {
      state.running = undefined;
    });
    state.running = run;
    return run;
  };

  /** Launches every engine due at the clock's time; returns the evaluations launched. */
  const launchDue = (): Promise<void>[] => {
    if (!started || stopped) return [];
    const now = clock.now();
    const runs: Promise<void>[] = [];
    for (const state of states) {
      const boundary = boundaryAtOrBefore(now, state.engine.intervalMillis);
      if (boundary <= state.last) continue;
      // Still running: this boundary is skipped; the count is taken when the next one runs.
      if (state.running) continue;
      runs.push(launch(state, boundary, now - boundary));
    }
    return runs;
  };

  const tick = async (): Promise<void> => {
    await Promise.all(launchDue());
  };

  const nextDueMillis = (): number =>
    states.reduce((next, s) => Math.min(next, s.last + s.engine.intervalMillis), Infinity);

  /** When the next wake-up is useful: the next boundary of each engine not running now. */
  const nextWakeMillis = (now: number): number =>
    states.reduce((next, s) => {
      const interval = s.engine.intervalMillis;
      const due = s.running ? boundaryAtOrBefore(now, interval) + interval : s.last + interval;
      return Math.min(next, due);
    }, Infinity);

  const arm = (): void => {
    const timer = options.timer;
    if (!timer || stopped || states.length === 0) return;
    const delay = Math.max(0, nextWakeMillis(clock.now()) - clock.now());
    cancelTimer = timer.schedule(() => {
      cancelTimer = undefined;
      // Re-armed at once: a slow engine must not hold back the others' boundaries.
      const runs = launchDue();
      arm();
      return Promise.all(runs).then(() => undefined);
    }, delay);
  };

  return {
    engines: options.engines,
    async start() {
      if (started) throw new Error('engine scheduler: start() was already called');
      started = true;
      const now = clock.now();
      for (const state of states) {
        await state.engine.start?.();
        state.engineStarted = true;
        state.last = boundaryAtOrBefore(now, state.engine.intervalMillis);
      }
      arm();
    },
    tick,
    async runUntil(atMillis, runOptions = {}) {
      if (!started || stopped) return;
      const inclusive = runOptions.inclusive ?? true;
      for (;;) {
        let next: EngineState | undefined;
        for (const state of states) {
          if (state.running) await state.running;
          const due = state.last + state.engine.intervalMillis;
          if (
            (inclusive ? due <= atMillis : due < atMillis) &&
            (!next || due < next.last + next.engine.intervalMillis)
          ) {
            next = state;
          }
        }
        if (!next) return;
        const boundary = next.last + next.engine.intervalMillis;
        runOptions.beforeEvaluation?.(boundary);
        await launch(next, boundary, 0);
      }
    },
    nextDueMillis,
    schedules() {
      const out: Record<string, EngineSchedule> = {};
      for (const s of states) out[s.engine.name] = { ...s.schedule };
      return out;
    },
    shutdown() {
      stopped ??= (async () => {
        cancelTimer?.();
        cancelTimer = undefined;
        await Promise.all(states.map((s) => s.running));
        const errors: unknown[] = [];
        for (const state of [...states].reverse()) {
          // An engine that never started has no state to persist (and must not overwrite it).
          if (!state.engineStarted) continue;
          try {
            await state.engine.shutdown?.();
          } catch (error) {
            errors.push(
              new Error(
                `engine ${state.engine.name}: ${error instanceof Error ? error.message : String(error)}`,
                { cause: error },
              ),
            );
          }
        }
        if (errors.length > 0) {
          throw new AggregateError(errors, errors.map((e) => (e as Error).message).join('; '));
        }
      })();
      return stopped;
    },
  };
}
