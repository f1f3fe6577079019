import { describe, expect, it } from 'vitest';
import {
  autocorrelation,
  detectSeasonalPeriod,
  ljungBox,
} from '../../src/stats/autocorrelation.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { normalCdf, normalQuantile } from '../../src/stats/distributions.js';
import { percentileSorted } from '../../src/stats/descriptive.js';
import { medianAndMad, medianOf } from '../../src/stats/robust-statistics.js';

describe('median and MAD', () => {
  it.each([
    // values, median, MAD — by hand
    [[3], 3, 0],
    [[1, 2, 3, 4], 2.5, 1],
    [[1, 1, 2, 2, 4, 6, 9], 2, 1],
    [[-5, 0, 5, 100], 2.5, 5],
  ])('median and MAD of %j are %d and %d', (values, median, mad) => {
    expect(medianAndMad(values)).toEqual({ median, mad });
  });

  it('is NaN for no values', () => {
    expect(medianOf([])).toBeNaN();
    expect(medianAndMad([]).mad).toBeNaN();
  });

  it.each([
    [0, 1],
    [0.25, 1.75],
    [0.5, 2.5],
    [1, 4],
  ])('type-7 quantile %d of [1,2,3,4] is %d', (q, expected) => {
    expect(percentileSorted([1, 2, 3, 4], q * 100)).toBeCloseTo(expected, 12);
  });
});

describe('normal distribution', () => {
  it.each([
    // textbook table values
    [0.5, 0],
    [0.975, 1.959964],
    [0.995, 2.575829],
    [0.8413447, 1],
    [0.0013499, -3],
  ])('quantile(%d) = %d', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 5);
  });

  it('CDF inverts the quantile', () => {
    for (const p of [1e-6, 0.01, 0.3, 0.7, 0.999]) {
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    }
  });

  it('has defined values at the edges', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe('Ljung-Box test', () => {
  it('matches a hand computation', () => {
    // [1..5]: mean 3, deviations -2..2, denominator 10; r1 = (2 + 0 + 0 + 2) / 10 = 0.4;
    // Q = 5 * 7 * 0.16 / 4 = 1.4; P(chi2(1) >= 1.4) = 2 (1 - Phi(sqrt(1.4))) = 0.23674.
    const r = ljungBox([1, 2, 3, 4, 5], 1);
    expect(r.q).toBeCloseTo(1.4, 12);
    expect(r.lags).toBe(1);
    expect(r.pValue).toBeCloseTo(0.23674, 4);
  });

  it('finds no correlation in seeded noise and strong correlation in an AR(1) series', () => {
    const random = seededRandom(11);
    const noise = Array.from({ length: 500 }, () => random() - 0.5);
    expect(ljungBox(noise, 20).pValue).toBeGreaterThan(0.05);
    let y = 0;
    const ar = noise.map((e) => (y = 0.6 * y + e));
    expect(ljungBox(ar, 20).pValue).toBeLessThan(1e-6);
  });

  it('has no evidence on a constant or too short series, and caps the lags at n - 1', () => {
    expect(ljungBox([3, 3, 3, 3], 2)).toEqual({ q: 0, lags: 2, pValue: 1 });
    expect(ljungBox([1, 2], 5)).toEqual({ q: 0, lags: 1, pValue: 1 });
    expect(ljungBox([1, 3, 2, 4], 10).lags).toBe(3);
  });
});

describe('autocorrelation and seasonal period', () => {
  it('matches a hand computation', () => {
    // x = 1,2,3,4: mean 2.5, deviations -1.5,-0.5,0.5,1.5; denominator 5;
    // lag 1: (-1.5*-0.5 + -0.5*0.5 + 0.5*1.5) / 5 = 1.25 / 5
    expect(autocorrelation([1, 2, 3, 4], 1)).toBeCloseTo(0.25, 12);
    expect(autocorrelation([7, 7, 7], 1)).toBe(0);
  });

  it('finds the period of a noisy sine among all lags', () => {
    const values = Array.from(
      { length: 600 },
      (_, i) => Math.sin((2 * Math.PI * i) / 24) + 0.1 * Math.cos(i * 7.3),
    );
    expect(detectSeasonalPeriod(values, { maxLag: 100 })?.period).toBe(24);
  });

  it('rejects a short lag of a slow cycle by its contrast with the half lag', () => {
    const values = Array.from({ length: 2000 }, (_, i) => Math.sin((2 * Math.PI * i) / 288));
    const found = detectSeasonalPeriod(values, { candidates: [12, 288], minContrast: 0.2 });
    expect(found?.period).toBe(288);
    expect(detectSeasonalPeriod(values, { candidates: [12], minContrast: 0.2 })).toBeUndefined();
  });

  it('finds nothing in a constant series', () => {
    expect(detectSeasonalPeriod(new Array(100).fill(3), { maxLag: 30 })).toBeUndefined();
  });
});
