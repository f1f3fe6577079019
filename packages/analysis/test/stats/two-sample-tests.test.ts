import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../../src/stats/mann-whitney.js';
import {
  studentTTest,
  studentTTestFromStats,
  welchTTest,
  welchTTestFromStats,
} from '../../src/stats/t-tests.js';

describe('t-tests', () => {
  // a: mean 3, variance 2.5; b: mean 6, variance 10 (by hand). Welch: se = sqrt(0.5 + 2),
  // t = -3 / 1.5811 = -1.8974, df = 2.5² / (0.5²/4 + 2²/4) = 5.8824. p from SciPy 1.17.
  const a = [1, 2, 3, 4, 5];
  const b = [2, 4, 6, 8, 10];

  it("Welch's test", () => {
    const r = welchTTest(a, b);
    expect(r.t).toBeCloseTo(-1.8973665961010275, 12);
    expect(r.df).toBeCloseTo(5.882352941176471, 12);
    expect(r.pValue).toBeCloseTo(0.10753119493062728, 10);
  });

  it("Student's pooled test", () => {
    const r = studentTTest(a, b);
    expect(r.df).toBe(8);
    expect(r.pValue).toBeCloseTo(0.09434977284243762, 10);
  });

  it('from summary statistics equals the raw-sample test', () => {
    const r = studentTTestFromStats(
      { n: 5, mean: 3, std: Math.sqrt(2.5) },
      { n: 5, mean: 6, std: Math.sqrt(10) },
    );
    expect(r.pValue).toBeCloseTo(studentTTest(a, b).pValue, 14);
  });

  it('gives defined results without spread or data', () => {
    expect(welchTTest([5, 5, 5], [5, 5, 5]).pValue).toBe(1);
    expect(welchTTest([5, 5, 5], [6, 6, 6])).toMatchObject({ t: -Infinity, pValue: 0 });
    expect(welchTTest([1], [2, 3]).pValue).toBe(1);
    expect(studentTTest([], []).pValue).toBe(1);
    expect(welchTTestFromStats({ n: 1, mean: 0, std: 0 }, { n: 9, mean: 1, std: 1 }).pValue).toBe(
      1,
    );
    const huge = welchTTest([1e300, 1.1e300, 0.9e300], [2e300, 2.1e300, 1.9e300]);
    expect(huge.pValue).toBeGreaterThan(0);
    expect(huge.pValue).toBeLessThan(0.01);
  });
});

describe('Mann-Whitney U', () => {
  it('uses the exact distribution for small samples without ties', () => {
    // Complete separation of 3 and 3: U = 0, P = 2 / C(6, 3) = 0.1 (by hand).
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6])).toMatchObject({ u: 0, pValue: 0.1, exact: true });
    // 4 and 4: 2 / C(8, 4) = 2 / 70.
    expect(mannWhitneyU([1, 2, 3, 4], [5, 6, 7, 8]).pValue).toBeCloseTo(2 / 70, 14);
    // SciPy 1.17, method='exact'.
    const r = mannWhitneyU([1.1, 2.5, 3.2, 4.8, 0.3], [4.4, 5.9, 6.1, 2.2]);
    expect(r.u).toBe(4);
    expect(r.pValue).toBeCloseTo(0.19047619047619047, 14);
  });

  it('uses the tie-corrected normal approximation with ties', () => {
    // SciPy 1.17, method='asymptotic', use_continuity=True.
    const r = mannWhitneyU([1, 2, 2, 3, 3, 3, 4], [3, 4, 4, 5, 5, 6, 7, 7]);
    expect(r.exact).toBe(false);
    expect(r.u).toBe(3.5);
    expect(r.pValue).toBeCloseTo(0.004793348746185457, 12);
  });

  it('is symmetric and defined at the edges', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const y = [2, 7, 1, 8, 2, 8];
    expect(mannWhitneyU(x, y).pValue).toBeCloseTo(mannWhitneyU(y, x).pValue, 14);
    expect(mannWhitneyU([], [1, 2]).pValue).toBe(1);
    expect(mannWhitneyU([4, 4, 4], [4, 4]).pValue).toBe(1);
  });
});
