/**
 * Explicit histogram bucket boundaries.
 *
 * The OTel SDK's default boundaries (0 to 10,000) are sized for milliseconds; our durations
 * are in seconds and scientific operations run from a millisecond to hours, so every
 * duration histogram carries these boundaries as `advice.explicitBucketBoundaries`.
 */

/** Duration boundaries in seconds: 1 ms to 1 h, roughly 1-2.5-5 per decade. */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10, 30, 60, 120, 300, 600,
  1800, 3600,
];

/** Accuracy boundaries (unit `1`): dense near 1, where accuracy targets live. */
export const ACCURACY_BUCKETS: readonly number[] = [
  0.5, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999, 1,
];

/** Iteration-count boundaries for optimizers. */
export const ITERATION_BUCKETS: readonly number[] = [
  1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 50000,
];
