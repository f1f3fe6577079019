/**
 * Median and median absolute deviation (MAD) of plain arrays, the robust location and scale
 * used by every engine. A caller on a per-point path (the anomaly detector's scale tracker
 * and features) passes a reused `scratch` buffer so nothing is allocated per call;
 * {@link median} and {@link medianAbsoluteDeviation} in `descriptive.ts` are the same
 * computation for plain arrays. Non-finite values must be filtered by the caller.
 */

/** Factor that makes the MAD a consistent estimator of σ under normality (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SIGMA = 1.482602218505602;

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
