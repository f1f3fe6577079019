import { normalCdf } from './distributions.js';

/** Result of the Mann-Kendall trend test. */
export interface MannKendallResult {
  /** S = sum over i < j of sign(x_j - x_i). */
  s: number;
  /** Variance of S under no trend, corrected for ties. */
  variance: number;
  /** Standardised statistic with continuity correction ((S - 1) / sd for S > 0, ...). */
  z: number;
  /** Two-sided p-value from the normal approximation. */
  pValue: number;
  /** Kendall's tau-a: S / (n (n - 1) / 2), in [-1, 1]. */
  tau: number;
  /** Number of values tested. */
  n: number;
}

/**
 * The Mann-Kendall test for a monotonic trend in `values` (in time order), with the tie
 * correction of the variance: Var(S) = [n(n-1)(2n+5) - sum_t t(t-1)(2t+5)] / 18 over groups
 * of t tied values. O(n^2); callers reduce long series first. For n < 3 the result is
 * "no evidence" (p = 1).
 */
export function mannKendall(values: ArrayLike<number>): MannKendallResult {
  const n = values.length;
  if (n < 3) return { s: 0, variance: 0, z: 0, pValue: 1, tau: 0, n };
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = values[i] as number;
    for (let j = i + 1; j < n; j++) {
      const d = (values[j] as number) - xi;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
    }
  }
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++)
    counts.set(values[i] as number, (counts.get(values[i] as number) ?? 0) + 1);
  let ties = 0;
  for (const t of counts.values()) if (t > 1) ties += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  const sd = Math.sqrt(variance);
  const z = !(sd > 0) ? 0 : s > 0 ? (s - 1) / sd : s < 0 ? (s + 1) / sd : 0;
  const pValue = z === 0 ? 1 : Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  return { s, variance, z, pValue, tau: s / ((n * (n - 1)) / 2), n };
}
