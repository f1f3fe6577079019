import { describe, expect, it } from 'vitest';
import { createSeriesView } from '../../src/engines/series-view.js';
import { createSeriesStore } from '../../src/series/series-store.js';

describe('series view', () => {
  it('selects series, reads exact totals and samples in (from, at], and exposes no writer', () => {
    const store = createSeriesStore({ clock: { now: () => 100_000 }, startTimeMillis: 0 });
    const prefix = store.prefix({ 'service.name': 's' }, { name: 'scope', version: '' });
    const counter = store.metric(prefix, 'ops', 'counter', '{op}');
    const gauge = store.metric(prefix, 'mem', 'gauge', 'By');
    for (const [t, total] of [
      [10, 1],
      [20, 3],
      [30, 6],
      [40, 10],
    ] as const) {
      const point = {
        attributes: { host: 'a' },
        startTimeUnixNano: 1e6,
        timeUnixNano: t * 1e9,
        flags: 0,
        value: total,
        quantileValues: [],
        isInt: true,
      };
      store.writeNumber(counter, 2, point, t * 1000);
      store.writeNumber(gauge, 0, { ...point, value: total * 100 }, t * 1000);
    }
    const view = createSeriesView(store);
    const [ops] = view.select({ metric: 'ops' });
    expect(ops).toMatchObject({
      metric: 'ops',
      kind: 'counter',
      unit: '{op}',
      attributes: { host: 'a' },
      stale: false,
    });
    expect(Object.keys(ops ?? {}).sort()).toEqual([
      'attributes',
      'id',
      'kind',
      'metric',
      'resource',
      'stale',
      'unit',
    ]);
    const id = ops?.id ?? -1;
    expect(view.totals(id)).toEqual({ count: 0, sum: 10 });
    // Increments of the samples at 20 s and 30 s: the window is open at `from`, closed at `at`.
    expect(view.samples(id, 10_000, 30_000).map((s) => [s.timeMillis, s.value])).toEqual([
      [20_000, 2],
      [30_000, 3],
    ]);
    // What was known at 25 s: nothing after it.
    expect(view.samples(id, 0, 25_000).map((s) => s.timeMillis)).toEqual([10_000, 20_000]);
    const [mem] = view.select({ metric: 'mem' });
    expect(view.totals(mem?.id ?? -1)).toBeUndefined();
    expect(view.samples(999, 0, 1e12)).toEqual([]);
    expect('writeNumber' in view || 'restore' in view || 'evictStale' in view).toBe(false);
  });
});
