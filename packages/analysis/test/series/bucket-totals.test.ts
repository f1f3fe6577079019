import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { MAX_EXPONENTIAL_BUCKETS } from '../../src/series/bucket-totals.js';
import { exponentialUpperBound } from '../../src/series/exponential-totals.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import type { SeriesStoreSnapshot } from '../../src/series/snapshot.js';
import { exponentialPoint, histogramPoint, manualClock, ms } from './builders.js';

const { CUMULATIVE, DELTA } = AggregationTemporality;

function store(ringCapacity = 4) {
  const clock = manualClock(100);
  const series = createSeriesStore({ clock, ringCapacity, startTimeMillis: ms(100) });
  const prefix = series.prefix({ 'service.name': 'svc' }, { name: 's', version: '1' });
  return { series, prefix, clock };
}

const BOUNDS = [0.1, 0.5, 1, 5];

describe('running bucket totals', () => {
  it('adds every delta histogram point bucket-wise, beyond the ring capacity', () => {
    const { series, prefix, clock } = store(2);
    const dur = series.metric(prefix, 'dur', 'histogram', 's');
    const expected = [0, 0, 0, 0, 0];
    for (let k = 1; k <= 25; k++) {
      const counts = [k % 3, 1, 0, k % 2, k === 25 ? 4 : 0];
      counts.forEach((c, i) => (expected[i] = (expected[i] as number) + c));
      series.writeHistogram(
        dur,
        DELTA,
        histogramPoint(100 + k, BOUNDS, counts, { start: 99 + k, sum: k }),
        clock.now(),
      );
    }
    const id = series.listSeries({ metric: 'dur' })[0]?.id ?? -1;
    const totals = series.seriesTotals(id);
    expect(totals?.buckets).toEqual({ bounds: BOUNDS, counts: expected });
    expect(totals?.buckets?.counts.reduce((a, b) => a + b, 0)).toBe(totals?.count);
  });

  it('keeps the increase of cumulative points per bucket', () => {
    const { series, prefix, clock } = store();
    const dur = series.metric(prefix, 'dur', 'histogram', 's');
    // Started before the store: the first point is the reference only.
    series.writeHistogram(
      dur,
      CUMULATIVE,
      histogramPoint(110, BOUNDS, [5, 5, 5, 5, 5], { start: 50, sum: 10 }),
      clock.now(),
    );
    series.writeHistogram(
      dur,
      CUMULATIVE,
      histogramPoint(120, BOUNDS, [6, 5, 7, 5, 5], { start: 50, sum: 14 }),
      clock.now(),
    );
    series.writeHistogram(
      dur,
      CUMULATIVE,
      histogramPoint(130, BOUNDS, [6, 9, 7, 5, 6], { start: 50, sum: 30 }),
      clock.now(),
    );
    const id = series.listSeries({ metric: 'dur' })[0]?.id ?? -1;
    expect(series.seriesTotals(id)).toEqual({
      count: 8,
      sum: 20,
      buckets: { bounds: BOUNDS, counts: [1, 4, 2, 0, 1] },
    });
  });

  it('moves the totals to new bounds without losing an observation', () => {
    const { series, prefix, clock } = store();
    const dur = series.metric(prefix, 'dur', 'histogram', 's');
    series.writeHistogram(
      dur,
      DELTA,
      histogramPoint(110, [1, 2, 4], [1, 2, 3, 4], { start: 109 }),
      clock.now(),
    );
    series.writeHistogram(
      dur,
      DELTA,
      histogramPoint(120, [2, 8], [1, 1, 1], { start: 119 }),
      clock.now(),
    );
    const id = series.listSeries({ metric: 'dur' })[0]?.id ?? -1;
    // (-inf,1] and (1,2] go to (-inf,2]; (2,4] to (2,8]; (4,+inf) to (8,+inf).
    expect(series.seriesTotals(id)?.buckets).toEqual({ bounds: [2, 8], counts: [4, 4, 5] });
    expect(series.seriesTotals(id)?.count).toBe(13);
  });

  it('puts the count of a point without buckets into the overflow bucket', () => {
    const { series, prefix, clock } = store();
    const dur = series.metric(prefix, 'dur', 'histogram', 's');
    series.writeHistogram(
      dur,
      DELTA,
      histogramPoint(110, BOUNDS, [1, 0, 0, 0, 2], { start: 109 }),
      clock.now(),
    );
    series.writeHistogram(
      dur,
      DELTA,
      { ...histogramPoint(120, [], [], { start: 119 }), count: 4 },
      clock.now(),
    );
    const id = series.listSeries({ metric: 'dur' })[0]?.id ?? -1;
    expect(series.seriesTotals(id)?.buckets).toEqual({ bounds: BOUNDS, counts: [1, 0, 0, 0, 6] });
  });

  it('keeps exponential buckets at the smallest scale seen', () => {
    const { series, prefix, clock } = store();
    const lat = series.metric(prefix, 'lat', 'exponential_histogram', 's');
    // Scale 2: indices 4..7; scale 1 merges i into i >> 1: 2, 2, 3, 3.
    series.writeExponentialHistogram(
      lat,
      DELTA,
      exponentialPoint(110, 2, 4, [1, 2, 3, 4], { start: 109, zeroCount: 1 }),
      clock.now(),
    );
    series.writeExponentialHistogram(
      lat,
      DELTA,
      exponentialPoint(120, 1, 3, [10, 20], { start: 119 }),
      clock.now(),
    );
    const id = series.listSeries({ metric: 'lat' })[0]?.id ?? -1;
    const totals = series.seriesTotals(id);
    expect(totals?.exponential).toEqual({
      scale: 1,
      zeroCount: 1,
      zeroThreshold: 0,
      positive: { offset: 2, counts: [3, 17, 20] },
      negative: { offset: 0, counts: [] },
    });
    // As explicit buckets: zero bucket, then (base^2, base^3], ... with base = sqrt(2).
    expect(totals?.buckets?.bounds).toEqual([
      0,
      exponentialUpperBound(1, 2),
      exponentialUpperBound(1, 3),
      exponentialUpperBound(1, 4),
    ]);
    expect(exponentialUpperBound(1, 3)).toBe(4);
    expect(totals?.buckets?.counts).toEqual([1, 3, 17, 20, 0]);
    expect(totals?.count).toBe(41);
  });

  it('downscales exponential totals that would span too many buckets', () => {
    const { series, prefix, clock } = store();
    const lat = series.metric(prefix, 'lat', 'exponential_histogram', 's');
    series.writeExponentialHistogram(
      lat,
      DELTA,
      exponentialPoint(110, 4, 0, [1], { start: 109 }),
      clock.now(),
    );
    series.writeExponentialHistogram(
      lat,
      DELTA,
      exponentialPoint(120, 4, 1000, [1], { start: 119 }),
      clock.now(),
    );
    const id = series.listSeries({ metric: 'lat' })[0]?.id ?? -1;
    const e = series.seriesTotals(id)?.exponential;
    // 0..1000 needs 1001 buckets at scale 4; 1000 >> 3 = 125 fits in 160 at scale 1.
    expect(e?.scale).toBe(1);
    expect(e?.positive.counts.length).toBeLessThanOrEqual(MAX_EXPONENTIAL_BUCKETS);
    expect(e?.positive.offset).toBe(0);
    expect(e?.positive.counts[0]).toBe(1);
    expect(e?.positive.counts[125]).toBe(1);
  });

  it('carries bucket totals through snapshot and restore, and rejects malformed ones', () => {
    const { series, prefix, clock } = store();
    const dur = series.metric(prefix, 'dur', 'histogram', 's');
    series.writeHistogram(
      dur,
      DELTA,
      histogramPoint(110, BOUNDS, [1, 2, 3, 4, 5], { start: 109 }),
      clock.now(),
    );
    const id = series.listSeries({ metric: 'dur' })[0]?.id ?? -1;
    const snapshot = JSON.parse(JSON.stringify(series.snapshot())) as SeriesStoreSnapshot;
    const restored = createSeriesStore({ clock, ringCapacity: 4, startTimeMillis: ms(100) });
    expect(restored.restore(snapshot).ok).toBe(true);
    expect(restored.seriesTotals(id)?.buckets).toEqual({ bounds: BOUNDS, counts: [1, 2, 3, 4, 5] });
    const bad = structuredClone(snapshot);
    const s = bad.series[0];
    if (s?.buckets && 'counts' in s.buckets) s.buckets.counts = [1, 2, 3, 4, 5, 6];
    const result = createSeriesStore({ clock, ringCapacity: 4 }).restore(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/buckets: malformed/);
  });

  it('shares one copy of equal bounds between series restored from a snapshot', () => {
    const { series, prefix, clock } = store();
    const dur = series.metric(prefix, 'dur', 'histogram', 's');
    for (const route of ['/a', '/b']) {
      series.writeHistogram(
        dur,
        DELTA,
        histogramPoint(110, BOUNDS, [1, 0, 0, 0, 1], { start: 109, attributes: { route } }),
        clock.now(),
      );
    }
    const snapshot = JSON.parse(JSON.stringify(series.snapshot())) as SeriesStoreSnapshot;
    const restored = createSeriesStore({ clock, ringCapacity: 4, startTimeMillis: ms(100) });
    expect(restored.restore(snapshot).ok).toBe(true);
    const [a, b] = restored.listSeries({ metric: 'dur' }).map((s) => restored.seriesTotals(s.id));
    expect(a?.buckets?.bounds).toEqual(BOUNDS);
    expect(a?.buckets?.bounds).toBe(b?.buckets?.bounds);
    expect(Object.isFrozen(a?.buckets?.bounds)).toBe(true);
  });
});
