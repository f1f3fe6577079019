import { describe, expect, it } from 'vitest';
import {
  finiteValues,
  mean,
  median,
  medianAbsoluteDeviation,
  percentile,
  standardDeviation,
  variance,
} from '../../src/stats/descriptive.js';

describe('descriptive statistics', () => {
  it('percentiles interpolate between closest ranks', () => {
    // Sorted: 1 1 2 3 4 5 6 9; rank = q/100 · 7 (by hand; NumPy's default agrees).
    const v = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(percentile(v, 50)).toBe(3.5);
    expect(percentile(v, 95)).toBeCloseTo(7.95, 12);
    expect(percentile(v, 99)).toBeCloseTo(8.79, 12);
    expect(percentile(v, 0)).toBe(1);
    expect(percentile(v, 100)).toBe(9);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('MAD is robust to an outlier and scaled to σ', () => {
    // median 3, deviations 2 1 0 1 97 → MAD 1, scaled 1.4826.
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100], false)).toBe(1);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBeCloseTo(1.482602218505602, 14);
    expect(median([1, 2, 3, 4, 100])).toBe(3);
  });

  it('variance keeps precision at large offsets', () => {
    expect(variance([1e9 + 1, 1e9 + 2, 1e9 + 3])).toBeCloseTo(1, 9);
    expect(variance([1, 2, 3], 0)).toBeCloseTo(2 / 3, 14);
    expect(variance([5])).toBeNaN();
    expect(mean([])).toBeNaN();
  });

  it('mean and standard deviation stay finite for values near the float limit', () => {
    expect(mean([1e308, 1e308, 1e308])).toBeCloseTo(1e308, -295);
    expect(Number.isFinite(mean([1.7e308, 1.7e308]))).toBe(true);
    // deviations −1e299, 0, +1e299 → sample sd = 1e299 (by hand), though its square overflows.
    expect(standardDeviation([0.9e300, 1e300, 1.1e300]) / 1e299).toBeCloseTo(1, 12);
    expect(standardDeviation([4, 4, 4])).toBe(0);
    expect(standardDeviation([4])).toBeNaN();
  });

  it('finiteValues drops NaN and infinities', () => {
    expect(finiteValues([1, Number.NaN, Infinity, -2, -Infinity])).toEqual([1, -2]);
  });
});
