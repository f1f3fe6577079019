import { medianOf } from './robust-statistics.js';

/** A Theil-Sen line: `value = intercept + slope * x`. */
export interface TheilSenFit {
  /** Median of the pairwise slopes (value units per x unit). */
  slope: number;
  /** Median of `y - slope * x`. */
  intercept: number;
}

/**
 * The Theil-Sen estimator: the median of the slopes (y_j - y_i) / (x_j - x_i) over all pairs
 * with x_i != x_j, and the median residual as intercept. Robust to up to ~29% outliers.
 * O(n^2) memory and time; callers reduce long series first. NaN slope when fewer than two
 * distinct x values.
 */
export function theilSen(x: ArrayLike<number>, y: ArrayLike<number>): TheilSenFit {
  const n = Math.min(x.length, y.length);
  const slopes: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (x[j] as number) - (x[i] as number);
      if (dx !== 0) slopes.push(((y[j] as number) - (y[i] as number)) / dx);
    }
  }
  if (slopes.length === 0) return { slope: Number.NaN, intercept: Number.NaN };
  const slope = medianOf(slopes);
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = (y[i] as number) - slope * (x[i] as number);
  return { slope, intercept: medianOf(residuals) };
}
