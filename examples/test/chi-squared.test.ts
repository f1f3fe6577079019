import { describe, expect, it } from 'vitest';
import {
  HUBER_K,
  chiSquared,
  huber,
  huberObjective,
  reducedChiSquared,
} from '../src/analysis/chi-squared.js';

describe('chiSquared', () => {
  it.each([
    // data, model, sigma, chi^2 worked out by hand
    { data: [1, 2, 3], model: [1, 1, 1], sigma: [1, 1, 1], expected: 0 + 1 + 4 },
    { data: [1, 2, 3], model: [1, 1, 1], sigma: [1, 1, 2], expected: 0 + 1 + 1 },
    { data: [0.5, -0.5], model: [0, 0], sigma: [0.25, 0.5], expected: 4 + 1 },
    { data: [7], model: [7], sigma: [0.1], expected: 0 },
  ])('sums squared standardized residuals: $data vs $model', ({ data, model, sigma, expected }) => {
    expect(chiSquared(data, model, sigma)).toBeCloseTo(expected, 12);
  });

  it('divides by points minus parameters for the reduced value', () => {
    expect(reducedChiSquared([1, 2, 3], [1, 1, 1], [1, 1, 2], 1)).toBeCloseTo(2 / 2, 12);
    expect(reducedChiSquared([1, 2, 3, 4], [0, 0, 0, 0], [1, 1, 1, 1], 2)).toBeCloseTo(30 / 2, 12);
  });

  it('rejects arrays of different lengths and fits without degrees of freedom', () => {
    expect(() => chiSquared([1, 2], [1], [1, 1])).toThrow(/length mismatch: data 2, model 1/);
    expect(() => reducedChiSquared([1, 2], [1, 2], [1, 1], 2)).toThrow(/2 points cannot fit 2/);
  });
});

describe('huber', () => {
  it.each([
    { r: 0, expected: 0 },
    { r: 0.5, expected: 0.125 },
    { r: -1, expected: 0.5 },
    { r: HUBER_K, expected: 0.5 * HUBER_K * HUBER_K },
    // beyond k: k|r| - k^2/2 = 2.69 - 0.9045125
    { r: 2, expected: 1.7854875 },
    { r: -2, expected: 1.7854875 },
    { r: 10, expected: 13.45 - 0.9045125 },
  ])('is quadratic inside k and linear beyond: r = $r', ({ r, expected }) => {
    expect(huber(r)).toBeCloseTo(expected, 12);
  });

  it('is continuous with a continuous slope at k', () => {
    const eps = 1e-7;
    expect(huber(HUBER_K + eps) - huber(HUBER_K - eps)).toBeCloseTo(2 * eps * HUBER_K, 10);
  });

  it('equals chi^2 when every residual is within k, and grows slower beyond', () => {
    const data = [1.1, 0.9, 1.05];
    const model = [1, 1, 1];
    const sigma = [0.1, 0.1, 0.1];
    expect(huberObjective(data, model, sigma)).toBeCloseTo(chiSquared(data, model, sigma), 10);
    const withOutlier = [1.1, 0.9, 3];
    expect(huberObjective(withOutlier, model, sigma)).toBeLessThan(
      chiSquared(withOutlier, model, sigma) / 5,
    );
  });
});
