import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { downscale, exponentialRepresentative } from '../../src/series/exponential-writer.js';
import { bucketRepresentative } from '../../src/series/histogram-writer.js';
import { LogSketch } from '../../src/series/log-sketch.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { WRITE_RESET, WriteOutcome } from '../../src/series/write-outcome.js';
import { exponentialPoint, histogramPoint, manualClock, ms, summaryPoint } from './builders.js';

const { STORED, REFERENCE } = WriteOutcome;
const { CUMULATIVE, DELTA } = AggregationTemporality;

function setup() {
  const clock = manualClock(100);
  const store = createSeriesStore({ clock, startTimeMillis: ms(100) });
  const prefix = store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' });
  return { clock, store, prefix };
}

describe('bucket representatives', () => {
  it.each([
    { k: 1, expected: Math.SQRT2, why: '(1, 2]: geometric mean' },
    { k: 2, expected: Math.sqrt(10), why: '(2, 5]: geometric mean' },
    { k: 0, expected: 0.5, why: '(-inf, 1] without min: half the bound' },
    { k: 3, expected: 5, why: '(5, +inf) without max: the bound' },
  ])('bounds [1, 2, 5], bucket $k: $why', ({ k, expected }) => {
    expect(bucketRepresentative([1, 2, 5], k, undefined, undefined)).toBeCloseTo(expected, 12);
  });

  it('uses min and max to close the open buckets, and midpoints across zero', () => {
    expect(bucketRepresentative([1, 2, 5], 0, 0.25, undefined)).toBeCloseTo(0.5, 12);
    expect(bucketRepresentative([1, 2, 5], 3, undefined, 20)).toBeCloseTo(10, 12);
    expect(bucketRepresentative([-1, 1], 1, undefined, undefined)).toBe(0);
    expect(bucketRepresentative([-4, -1], 1, undefined, undefined)).toBeCloseTo(-2, 12);
  });
});

describe('explicit-bounds histograms', () => {
  it('turns cumulative points into bucket-wise deltas; a change of bounds resets', () => {
    const { store, prefix, clock } = setup();
    const h = store.metric(prefix, 'heterodyne.operation.duration', 'histogram', 's');
    const b3 = [1, 2, 5];
    const b4 = [1, 2, 5, 10];
    const results = [
      store.writeHistogram(
        h,
        CUMULATIVE,
        histogramPoint(110, b3, [1, 2, 0, 1], { start: 0, sum: 10 }),
        0,
      ),
      store.writeHistogram(
        h,
        CUMULATIVE,
        histogramPoint(120, b3, [1, 3, 2, 1], { start: 0, sum: 20 }),
        0,
      ),
      store.writeHistogram(
        h,
        CUMULATIVE,
        histogramPoint(130, b4, [1, 3, 2, 1, 1], { start: 0, sum: 25 }),
        0,
      ),
      store.writeHistogram(
        h,
        CUMULATIVE,
        histogramPoint(140, b4, [1, 3, 3, 2, 1], { start: 0, sum: 33 }),
        0,
      ),
    ];
    expect(results).toEqual([REFERENCE, STORED, REFERENCE | WRITE_RESET, STORED]);
    clock.set(150);
    const id = store.listSeries()[0]!.id;
    expect(store.recentSamples(id, 10)).toEqual([
      { timeMillis: ms(120), value: 10, count: 3 },
      { timeMillis: ms(140), value: 8, count: 2 },
    ]);
    // Sketch: (1,2] x1, (2,5] x2 from the first delta; (2,5] x1, (5,10] x1 from the second.
    const expected = new LogSketch({ maxBuckets: 64 });
    expected.add(Math.SQRT2, 1);
    expected.add(Math.sqrt(10), 3);
    expected.add(Math.sqrt(50), 1);
    const sketch = store.sketch(id, 3600)!;
    expect(sketch.buckets()).toEqual(expected.buckets());
    expect(sketch.count).toBe(5);
    expect(Math.abs(store.quantile(id, 1, 3600)! - Math.sqrt(50))).toBeLessThan(
      0.01 * Math.sqrt(50),
    );
    expect(Math.abs(store.quantile(id, 0.5, 3600)! - Math.sqrt(10))).toBeLessThan(
      0.01 * Math.sqrt(10),
    );
  });

  it('treats a decreased bucket as a reset even when the count grew', () => {
    const { store, prefix } = setup();
    const h = store.metric(prefix, 'h', 'histogram', 's');
    store.writeHistogram(h, CUMULATIVE, histogramPoint(110, [1], [5, 1], { start: null }), 0);
    // Bucket 0 went 5 -> 1: the producer restarted (no start time): the whole point counts.
    const r = store.writeHistogram(
      h,
      CUMULATIVE,
      histogramPoint(120, [1], [1, 6], { start: null }),
      0,
    );
    expect(r).toBe(STORED | WRITE_RESET);
    expect(store.recentSamples(store.listSeries()[0]!.id, 10)?.map((s) => s.count)).toEqual([7]);
  });

  it('stores delta points as they come, with their min and max', () => {
    const { store, prefix } = setup();
    const h = store.metric(prefix, 'h', 'histogram', 's');
    store.writeHistogram(
      h,
      DELTA,
      histogramPoint(110, [1, 2], [0, 2, 1], { sum: 5, min: 1.5, max: 2.5 }),
      0,
    );
    store.writeHistogram(
      h,
      DELTA,
      histogramPoint(120, [1, 2], [1, 0, 0], { sum: 0.5, min: 0.5, max: 0.5 }),
      0,
    );
    const id = store.listSeries()[0]!.id;
    expect(store.recentSamples(id, 10)?.map((s) => [s.count, s.value])).toEqual([
      [3, 5],
      [1, 0.5],
    ]);
    const rollup = store.rollups(id, 300)!;
    expect(rollup).toHaveLength(1);
    expect(rollup[0]).toMatchObject({ count: 4, sum: 5.5, min: 0.5, max: 2.5 });
  });
});

