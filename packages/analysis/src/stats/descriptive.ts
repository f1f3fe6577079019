import { MAD_TO_SIGMA, medianAndMad, medianOf } from './robust-statistics.js';

/**
 * Descriptive statistics over plain number arrays. Every function ignores nothing: callers
 * filter non-finite values first (see {@link finiteValues}). Empty input gives NaN.
 */

/** The finite values of `values`, in order (drops NaN and ±Infinity). */
export function finiteValues(values: readonly number[]): number[] {
  const out: number[] = [];
  for (const v of values) if (Number.isFinite(v)) out.push(v);
  return out;
}

/** Arithmetic mean; NaN when empty. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  if (Number.isFinite(sum) || !values.every(Number.isFinite)) return sum / values.length;
  // The sum overflowed although every value is finite: a running mean cannot overflow.
  let m = 0;
  for (let i = 0; i < values.length; i++) m += (values[i]! - m) / (i + 1);
  return m;
}

/**
 * Variance with `ddof` delta degrees of freedom (1: the sample variance, 0: the population
 * variance). Two-pass, so large offsets do not lose precision. NaN when n <= ddof.
 */
export function variance(values: readonly number[], ddof = 1): number {
  const n = values.length;
  if (n <= ddof) return Number.NaN;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return ss / (n - ddof);
}

/**
 * Standard deviation with `ddof` delta degrees of freedom (see {@link variance}). Deviations
 * are scaled before squaring, so a spread whose variance would overflow (values near 1e300)
 * still has a finite standard deviation.
 */
export function standardDeviation(values: readonly number[], ddof = 1): number {
  const n = values.length;
  if (n <= ddof) return Number.NaN;
  const m = mean(values);
  let scale = 0;
  for (const v of values) scale = Math.max(scale, Math.abs(v - m));
  if (!(scale > 0) || !Number.isFinite(scale)) return scale === 0 ? 0 : Number.NaN;
  let ss = 0;
  for (const v of values) ss += ((v - m) / scale) ** 2;
  return scale * Math.sqrt(ss / (n - ddof));
}

/** A sorted copy (ascending). */
export function sortedCopy(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}

/**
 * Percentile `q` (0..100) of already sorted values with linear interpolation between
 * closest ranks (the common "type 7" definition: rank = q/100 · (n - 1)). NaN when empty.
 */
export function percentileSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0 || !(q >= 0 && q <= 100)) return Number.NaN;
  const rank = (q / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

/** Percentile `q` (0..100) of unsorted values; see {@link percentileSorted}. */
export function percentile(values: readonly number[], q: number): number {
  return percentileSorted(sortedCopy(values), q);
}

/** Median (the 50th percentile). */
export function median(values: readonly number[]): number {
  return medianOf(values);
}

/**
 * Median absolute deviation from the median. With `scaled` (default) it is multiplied by
 * 1.4826 so that it estimates the standard deviation of normally distributed data.
 */
export function medianAbsoluteDeviation(values: readonly number[], scaled = true): number {
  const { mad } = medianAndMad(values);
  return scaled ? mad * MAD_TO_SIGMA : mad;
}
