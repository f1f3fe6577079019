import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { LogSketch } from '../../src/series/log-sketch.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { histogramPoint, manualClock, ms, numberPoint } from './builders.js';

const { DELTA } = AggregationTemporality;

/** Ring of 4 samples; rollups of 60 s x 5 and 600 s x 6. */
function setup() {
  const clock = manualClock(0);
  const store = createSeriesStore({
    clock,
    ringCapacity: 4,
    rollups: [
      { periodSeconds: 60, slots: 5 },
      { periodSeconds: 600, slots: 6 },
    ],
    stalenessMillis: 1000,
    retentionMillis: 5000,
  });
  const prefix = store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' });
  return { clock, store, prefix };
}

describe('window aggregates', () => {
  // Gauge values 1..10 at 0, 10, ..., 90 s; the ring keeps 60..90 s (values 7..10).
  function gauge() {
    const env = setup();
    const g = env.store.metric(env.prefix, 'temp', 'gauge', 'Cel');
    for (let i = 0; i < 10; i++) env.store.writeNumber(g, 0, numberPoint(10 * i, i + 1), 0);
    env.clock.set(95);
    return { ...env, id: env.store.listSeries()[0]!.id };
  }

  it('answers from the ring when it reaches back to the window start', () => {
    const { store, id } = gauge();
    // (65, 95]: samples at 70, 80, 90 s.
    expect(store.windowAggregate(id, 30)).toEqual({
      count: 3,
      sum: 27,
      min: 8,
      max: 10,
      last: 10,
      lastTimeMillis: ms(90),
      rate: NaN,
      series: 1,
      source: 'ring',
      resolutionSeconds: 0,
    });
  });

  it('answers from whole rollup slots otherwise, and says so', () => {
    const { store, id } = gauge();
    // (35, 95] overlaps the 60 s slots [0, 60) and [60, 120): all ten samples.
    expect(store.windowAggregate(id, 60)).toMatchObject({
      count: 10,
      sum: 55,
      min: 1,
      max: 10,
      last: 10,
      source: 'rollup',
      resolutionSeconds: 60,
    });
  });

  it('lists the rollup slots of a tier', () => {
    const { store, id } = gauge();
    expect(store.rollups(id, 60)).toEqual([
      { startMillis: ms(0), periodSeconds: 60, count: 6, sum: 21, min: 1, max: 6 },
      { startMillis: ms(60), periodSeconds: 60, count: 4, sum: 34, min: 7, max: 10 },
    ]);
    expect(store.rollups(id, 600)).toEqual([
      { startMillis: ms(0), periodSeconds: 600, count: 10, sum: 55, min: 1, max: 10 },
    ]);
    expect(store.rollups(id, 5)).toBeUndefined();
  });

  it('gives counters a rate: increase per second over the window', () => {
    const { clock, store, prefix } = setup();
    const c = store.metric(prefix, 'hits', 'counter', '1');
    for (let t = 10; t <= 30; t += 10)
      store.writeNumber(c, DELTA, numberPoint(t, 2, { start: t - 10 }), 0);
    clock.set(30);
    const agg = store.windowAggregate({ metric: 'hits' }, 20)!;
    // (10, 30]: increments at 20 and 30 s.
    expect([agg.sum, agg.count, agg.rate]).toEqual([4, 2, 0.2]);
  });

  it('rolls slots over: a slot older than the tier is cleared and reused', () => {
    const { clock, store, prefix } = setup();
    const g = store.metric(prefix, 'g', 'gauge', '1');
    store.writeNumber(g, 0, numberPoint(0, 1), 0);
    store.writeNumber(g, 0, numberPoint(300, 2), 0); // epoch 5 reuses slot 0 of the 60 s tier
    clock.set(300);
    const id = store.listSeries()[0]!.id;
    expect(store.rollups(id, 60)).toEqual([
      { startMillis: ms(300), periodSeconds: 60, count: 1, sum: 2, min: 2, max: 2 },
    ]);
  });

  it('merges histogram series matched by a selector, for aggregates and quantiles', () => {
    const { clock, store, prefix } = setup();
    const h = store.metric(prefix, 'heterodyne.operation.duration', 'histogram', 's');
    const bounds = [0.1, 1, 10];
    const random = seededRandom(5);
    const expected = new LogSketch({ maxBuckets: 64 });
    const reps = [Math.sqrt(0.1), Math.sqrt(10)]; // (0.1, 1] and (1, 10]
    let count = 0;
    for (let t = 10; t <= 50; t += 10) {
      for (const op of ['fit', 'chi2']) {
        const a = Math.floor(random() * 5);
        const b = Math.floor(random() * 5);
        store.writeHistogram(
          h,
          DELTA,
          histogramPoint(t, bounds, [0, a, b, 0], {
            start: t - 10,
            sum: a + 2 * b,
            attributes: { op },
          }),
          0,
        );
        if (a > 0) expected.add(reps[0]!, a);
        if (b > 0) expected.add(reps[1]!, b);
        count += a + b;
      }
    }
    clock.set(55);
    const agg = store.windowAggregate({ metric: 'heterodyne.operation.duration' }, 300)!;
    expect(agg.series).toBe(2);
    expect(agg.count).toBe(count);
    expect(agg.rate).toBeCloseTo(count / 300, 12);
    const merged = store.sketch({ metric: 'heterodyne.operation.duration' }, 300)!;
    expect(merged.buckets()).toEqual(expected.buckets());
    expect(store.quantile({ metric: 'heterodyne.operation.duration' }, 0.5, 300)).toBe(
      merged.quantile(0.5),
    );
    // One operation only.
    const fit = store.windowAggregate(
      { metric: 'heterodyne.operation.duration', attributes: { op: 'fit' } },
      300,
    )!;
    expect(fit.series).toBe(1);
    expect(store.quantile({ metric: 'nothing' }, 0.5, 60)).toBeUndefined();
    expect(store.windowAggregate({ metric: 'nothing' }, 60)?.series).toBe(0);
    expect(store.windowAggregate(9999, 60)).toBeUndefined();
  });

  it('rejects a non-positive window', () => {
    const { store } = setup();
    expect(() => store.windowAggregate({}, 0)).toThrow(/windowSeconds/);
  });
});

describe('staleness and eviction', () => {
  it('marks a series stale after stalenessMillis and evicts it after retentionMillis', () => {
    const { clock, store, prefix } = setup();
    const g = store.metric(prefix, 'g', 'gauge', '1');
    store.writeNumber(g, 0, numberPoint(0, 1), clock.now());
    expect(store.evictStale(ms(0.5))).toEqual({ markedStale: 0, evicted: 0 });
    expect(store.evictStale(ms(1))).toEqual({ markedStale: 1, evicted: 0 });
    expect(store.listSeries({ includeStale: false })).toEqual([]);
    expect(store.stats()).toMatchObject({ series: 1, activeSeries: 0, staleSeries: 1 });
    expect(store.evictStale(ms(5))).toEqual({ markedStale: 0, evicted: 1 });
    expect(store.stats()).toMatchObject({ series: 0, evictedSeries: 1 });
  });

  it('reactivates a stale series that receives a point before eviction', () => {
    const { clock, store, prefix } = setup();
    const g = store.metric(prefix, 'g', 'gauge', '1');
    store.writeNumber(g, 0, numberPoint(0, 1), clock.now());
    store.evictStale(ms(2));
    clock.set(3);
    store.writeNumber(g, 0, numberPoint(3, 2), clock.now());
    expect(store.listSeries()[0]?.stale).toBe(false);
    expect(store.evictStale(ms(6))).toEqual({ markedStale: 1, evicted: 0 });
  });
});
