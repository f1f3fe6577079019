/**
 * Baseline statistics of a sample by one of three methods:
 * - `percentile`: location = P50, with a distribution-free confidence interval of the median
 *   from order statistics;
 * - `robust`: outliers (modified z-score |x − median| / (1.4826 MAD) > `outlierZ`) removed
 *   first, then median and MAD, with the median's asymptotic interval 1.2533 σ̂ / √n;
 * - `mean`: mean with Student's t interval s / √n · t(1 − (1 − level)/2, n − 1).
 * Every method also reports P50/P95/P99, mean, sample standard deviation, median and the
 * (unscaled) MAD of the data it used, and a band (location ± sensitivity · scale) for
 * "normal" values.
 */
import {
  MAD_TO_SIGMA,
  mean,
  normalQuantile,
  percentileSorted,
  sortedCopy,
  standardDeviation,
  studentTQuantile,
} from '../../stats/index.js';
import { medianAndMad } from '../../stats/robust-statistics.js';
import type { BaselineMethod, BaselineStatistics } from '../../store/baseline-records.js';

/** Settings of {@link computeBaseline}. */
export interface BaselineMethodOptions {
  /**
   * Confidence level of the interval of the location.
   * @default 0.95
   */
  confidenceLevel?: number;
  /**
   * Modified z-score above which the robust method drops a point as an outlier.
   * @default 3.5
   */
  outlierZ?: number;
  /**
   * Half-width of the band of normal values, in units of the method's scale (σ̂).
   * @default 2
   */
  bandSensitivity?: number;
}

/** Statistics plus the band and what the robust filter removed. */
export interface ComputedBaseline extends BaselineStatistics {
  /** The location the method stands for (P50, robust median or mean). */
  location: number;
  /** The spread the band uses (σ̂: scaled MAD for percentile/robust, std for mean). */
  scale: number;
  /** Lower edge of the band of normal values. */
  bandLower: number;
  /** Upper edge of the band of normal values. */
  bandUpper: number;
  /** Points the robust method dropped as outliers (0 for the other methods). */
  outliersRemoved: number;
}

/** Points whose modified z-score is at most `z` (all points when the MAD is 0). */
export function withoutOutliers(sorted: readonly number[], z: number): number[] {
  const { median: m, mad } = medianAndMad(sorted);
  if (!(mad > 0)) return sorted.slice();
  const sigma = mad * MAD_TO_SIGMA;
  return sorted.filter((v) => Math.abs(v - m) / sigma <= z);
}

/**
 * Baseline statistics of `values` (finite values expected; callers filter). Empty input
 * gives NaN statistics and a sample count of 0.
 */
export function computeBaseline(
  values: readonly number[],
  method: BaselineMethod,
  options: BaselineMethodOptions = {},
): ComputedBaseline {
  const level = options.confidenceLevel ?? 0.95;
  const outlierZ = options.outlierZ ?? 3.5;
  const sensitivity = options.bandSensitivity ?? 2;
  const all = sortedCopy(values);
  const used = method === 'robust' ? withoutOutliers(all, outlierZ) : all;
  const n = used.length;
  const { median: med, mad } = medianAndMad(used);
  const m = mean(used);
  const std = n >= 2 ? standardDeviation(used, 1) : n === 1 ? 0 : Number.NaN;
  const z = normalQuantile(1 - (1 - level) / 2);
  let location: number;
  let scale: number;
  let ciLower: number;
  let ciUpper: number;
  if (method === 'mean') {
    location = m;
    scale = std;
    const half = n >= 2 ? studentTQuantile(1 - (1 - level) / 2, n - 1) * (std / Math.sqrt(n)) : NaN;
    ciLower = location - half;
    ciUpper = location + half;
  } else if (method === 'robust') {
    location = med;
    scale = mad * MAD_TO_SIGMA;
    // Asymptotic standard error of the median: sqrt(π/2) σ / √n.
    const half = n >= 2 ? (z * Math.sqrt(Math.PI / 2) * scale) / Math.sqrt(n) : NaN;
    ciLower = location - half;
    ciUpper = location + half;
  } else {
    location = med;
    scale = mad * MAD_TO_SIGMA;
    // Order statistics around the median: ranks n/2 ∓ z √n / 2 (binomial, normal approx.).
    if (n >= 2) {
      const lo = Math.max(0, Math.floor(n / 2 - (z * Math.sqrt(n)) / 2));
      const hi = Math.min(n - 1, Math.ceil(n / 2 + (z * Math.sqrt(n)) / 2) - 1);
      ciLower = used[lo]!;
      ciUpper = used[Math.max(lo, hi)]!;
    } else {
      ciLower = Number.NaN;
      ciUpper = Number.NaN;
    }
  }
  return {
    p50: percentileSorted(used, 50),
    p95: percentileSorted(used, 95),
    p99: percentileSorted(used, 99),
    mean: m,
    std,
    median: med,
    mad,
    ciLower,
    ciUpper,
    ciLevel: level,
    sampleCount: n,
    location,
    scale,
    bandLower: location - sensitivity * scale,
    bandUpper: location + sensitivity * scale,
    outliersRemoved: all.length - n,
  };
}
