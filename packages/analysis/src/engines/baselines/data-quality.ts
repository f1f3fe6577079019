/**
 * Quality checks a window of data must pass before it may become a baseline.
 */

/** Settings of {@link checkQuality}. */
export interface QualityOptions {
  /**
   * Smallest number of finite values.
   * @default 50
   */
  minSamples?: number;
  /**
   * Largest share of non-finite values (NaN, ±Infinity), a ratio.
   * @default 0.1
   */
  maxInvalidRatio?: number;
}

/** Verdict of {@link checkQuality}. */
export type QualityVerdict =
  | { ok: true; finite: number[]; invalid: number }
  | { ok: false; reason: 'insufficient-data' | 'invalid-values'; detail: string };

/** Checks `values`: enough finite values and few invalid ones. */
export function checkQuality(
  values: readonly number[],
  options: QualityOptions = {},
): QualityVerdict {
  const minSamples = options.minSamples ?? 50;
  const maxInvalid = options.maxInvalidRatio ?? 0.1;
  const finite = values.filter((v) => Number.isFinite(v));
  const invalid = values.length - finite.length;
  if (finite.length < minSamples) {
    return {
      ok: false,
      reason: 'insufficient-data',
      detail: `${finite.length} finite values, at least ${minSamples} needed`,
    };
  }
  if (values.length > 0 && invalid / values.length > maxInvalid) {
    return {
      ok: false,
      reason: 'invalid-values',
      detail: `${invalid} of ${values.length} values are not finite (limit ${(maxInvalid * 100).toFixed(0)}%)`,
    };
  }
  return { ok: true, finite, invalid };
}
