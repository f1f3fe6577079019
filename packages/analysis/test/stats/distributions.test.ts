import { describe, expect, it } from 'vitest';
import {
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
} from '../../src/stats/distributions.js';
import { logGamma, regularizedIncompleteBeta } from '../../src/stats/special-functions.js';

// Reference values: printed t and normal tables, closed forms, and an independent
// implementation (SciPy 1.17) where noted.
describe('Student-t tail probabilities', () => {
  it.each([
    // [t, df, two-sided p]
    [2.228, 10, 0.05001177181711132], // table: t(0.975, 10) = 2.228
    [3.169, 10, 0.010004633364384856], // table: t(0.995, 10) = 3.169
    [0.5, 3.7, 0.6453356333199318], // SciPy, fractional df as in Welch's test
    [8, 25, 2.349750615718856e-8], // SciPy, far tail
    [0, 7, 1],
  ])('P(|T| >= %d) with %d df = %d', (t, df, p) => {
    expect(studentTTwoSidedP(t, df)).toBeCloseTo(p, 12);
    expect(studentTTwoSidedP(t, df) / p).toBeCloseTo(1, 9);
  });

  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const t of [0.1, 1, 3.3, 25]) {
      // df = 1 is the Cauchy distribution; df = 2 has p = 1 - t / sqrt(2 + t²).
      expect(studentTTwoSidedP(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t), 13);
      expect(studentTTwoSidedP(t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 13);
    }
  });

  it('gives defined results at the edges', () => {
    expect(studentTTwoSidedP(Infinity, 5)).toBe(0);
    expect(studentTTwoSidedP(Number.NaN, 5)).toBeNaN();
    expect(studentTTwoSidedP(1, 0)).toBeNaN();
    expect(studentTCdf(-2.228, 10)).toBeCloseTo(0.025, 4);
    expect(studentTCdf(2.228, 10)).toBeCloseTo(0.975, 4);
  });

  it('inverts the CDF', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 9);
    expect(studentTQuantile(0.995, 3.5)).toBeCloseTo(5.085702223091256, 8);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138851986274, 9);
    expect(studentTQuantile(0.5, 4)).toBe(0);
  });
});

describe('normal distribution', () => {
  it.each([
    [1.96, 0.9750021048517795],
    [0, 0.5],
    [-1, 0.15865525393145707],
  ])('Φ(%d) = %d', (z, p) => expect(normalCdf(z)).toBeCloseTo(p, 14));

  it('keeps precision in the upper tail', () => {
    expect(normalSf(5) / 2.866515718791933e-7).toBeCloseTo(1, 10);
  });

  it('inverts Φ', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 10);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe('special functions', () => {
  it('log-gamma equals log of factorials', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 10);
  });

  it('incomplete beta matches closed forms', () => {
    for (const x of [0.1, 0.5, 0.93]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 14); // uniform
      expect(regularizedIncompleteBeta(x, 3, 1)).toBeCloseTo(x ** 3, 14); // I_x(a,1) = x^a
      expect(regularizedIncompleteBeta(x, 1, 2)).toBeCloseTo(1 - (1 - x) ** 2, 14);
    }
    expect(regularizedIncompleteBeta(-0.1, 1, 1)).toBeNaN();
  });
});
