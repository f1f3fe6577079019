/**
 * The logarithmic value-to-bucket mapping of a relative-error quantile sketch (the DDSketch
 * construction: Masson, Rim, Lee, "DDSketch: A Fast and Fully-Mergeable Quantile Sketch
 * with Relative-Error Guarantees", VLDB 2019).
 *
 * With relative accuracy `a`, `gamma = (1 + a) / (1 - a)`. A positive value `x` falls in
 * bucket `i = ceil(log_gamma(x))`, which covers `(gamma^(i-1), gamma^i]`; the bucket's
 * representative `2 gamma^i / (gamma + 1)` is within relative distance `a` of every value in
 * the bucket. Negative values use the bucket of `|x|`; values closer to zero than
 * {@link MIN_INDEXABLE_VALUE} share one zero bucket.
 *
 * Buckets are stored under one integer "sort key" whose order is the order of the values:
 * negative buckets below zero, the zero bucket at 0, positive buckets above:
 *
 *   x > 0: key = POSITIVE_BASE + i      x = 0: key = 0      x < 0: key = -POSITIVE_BASE - i
 *
 * Every key fits in an int32 for the accuracies {@link validateRelativeAccuracy} allows, so
 * time-bucketed sketches can keep keys in an `Int32Array`.
 */

/** Smallest magnitude given its own bucket; smaller magnitudes count as zero. */
export const MIN_INDEXABLE_VALUE = 1e-300;
/** Offset of positive bucket indices in the sort-key space (2^29). */
export const POSITIVE_BASE = 536_870_912;
/** The sort key of the zero bucket. */
export const ZERO_KEY = 0;

/** Lowest relative accuracy accepted: keeps every bucket index below 2^28 in magnitude. */
export const MIN_RELATIVE_ACCURACY = 1e-4;
/** Highest relative accuracy accepted. */
export const MAX_RELATIVE_ACCURACY = 0.5;

/** A mapping for one relative accuracy. Sketches merge only with the same mapping. */
export interface SketchMapping {
  /** The relative accuracy `a`, in (0, 1). */
  readonly relativeAccuracy: number;
  /** `(1 + a) / (1 - a)`. */
  readonly gamma: number;
  /** `1 / ln(gamma)`, precomputed for the hot path. */
  readonly inverseLnGamma: number;
  /** The sort key of `value`. */
  keyOf(value: number): number;
  /** The representative value of a sort key. */
  valueOf(key: number): number;
}

/** Throws a RangeError naming `where` unless `a` is an allowed relative accuracy. */
export function validateRelativeAccuracy(a: number, where = 'relativeAccuracy'): void {
  if (!(a >= MIN_RELATIVE_ACCURACY && a <= MAX_RELATIVE_ACCURACY)) {
    throw new RangeError(
      `${where}: must be between ${MIN_RELATIVE_ACCURACY} and ${MAX_RELATIVE_ACCURACY}, got ${a}`,
    );
  }
}

const mappings = new Map<number, SketchMapping>();

/** The (cached) mapping for a relative accuracy. */
export function sketchMapping(relativeAccuracy: number): SketchMapping {
  const cached = mappings.get(relativeAccuracy);
  if (cached) return cached;
  validateRelativeAccuracy(relativeAccuracy);
  const gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
  const inverseLnGamma = 1 / Math.log(gamma);
  const representativeFactor = 2 / (gamma + 1);
  const mapping: SketchMapping = {
    relativeAccuracy,
    gamma,
    inverseLnGamma,
    keyOf(value) {
      if (value > 0) {
        if (value < MIN_INDEXABLE_VALUE) return ZERO_KEY;
        return POSITIVE_BASE + Math.ceil(Math.log(value) * inverseLnGamma);
      }
      if (value < 0) {
        if (value > -MIN_INDEXABLE_VALUE) return ZERO_KEY;
        return -POSITIVE_BASE - Math.ceil(Math.log(-value) * inverseLnGamma);
      }
      return ZERO_KEY;
    },
    valueOf(key) {
      if (key > 0) return Math.pow(gamma, key - POSITIVE_BASE) * representativeFactor;
      if (key < 0) return -Math.pow(gamma, -POSITIVE_BASE - key) * representativeFactor;
      return 0;
    },
  };
  mappings.set(relativeAccuracy, mapping);
  return mapping;
}
