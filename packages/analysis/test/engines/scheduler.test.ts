import { describe, expect, it } from 'vitest';
import type { Engine, EngineContext } from '../../src/engines/engine.js';
import { createEngineScheduler } from '../../src/engines/scheduler.js';
import type { SchedulerTelemetry } from '../../src/engines/scheduler.js';
import type { SeriesView } from '../../src/engines/series-view.js';
import { manualTimer } from '../helpers/manual-timer.js';

const EMPTY_VIEW: SeriesView = { select: () => [], totals: () => undefined, samples: () => [] };

/** An engine recording the times it was evaluated at; `gate` holds an evaluation open. */
function recordingEngine(name: string, intervalMillis: number) {
  const evaluatedAt: number[] = [];
  let gate: Promise<void> | undefined;
  const engine: Engine & { evaluatedAt: number[]; hold(): () => void } = {
    name,
    intervalMillis,
    evaluatedAt,
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
    async evaluate(at: number, _context: EngineContext) {
      evaluatedAt.push(at);
      if (gate) await gate;
    },
    report: () => ({ name, healthy: true }),
  };
  return engine;
}

function recordingTelemetry(): SchedulerTelemetry & {
  evaluations: { engine: string; lag: number; errorType?: string }[];
  skipped: number;
} {
  const t = {
    evaluations: [] as { engine: string; lag: number; errorType?: string }[],
    skipped: 0,
    recordEvaluation(engine: string, _d: number, lag: number, errorType?: string) {
      t.evaluations.push({ engine, lag, ...(errorType ? { errorType } : {}) });
    },
    recordSkipped(_engine: string, n: number) {
      t.skipped += n;
    },
  };
  return t;
}

