import { describe, expect, it } from 'vitest';
import { selectMedianAndMad } from '../../../src/engines/anomaly/order-statistics.js';
import { SortedWindow } from '../../../src/engines/anomaly/sorted-window.js';
import { ValueRing } from '../../../src/engines/anomaly/value-ring.js';
import { medianAndMad } from '../../../src/stats/robust-statistics.js';
import { seededRandom } from '../../helpers/seeded-random.js';

describe('selectMedianAndMad', () => {
  it.each([1, 2, 3, 8, 9, 64, 1023, 1024])(
    'matches the sort-based median and MAD for %i values (ties included)',
    (n) => {
      const random = seededRandom(n);
      for (let trial = 0; trial < 20; trial++) {
        // Rounded values so that ties, which break naive partitioning, are common.
        const values = Float64Array.from({ length: n }, () => Math.round(random() * 20) - 10);
        const expected = medianAndMad(Array.from(values));
        const got = selectMedianAndMad(values.slice(), n, new Float64Array(n));
        expect(got).toEqual(expected);
      }
    },
  );

  it('gives NaN for an empty range', () => {
    expect(selectMedianAndMad(new Float64Array(0), 0, new Float64Array(0)).median).toBeNaN();
  });
});

describe('SortedWindow', () => {
  it('holds the median of the latest values as they slide', () => {
    const random = seededRandom(3);
    const window = new SortedWindow(8);
    const all: number[] = [];
    for (let i = 0; i < 200; i++) {
      const v = Math.round(random() * 10);
      window.push(v);
      all.push(v);
      const latest = all.slice(-8);
      expect(window.size).toBe(latest.length);
      expect(window.median()).toBe(medianAndMad(latest).median);
    }
  });

  it('is empty after clear', () => {
    const window = new SortedWindow(4);
    window.push(1);
    window.clear();
    expect(window.median()).toBeNaN();
    window.push(5);
    expect(window.median()).toBe(5);
  });
});

describe('ValueRing.copyLatest', () => {
  it('copies the latest values oldest first, across the wrap of the buffer', () => {
    const ring = new ValueRing(5);
    for (let v = 1; v <= 8; v++) ring.push(v);
    const out = new Float64Array(5);
    expect(ring.copyLatest(5, out)).toBe(5);
    expect(Array.from(out)).toEqual([4, 5, 6, 7, 8]);
    expect(ring.copyLatest(3, out)).toBe(3);
    expect(Array.from(out.subarray(0, 3))).toEqual([6, 7, 8]);
  });
});
