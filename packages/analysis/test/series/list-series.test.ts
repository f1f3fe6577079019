import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { manualClock, numberPoint } from './builders.js';

function setup() {
  const clock = manualClock(0);
  const store = createSeriesStore({ clock });
  const prefix = store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' });
  const hits = store.metric(prefix, 'hits', 'counter', '1');
  const temp = store.metric(prefix, 'temp', 'gauge', 'K');
  // Interleaved, so that one metric's ids are not contiguous: hits 1,3,5,7; temp 2,4,6.
  for (let i = 0; i < 4; i++) {
    const attributes = { op: `op${i}` };
    store.writeNumber(
      hits,
      AggregationTemporality.DELTA,
      numberPoint(10, 1, { start: 5, attributes }),
      0,
    );
    if (i < 3) store.writeNumber(temp, 0, numberPoint(10, 290 + i, { attributes }), 0);
  }
  return store;
}

describe('listing series', () => {
  it('lists a metric in id order, at most `limit`, and counts all of it', () => {
    const store = setup();
    const all = store.listSeries({ metric: 'hits' });
    expect(all.map((s) => s.attributes.op)).toEqual(['op0', 'op1', 'op2', 'op3']);
    expect(all.map((s) => s.id)).toEqual([...all.map((s) => s.id)].sort((a, b) => a - b));
    expect(store.listSeries({ metric: 'hits' }, 2)).toEqual(all.slice(0, 2));
    expect(store.countSeries({ metric: 'hits' })).toBe(4);
    expect(store.countSeries({ metric: 'temp' })).toBe(3);
    expect(store.countSeries({ metric: 'none' })).toBe(0);
  });

  it('counts with other selectors and with none the same as listing does', () => {
    const store = setup();
    const selectors = [
      undefined,
      { metric: 'hits', attributes: { op: 'op1' } },
      { attributes: { op: 'op2' } },
      { kind: 'gauge' as const },
    ];
    expect(selectors.map((s) => store.countSeries(s))).toEqual([7, 1, 2, 3]);
    for (const s of selectors) expect(store.countSeries(s)).toBe(store.listSeries(s).length);
    expect(store.listSeries(undefined, 3).map((s) => s.id)).toEqual(
      store
        .listSeries()
        .slice(0, 3)
        .map((s) => s.id),
    );
  });
});