describe('engine scheduler', () => {
  it('evaluates at each interval boundary of the injected clock, arming the timer for the next', async () => {
    const B = 1_000_005_000; // a multiple of 15 s since the epoch
    let now = B + 7_000;
    const timer = manualTimer();
    const engine = recordingEngine('e', 15_000);
    const telemetry = recordingTelemetry();
    const scheduler = createEngineScheduler({
      engines: [engine],
      clock: { now: () => now },
      series: EMPTY_VIEW,
      onFinding: () => undefined,
      timer,
      telemetry,
    });
    await scheduler.start();
    expect(timer.pending()).toEqual({ delay: 8_000 });
    now = B + 15_250;
    await timer.fire();
    expect(engine.evaluatedAt).toEqual([B + 15_000]);
    expect(telemetry.evaluations).toEqual([{ engine: 'e', lag: 0.25 }]);
    expect(timer.pending()).toEqual({ delay: 14_750 });
    now = B + 30_000;
    await timer.fire();
    expect(engine.evaluatedAt).toEqual([B + 15_000, B + 30_000]);
    await scheduler.shutdown();
    expect(timer.pending()).toBeUndefined();
  });

  it('never overlaps an engine with itself: a slow evaluation skips boundaries and counts them', async () => {
    let now = 0;
    const timer = manualTimer();
    const slow = recordingEngine('slow', 10_000);
    const fast = recordingEngine('fast', 10_000);
    const telemetry = recordingTelemetry();
    const scheduler = createEngineScheduler({
      engines: [slow, fast],
      clock: { now: () => now },
      series: EMPTY_VIEW,
      onFinding: () => undefined,
      timer,
      telemetry,
    });
    await scheduler.start();
    const release = slow.hold();
    now = 10_000;
    const first = timer.fire(); // slow stays in evaluation at 10 s
    await new Promise((resolve) => setImmediate(resolve)); // fast's evaluation ends
    // The timer was re-armed at once: a slow engine does not hold back the others.
    expect(timer.pending()).toEqual({ delay: 10_000 });
    for (const t of [20_000, 30_000]) {
      now = t;
      await timer.fire();
    }
    expect(slow.evaluatedAt).toEqual([10_000]);
    expect(fast.evaluatedAt).toEqual([10_000, 20_000, 30_000]);
    expect(scheduler.schedules().slow?.running).toBe(true);
    release();
    await first;
    now = 40_000;
    await timer.fire();
    expect(slow.evaluatedAt).toEqual([10_000, 40_000]);
    expect(scheduler.schedules().slow?.skipped).toBe(2); // 20 s and 30 s
    expect(scheduler.schedules().fast?.skipped).toBe(0);
    expect(telemetry.skipped).toBe(2);
    await scheduler.shutdown();
  });

  it('runUntil evaluates every boundary in time order, across engines, skipping none', async () => {
    const order: string[] = [];
    const make = (name: string, intervalMillis: number): Engine => ({
      name,
      intervalMillis,
      evaluate: (at) => {
        order.push(`${name}@${at}`);
      },
      report: () => ({ name, healthy: true }),
    });
    const scheduler = createEngineScheduler({
      engines: [make('a', 10_000), make('b', 15_000)],
      clock: { now: () => 2_000 },
      series: EMPTY_VIEW,
      onFinding: () => undefined,
    });
    await scheduler.start();
    await scheduler.runUntil(29_999);
    expect(order).toEqual(['a@10000', 'b@15000', 'a@20000']);
    await scheduler.runUntil(30_000);
    expect(order.slice(3)).toEqual(['a@30000', 'b@30000']);
    expect(scheduler.nextDueMillis()).toBe(40_000);
    await scheduler.shutdown();
  });

  it('records a failed evaluation, keeps scheduling, and reports the error until one succeeds', async () => {
    let fail = true;
    const engine: Engine = {
      name: 'flaky',
      intervalMillis: 1_000,
      evaluate: () => {
        if (fail) throw new TypeError('no data');
      },
      report: () => ({ name: 'flaky', healthy: true }),
    };
    const telemetry = recordingTelemetry();
    const scheduler = createEngineScheduler({
      engines: [engine],
      clock: { now: () => 0 },
      series: EMPTY_VIEW,
      onFinding: () => undefined,
      telemetry,
    });
    await scheduler.start();
    await scheduler.runUntil(1_000);
    expect(scheduler.schedules().flaky).toMatchObject({
      evaluations: 1,
      failures: 1,
      lastError: 'no data',
    });
    expect(telemetry.evaluations[0]?.errorType).toBe('TypeError');
    fail = false;
    await scheduler.runUntil(2_000);
    expect(scheduler.schedules().flaky).toMatchObject({ evaluations: 2, lastError: undefined });
    await scheduler.shutdown();
  });

  it('shuts down started engines only, in reverse order, after the running evaluation', async () => {
    const events: string[] = [];
    const engine = (name: string, failStart = false): Engine => ({
      name,
      intervalMillis: 1_000,
      start: async () => {
        events.push(`start ${name}`);
        if (failStart) throw new Error(`${name} cannot load`);
      },
      evaluate: () => undefined,
      report: () => ({ name, healthy: true }),
      shutdown: async () => {
        events.push(`shutdown ${name}`);
      },
    });
    const scheduler = createEngineScheduler({
      engines: [engine('a'), engine('b', true), engine('c')],
      clock: { now: () => 0 },
      series: EMPTY_VIEW,
      onFinding: () => undefined,
    });
    await expect(scheduler.start()).rejects.toThrow('b cannot load');
    await scheduler.shutdown();
    // b never started (its state must not be overwritten), c was never reached.
    expect(events).toEqual(['start a', 'start b', 'shutdown a']);
  });

  it('does not wait forever for a hung evaluation at shutdown: that engine is reported, not shut down', async () => {
    let now = 0;
    const events: string[] = [];
    const timer = manualTimer();
    const hung = recordingEngine('hung', 10_000);
    const healthy = recordingEngine('healthy', 10_000);
    for (const engine of [hung, healthy]) {
      Object.assign(engine, {
        shutdown: async () => {
          events.push(`shutdown ${engine.name}`);
        },
      });
    }
    const scheduler = createEngineScheduler({
      engines: [hung, healthy],
      clock: { now: () => now },
      series: EMPTY_VIEW,
      onFinding: () => undefined,
      timer,
      shutdownWaitMillis: 5_000,
    });
    await scheduler.start();
    hung.hold(); // never released
    now = 10_000;
    void timer.fire();
    await new Promise((resolve) => setImmediate(resolve));
    const stopping = scheduler.shutdown();
    await new Promise((resolve) => setImmediate(resolve));
    // Shutdown armed its deadline; nothing is shut down before it passes.
    expect(timer.pending()).toEqual({ delay: 5_000 });
    expect(events).toEqual([]);
    await timer.fire();
    await expect(stopping).rejects.toThrow(
      'engine hung: an evaluation was still running after 5s; the engine was not shut down and its state not saved',
    );
    expect(events).toEqual(['shutdown healthy']);
  });

  it('calls afterEvaluation after each evaluation, once its findings were passed on, failed ones included', async () => {
    const events: string[] = [];
    let fail = false;
    const engine: Engine = {
      name: 'e',
      intervalMillis: 1000,
      evaluate(at, context) {
        context.emit({
          engine: 'e',
          kind: 'k',
          severity: 'info',
          state: 'firing',
          labels: {},
          summary: `at ${at}`,
          startsAtMillis: at,
        });
        if (fail) throw new Error('broken');
      },
      report: () => ({ name: 'e', healthy: true }),
    };
    let now = 10_000;
    const scheduler = createEngineScheduler({
      engines: [engine],
      clock: { now: () => now },
      series: EMPTY_VIEW,
      onFinding: (f) => events.push(`finding ${f.summary}`),
      afterEvaluation: (name) => events.push(`after ${name}`),
    });
    await scheduler.start();
    now = 12_000;
    await scheduler.runUntil(now);
    fail = true;
    now = 13_000;
    await scheduler.runUntil(now);
    await scheduler.shutdown();
    expect(events).toEqual([
      'finding at 11000',
      'after e',
      'finding at 12000',
      'after e',
      'finding at 13000',
      'after e',
    ]);
  });
});
