/**
 * Good events of a latency SLI from explicit histogram buckets: observations at or below a
 * threshold. Exact when the threshold is a bucket bound; otherwise the bucket holding the
 * threshold is split by linear interpolation (observations assumed even within it) and the
 * answer is flagged approximate.
 *
 * Buckets follow OTLP: `counts[i]` holds observations in `(bounds[i-1], bounds[i]]`, the
 * first bucket `(-∞, bounds[0]]` (read as `[0, bounds[0]]` for interpolation, since durations
 * are not negative) and the last `(bounds[n-1], +∞)`.
 */

/** Explicit-bucket counts. */
export interface BucketCounts {
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
}

/** Observations at or below the threshold. */
export interface BelowThreshold {
  /** Observations `≤ threshold` (fractional when interpolated). */
  good: number;
  /** All observations. */
  total: number;
  /** True when the threshold fell inside a bucket (or above the last bound). */
  approximate: boolean;
}

/**
 * Counts observations at or below `threshold`. A threshold above the last bound cannot be
 * placed inside the open overflow bucket: its observations count as above the threshold
 * (the conservative reading) and the answer is approximate.
 */
export function countAtOrBelow(buckets: BucketCounts, threshold: number): BelowThreshold {
  const { bounds, counts } = buckets;
  let good = 0;
  let total = 0;
  let approximate = false;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    total += count;
    const upper = i < bounds.length ? (bounds[i] as number) : Infinity;
    const lower = i === 0 ? Math.min(0, upper) : (bounds[i - 1] as number);
    if (upper <= threshold) {
      good += count;
    } else if (lower < threshold) {
      approximate = true;
      if (upper !== Infinity && upper > lower)
        good += (count * (threshold - lower)) / (upper - lower);
    }
  }
  return { good, total, approximate };
}

/** Whether `threshold` is one of the bounds (the answer is exact). */
export function isBucketBound(bounds: readonly number[], threshold: number): boolean {
  return bounds.includes(threshold);
}
