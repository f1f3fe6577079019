import { describe, expect, it } from 'vitest';
import { LogSketch } from '../../src/series/log-sketch.js';
import { POSITIVE_BASE, sketchMapping } from '../../src/series/sketch-mapping.js';
import { seededRandom } from '../helpers/seeded-random.js';

/** The element of rank floor(q (n - 1)) of the sorted values: what the sketch estimates. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}

function normal(random: () => number): number {
  // Box-Muller.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const distributions: [string, (r: () => number) => number][] = [
  ['uniform(0, 100)', (r) => 100 * r()],
  ['exponential(1)', (r) => -Math.log(1 - r())],
  ['log-normal(0, 2)', (r) => Math.exp(2 * normal(r))],
  ['normal(0, 10) with negatives', (r) => 10 * normal(r)],
];

describe('sketch mapping', () => {
  it('uses gamma = (1 + a) / (1 - a) and bucket index ceil(log_gamma(x))', () => {
    const m = sketchMapping(0.01);
    expect(m.gamma).toBeCloseTo(1.01 / 0.99, 15);
    // log_gamma(1) = 0, so 1 falls in bucket 0; just above 1 falls in bucket 1.
    expect(m.keyOf(1)).toBe(POSITIVE_BASE);
    expect(m.keyOf(1.0001)).toBe(POSITIVE_BASE + 1);
    // gamma^10 = 1.2218...: (gamma^9, gamma^10] is bucket 10.
    expect(m.keyOf(Math.pow(m.gamma, 9.5))).toBe(POSITIVE_BASE + 10);
    expect(m.keyOf(0)).toBe(0);
    expect(m.keyOf(-1.0001)).toBe(-POSITIVE_BASE - 1);
  });

  it('represents every value within the relative accuracy, and keeps value order in key order', () => {
    const random = seededRandom(7);
    for (const a of [0.001, 0.01, 0.05]) {
      const m = sketchMapping(a);
      let previous = -Infinity;
      const values = Array.from(
        { length: 2000 },
        () => (random() - 0.5) * Math.pow(10, 12 * random() - 6),
      ).sort((x, y) => x - y);
      for (const x of values) {
        const rep = m.valueOf(m.keyOf(x));
        expect(Math.abs(rep - x)).toBeLessThanOrEqual(a * Math.abs(x) * (1 + 1e-9));
        expect(m.keyOf(x)).toBeGreaterThanOrEqual(previous);
        previous = m.keyOf(x);
      }
    }
  });

  it('rejects relative accuracies outside the supported range', () => {
    expect(() => sketchMapping(0)).toThrow(/relativeAccuracy/);
    expect(() => sketchMapping(0.9)).toThrow(/relativeAccuracy/);
  });
});

describe('LogSketch', () => {
  it.each(distributions)(
    'estimates quantiles of %s within the relative accuracy',
    (_name, draw) => {
      const random = seededRandom(42);
      const values = Array.from({ length: 20_000 }, () => draw(random));
      const sketch = new LogSketch({ relativeAccuracy: 0.01, maxBuckets: 4096 });
      for (const v of values) sketch.add(v);
      const sorted = values.slice().sort((a, b) => a - b);
      for (const q of [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1]) {
        const exact = exactQuantile(sorted, q);
        expect(Math.abs(sketch.quantile(q) - exact)).toBeLessThanOrEqual(
          0.01 * Math.abs(exact) * (1 + 1e-9),
        );
      }
      expect(sketch.count).toBe(20_000);
      expect(sketch.min).toBe(sorted[0]);
      expect(sketch.max).toBe(sorted.at(-1));
    },
  );

  it('answers a hand-computed case: 1..5 at 1% accuracy', () => {
    const sketch = new LogSketch({ relativeAccuracy: 0.01 });
    for (const v of [5, 1, 4, 2, 3]) sketch.add(v);
    // Ranks q(n-1): q = 0.5 -> rank 2 -> third smallest, 3; q = 0.25 -> rank 1 -> 2.
    expect(sketch.quantile(0.5)).toBeCloseTo(3, 1);
    expect(Math.abs(sketch.quantile(0.5) - 3)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(sketch.quantile(0.25) - 2)).toBeLessThanOrEqual(0.02);
    // The extremes are clamped to the exact min and max.
    expect(sketch.quantile(0)).toBe(1);
    expect(sketch.quantile(1)).toBe(5);
    expect(sketch.sum).toBe(15);
  });

  it('merges exactly: a merge equals the sketch of the union, in any order, with collapsing', () => {
    const random = seededRandom(99);
    const parts = [0, 1, 2].map(() =>
      Array.from({ length: 3000 }, () => Math.exp(6 * random() - 3)),
    );
    const union = new LogSketch({ maxBuckets: 40 });
    for (const part of parts) for (const v of part) union.add(v);
    const replicas = parts.map((part) => {
      const s = new LogSketch({ maxBuckets: 40 });
      for (const v of part) s.add(v);
      return s;
    });
    for (const order of [
      [0, 1, 2],
      [2, 0, 1],
      [1, 2, 0],
    ]) {
      const merged = new LogSketch({ maxBuckets: 40 });
      for (const i of order) merged.merge(replicas[i] as LogSketch);
      expect(merged.buckets()).toEqual(union.buckets());
      expect(merged.count).toBe(union.count);
      expect(merged.min).toBe(union.min);
      expect(merged.max).toBe(union.max);
      expect(merged.quantile(0.99)).toBe(union.quantile(0.99));
    }
    expect(union.bucketCount).toBe(40);
  });

  it('collapses the lowest buckets past maxBuckets, keeping upper quantiles accurate', () => {
    const sketch = new LogSketch({ relativeAccuracy: 0.01, maxBuckets: 10 });
    // 100 distinct buckets: 1.05^i are about 2.4 buckets apart.
    const values = Array.from({ length: 100 }, (_, i) => Math.pow(1.05, i));
    for (const v of values) sketch.add(v);
    expect(sketch.bucketCount).toBe(10);
    // The lowest kept bucket holds the 91 lowest values.
    expect(sketch.buckets()[0]?.[1]).toBe(91);
    const exact = values[Math.floor(0.99 * 99)] as number;
    expect(Math.abs(sketch.quantile(0.99) - exact)).toBeLessThanOrEqual(0.01 * exact);
  });

  it('collapsing into a new key just above the dropped one keeps the union rule', () => {
    const a = new LogSketch({ maxBuckets: 2 });
    for (const v of [1, 10, 2]) a.add(v);
    // Keys of 1, 2, 10: the two highest (2 and 10) stay; 1 collapses into 2.
    expect(a.buckets().map(([, c]) => c)).toEqual([2, 1]);
    // The lowest rank now reads the collapsed bucket (about 2); the exact min is still kept.
    expect(Math.abs(a.quantile(0) - 2)).toBeLessThanOrEqual(0.02);
    expect(a.min).toBe(1);
  });

  it('round-trips through JSON', () => {
    const sketch = new LogSketch({ relativeAccuracy: 0.02, maxBuckets: 50 });
    const random = seededRandom(3);
    for (let i = 0; i < 500; i++) sketch.add(random() * 10 - 2, 1 + Math.floor(random() * 3));
    const copy = LogSketch.fromJSON(JSON.parse(JSON.stringify(sketch.toJSON())));
    expect(copy.buckets()).toEqual(sketch.buckets());
    expect(copy.quantile(0.3)).toBe(sketch.quantile(0.3));
    expect(copy.count).toBe(sketch.count);
  });

  it('refuses to merge sketches of different accuracy', () => {
    expect(() =>
      new LogSketch({ relativeAccuracy: 0.01 }).merge(new LogSketch({ relativeAccuracy: 0.02 })),
    ).toThrow(/relative accuracy/);
  });
});