describe('exponential histograms', () => {
  it('downscales by merging index i into i >> d, negative indices included', () => {
    expect(downscale({ offset: -3, counts: [1, 2, 3, 4, 5] }, 1)).toEqual({
      offset: -2,
      counts: [1, 5, 9],
    });
    expect(downscale({ offset: 5, counts: [1, 1, 1] }, 2)).toEqual({ offset: 1, counts: [3] });
  });

  it('uses log-midpoints 2^((i + 1/2) 2^-scale) as representatives', () => {
    expect(exponentialRepresentative(0, 0)).toBeCloseTo(Math.SQRT2, 14);
    expect(exponentialRepresentative(1, 1)).toBeCloseTo(Math.pow(2, 0.75), 14);
    expect(exponentialRepresentative(0, -2)).toBeCloseTo(Math.pow(2, -1.5), 14);
  });

  it('computes deltas at the common (coarser) scale; a scale change is not a reset', () => {
    const { store, prefix } = setup();
    const h = store.metric(prefix, 'e', 'exponential_histogram', 's');
    // Scale 1: (1, 1.414] x1, (1.414, 2] x2. Then scale 0: (1, 2] x4, (2, 4] x1.
    const r1 = store.writeExponentialHistogram(
      h,
      CUMULATIVE,
      exponentialPoint(110, 1, 0, [1, 2], { start: 0, sum: 4 }),
      0,
    );
    const r2 = store.writeExponentialHistogram(
      h,
      CUMULATIVE,
      exponentialPoint(120, 0, 0, [4, 1], { start: 0, sum: 9 }),
      0,
    );
    const r3 = store.writeExponentialHistogram(
      h,
      CUMULATIVE,
      exponentialPoint(130, 0, 0, [3, 1], { start: 0, sum: 9.5 }),
      0,
    );
    expect([r1, r2, r3]).toEqual([REFERENCE, STORED, REFERENCE | WRITE_RESET]);
    const id = store.listSeries()[0]!.id;
    expect(store.recentSamples(id, 10)).toEqual([{ timeMillis: ms(120), value: 5, count: 2 }]);
    // Delta at scale 0: (1, 2] x1 and (2, 4] x1.
    const expected = new LogSketch({ maxBuckets: 64 });
    expected.add(Math.SQRT2);
    expected.add(Math.pow(2, 1.5));
    expect(store.sketch(id, 3600)?.buckets()).toEqual(expected.buckets());
  });

  it('feeds the zero bucket as 0 and delta points directly', () => {
    const { store, prefix } = setup();
    const h = store.metric(prefix, 'e', 'exponential_histogram', 's');
    store.writeExponentialHistogram(
      h,
      DELTA,
      exponentialPoint(110, 2, 4, [2], { zeroCount: 3, sum: 4.8 }),
      0,
    );
    const id = store.listSeries()[0]!.id;
    const sketch = store.sketch(id, 600)!;
    expect(sketch.quantile(0)).toBe(0);
    // Index 4 at scale 2 is (2^1, 2^1.25]; representative 2^1.125.
    expect(sketch.quantile(1)).toBeCloseTo(Math.pow(2, 1.125), 1);
    expect(store.recentSamples(id, 1)).toEqual([{ timeMillis: ms(110), value: 4.8, count: 5 }]);
  });
});

describe('summaries', () => {
  it('stores count and sum deltas, and each quantile as a gauge series', () => {
    const { store, prefix } = setup();
    const s = store.metric(prefix, 'rpc.latency', 'summary', 's');
    store.writeSummary(s, summaryPoint(110, 10, 100, { 0.5: 9, 0.99: 20 }, { start: 0 }), 0);
    const r = store.writeSummary(
      s,
      summaryPoint(120, 15, 160, { 0.5: 11, 0.99: NaN }, { start: 0 }),
      0,
    );
    expect(r).toBe(STORED);
    const summary = store.listSeries({ kind: 'summary' })[0]!;
    expect(store.recentSamples(summary.id, 10)).toEqual([
      { timeMillis: ms(120), value: 60, count: 5 },
    ]);
    const p50 = store.listSeries({
      metric: 'rpc.latency',
      kind: 'gauge',
      attributes: { quantile: '0.5' },
    })[0]!;
    expect(store.recentSamples(p50.id, 10)?.map((x) => x.value)).toEqual([9, 11]);
    const p99 = store.listSeries({ kind: 'gauge', attributes: { quantile: '0.99' } })[0]!;
    // NaN quantile values (no observations) are skipped.
    expect(store.recentSamples(p99.id, 10)?.map((x) => x.value)).toEqual([20]);
  });
});
