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
import type { EngineSchedule, EngineScheduler, EngineSchedulerOptions } from './scheduler-types.js';
import type { Engine } from './engine.js';
import type { Finding } from './findings.js';

export type {
  EngineSchedule,
  EngineScheduler,
  EngineSchedulerOptions,
  RunUntilOptions,
  SchedulerTelemetry,
  SchedulerTimer,
} from './scheduler-types.js';

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
      options.afterEvaluation?.(engine.name);
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

  /** Waits for running evaluations (bounded with a timer); resolves with those still running. */
  const waitForEvaluations = async (): Promise<Set<EngineState>> => {
    const running = states.filter((s) => s.running);
    const timer = options.timer;
    if (!timer) {
      await Promise.all(running.map((s) => s.running));
      return new Set();
    }
    let cancel: (() => void) | undefined;
    const deadline = new Promise<void>((resolve) => {
      cancel = timer.schedule(async () => resolve(), options.shutdownWaitMillis ?? 30_000);
    });
    await Promise.race([Promise.all(running.map((s) => s.running)), deadline]);
    cancel?.();
    return new Set(running.filter((s) => s.running));
  };

  return {
    engines: options.engines,
    async start() {
      if (started) throw new Error('engine scheduler: start() was already called');
      started = true;
      const now = clock.now();
      for (const state of states) {
        try {
          await state.engine.start?.();
        } catch (error) {
          throw new Error(
            `engine ${state.engine.name}: start failed: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        }
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
        const stuck = await waitForEvaluations();
        const errors: unknown[] = [];
        for (const state of [...states].reverse()) {
          // An engine that never started has no state to persist (and must not overwrite it).
          if (!state.engineStarted) continue;
          if (stuck.has(state)) {
            const waited = (options.shutdownWaitMillis ?? 30_000) / 1000;
            errors.push(
              new Error(
                `engine ${state.engine.name}: an evaluation was still running after ${waited}s; the engine was not shut down and its state not saved`,
              ),
            );
            continue;
          }
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
