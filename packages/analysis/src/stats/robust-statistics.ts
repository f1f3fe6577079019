/**
 * Median and median absolute deviation (MAD) of plain arrays, the robust location and scale
 * used by the anomaly and trend engines. Non-finite values must be filtered by the caller.
 */

/** Scale factor that makes the MAD a consistent estimator of a normal distribution's sigma. */
export const MAD_TO_SIGMA = 1.4826;

/**
 * Median of `values[0..length)`; sorts `scratch` (which must hold at least `length` numbers)
 * and leaves `values` untouched. NaN for an empty range.
 */
export function medianOf(
  values: ArrayLike<number>,
  length: number = values.length,
  scratch: Float64Array = new Float64Array(length),
): number {
  if (length <= 0) return Number.NaN;
  for (let i = 0; i < length; i++) scratch[i] = values[i] as number;
  const sorted = scratch.subarray(0, length).sort();
  const mid = length >> 1;
  return length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median and MAD (unscaled: the median of |x - median|) of `values[0..length)`. Both NaN for
 * an empty range.
 */
export function medianAndMad(
  values: ArrayLike<number>,
  length: number = values.length,
  scratch: Float64Array = new Float64Array(length),
): { median: number; mad: number } {
  const median = medianOf(values, length, scratch);
  if (Number.isNaN(median)) return { median, mad: Number.NaN };
  for (let i = 0; i < length; i++) scratch[i] = Math.abs((values[i] as number) - median);
  const sorted = scratch.subarray(0, length).sort();
  const mid = length >> 1;
  const mad =
    length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, mad };
}

/**
 * Quantile `q` in [0, 1] of sorted `values` by linear interpolation between order statistics
 * (the "type 7" definition of R and NumPy). NaN for an empty array.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}
