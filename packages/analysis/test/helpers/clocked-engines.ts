/**
 * Engines on an injected clock, for scenario tests: per test a fresh in-memory SQLite store
 * and series store on the clock, and a runtime whose scheduler is shut down after the test.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Engine } from '../../src/engines/engine.js';
import { createEngineRuntime } from '../../src/engines/engine-runtime.js';
import type { EngineRuntime } from '../../src/engines/engine-runtime.js';
import { createSeriesView } from '../../src/engines/series-view.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import type { SeriesStore } from '../../src/series/series-store.js';
import { openStore } from '../../src/store/open-store.js';
import type { MonitoringStore } from '../../src/store/types.js';

/** Options of {@link useClockedEngines}. */
export interface ClockedEnginesOptions {
  /** The clock at the start of each test, ms since the epoch. */
  startMillis: number;
  /** How far `run` moves the clock per step, ms. */
  tickMillis: number;
  /** Samples the series store keeps per series. */
  ringCapacity: number;
}

/** What {@link useClockedEngines} gives the tests of a `describe` block. */
export interface ClockedEngines {
  /** The injected clock, ms. */
  readonly now: () => number;
  /** This test's monitoring store. */
  readonly store: MonitoringStore;
  /** This test's series store. */
  readonly series: SeriesStore;
  /** The runtime `start` made; throws before `start`. */
  readonly runtime: EngineRuntime;
  /** Starts a runtime evaluating `engines` on the clock and the series store. */
  start(engines: readonly Engine[]): Promise<EngineRuntime>;
  /** For `minutes`, steps the clock by `tickMillis`, calls `tick`, then runs the engines due. */
  run(minutes: number, tick: () => void): Promise<void>;
}

/** Registers the `beforeEach`/`afterEach` of clocked engine tests in the calling block. */
export function useClockedEngines(options: ClockedEnginesOptions): ClockedEngines {
  let now = options.startMillis;
  let store: MonitoringStore | undefined;
  let series: SeriesStore | undefined;
  let runtime: EngineRuntime | undefined;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`clocked engines: no ${what} outside a test`);
    return value;
  };
  beforeEach(async () => {
    now = options.startMillis;
    store = await openStore('sqlite::memory:', { now: () => now });
    series = createSeriesStore({
      clock: { now: () => now },
      startTimeMillis: options.startMillis,
      ringCapacity: options.ringCapacity,
    });
  });
  afterEach(async () => {
    await runtime?.scheduler.shutdown();
    runtime = undefined;
    await store?.close();
    store = undefined;
  });
  return {
    now: () => now,
    get store() {
      return need(store, 'store');
    },
    get series() {
      return need(series, 'series store');
    },
    get runtime() {
      return need(runtime, 'runtime (call start first)');
    },
    async start(engines) {
      runtime = createEngineRuntime({
        engines,
        clock: { now: () => now },
        series: createSeriesView(need(series, 'series store')),
      });
      await runtime.scheduler.start();
      return runtime;
    },
    async run(minutes, tick) {
      const end = now + minutes * 60_000;
      while (now < end) {
        now += options.tickMillis;
        tick();
        await need(runtime, 'runtime (call start first)').scheduler.runUntil(now);
      }
    },
  };
}
