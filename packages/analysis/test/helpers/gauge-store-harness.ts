/** A series store fed gauge points by hand, and an engine context on it that keeps findings. */
import type { EngineContext } from '../../src/engines/engine.js';
import type { Finding } from '../../src/engines/findings.js';
import { createSeriesView } from '../../src/engines/series-view.js';
import { createSeriesStore } from '../../src/series/series-store.js';

/** What {@link gaugeStoreHarness} gives a test. */
export interface GaugeStoreHarness {
  /** Writes `value` to gauge `metric` of service `s` at `second`; the clock moves there. */
  write(metric: string, second: number, value: number): void;
  /** The findings the engine emitted, in order. */
  findings: Finding[];
  /** The context to evaluate an engine with: a view of the store, emitting to `findings`. */
  context: EngineContext;
  /** The store's clock, ms: the latest point written. */
  at(): number;
}

/** A store keeping `ringCapacity` samples per series, its clock at the latest point written. */
export function gaugeStoreHarness(ringCapacity: number): GaugeStoreHarness {
  let now = 0;
  const store = createSeriesStore({ clock: { now: () => now }, startTimeMillis: 0, ringCapacity });
  const prefix = store.prefix({ 'service.name': 's' }, { name: 'scope', version: '' });
  const write = (metric: string, second: number, value: number): void => {
    now = Math.max(now, second * 1000);
    const m = store.metric(prefix, metric, 'gauge', '1');
    store.writeNumber(
      m,
      0,
      {
        attributes: {},
        startTimeUnixNano: 0,
        timeUnixNano: second * 1e9,
        flags: 0,
        value,
        isInt: false,
      },
      now,
    );
  };
  const findings: Finding[] = [];
  const context: EngineContext = { series: createSeriesView(store), emit: (f) => findings.push(f) };
  return { write, findings, context, at: () => now };
}
