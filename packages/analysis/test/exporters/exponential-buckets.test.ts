import { describe, expect, it } from 'vitest';
import { exponentialToExplicit } from '../../src/exporters/exponential-buckets.js';
import { exponentialPoint } from './model-builders.js';

describe('exponentialToExplicit', () => {
  it('gives each exponential bucket its exact upper bound (scale 1, by hand)', () => {
    // base = 2^(2^-1) = √2. Positive bucket i covers (√2^i, √2^(i+1)]: offset 2 → (2, 2√2], (2√2, 4].
    // Negative bucket 0 covers [-√2, -1), so its upper bound is -1.
    const point = exponentialPoint({
      count: 7,
      sum: 12,
      scale: 1,
      zeroCount: 2,
      zeroThreshold: 0.001,
      positive: { offset: 2, bucketCounts: [3, 1] },
      negative: { offset: 0, bucketCounts: [1] },
    });
    const explicit = exponentialToExplicit(point);
    expect(explicit.explicitBounds).toEqual([-1, 0.001, 2 * Math.SQRT2, 4]);
    expect(explicit.explicitBounds[2]).toBeCloseTo(2.8284271247461903, 15);
    expect(explicit.bucketCounts).toEqual([1, 2, 3, 1, 0]);
  });

  it('orders negative buckets from the most negative and puts uncounted points in +Inf', () => {
    // scale 0: base 2; negative offset 1 → buckets [-4,-2) and [-8,-4) with upper bounds -2 and -4.
    const point = exponentialPoint({
      count: 10,
      sum: -30,
      scale: 0,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: { offset: 0, bucketCounts: [] },
      negative: { offset: 1, bucketCounts: [3, 5] },
    });
    const explicit = exponentialToExplicit(point);
    expect(explicit.explicitBounds).toEqual([-4, -2, 0]);
    expect(explicit.bucketCounts).toEqual([5, 3, 0, 2]);
  });
});
