import { describe, expect, it } from 'vitest';
import { mannKendall } from '../../src/stats/mann-kendall.js';
import { theilSen } from '../../src/stats/theil-sen.js';
import { seededRandom } from '../helpers/seeded-random.js';

describe('Mann-Kendall', () => {
  it.each([
    // values, S, Var(S), Z, p, tau — computed by hand:
    // [1,3,2,5,4]: S = 4 + 1 + 2 - 1 = 6; Var = 5*4*15/18; Z = (6-1)/sqrt(Var); p = 2(1 - Phi(Z))
    [[1, 3, 2, 5, 4], 6, 300 / 18, 5 / Math.sqrt(300 / 18), 0.2207, 0.6],
    // ties: [1,1,2]: S = 2; Var = (3*2*11 - 2*1*9)/18 = 48/18; Z = 1/sqrt(48/18)
    [[1, 1, 2], 2, 48 / 18, 1 / Math.sqrt(48 / 18), 0.5403, 2 / 3],
    // strictly decreasing, n = 4: S = -6; Var = 4*3*13/18; Z = (-6+1)/sqrt(Var)
    [[4, 3, 2, 1], -6, 156 / 18, -5 / Math.sqrt(156 / 18), 0.0894, -1],
  ])('%j gives S=%d', (values, s, variance, z, p, tau) => {
    const r = mannKendall(values);
    expect(r.s).toBe(s);
    expect(r.variance).toBeCloseTo(variance, 10);
    expect(r.z).toBeCloseTo(z, 10);
    expect(r.pValue).toBeCloseTo(p, 3);
    expect(r.tau).toBeCloseTo(tau, 10);
  });

  it('gives no evidence for fewer than 3 values or a constant series', () => {
    expect(mannKendall([1, 2]).pValue).toBe(1);
    expect(mannKendall([5, 5, 5, 5]).pValue).toBe(1);
  });
});

describe('Theil-Sen', () => {
  it('matches a hand computation with an outlier', () => {
    // slopes: 1, 1, 10, 1, 14.5, 28 -> median (1 + 10) / 2
    expect(theilSen([0, 1, 2, 3], [0, 1, 2, 30]).slope).toBe(5.5);
  });

  it('matches a brute-force median of all pairwise slopes on seeded data', () => {
    const random = seededRandom(9);
    const x = Array.from({ length: 41 }, (_, i) => i * 2 + random());
    const y = x.map((xi) => 3 - 0.7 * xi + (random() - 0.5) * 4);
    const slopes: number[] = [];
    for (let i = 0; i < x.length; i++) {
      for (let j = 0; j < x.length; j++)
        if (x[j]! > x[i]!) slopes.push((y[j]! - y[i]!) / (x[j]! - x[i]!));
    }
    slopes.sort((a, b) => a - b);
    const m = slopes.length;
    const median = m % 2 ? slopes[(m - 1) / 2]! : (slopes[m / 2 - 1]! + slopes[m / 2]!) / 2;
    expect(theilSen(x, y).slope).toBeCloseTo(median, 12);
    expect(theilSen(x, y).slope).toBeCloseTo(-0.7, 1);
  });

  it('is NaN without two distinct x values', () => {
    expect(theilSen([1], [1]).slope).toBeNaN();
    expect(theilSen([2, 2], [1, 5]).slope).toBeNaN();
  });
});
