/**
 * Change-point detection over a whole series the way Hunter (Fleming et al., ICPE 2023)
 * runs E-Divisive means: a split step runs E-Divisive with a Student-t test on overlapping
 * windows with a relaxed p-value, collecting "weak" change points; a merge step then removes,
 * one by one, the weakest point (the highest p-value above `maxPValue`, otherwise the
 * smallest change below the size thresholds) and re-tests its neighbours against the
 * segments that remain, until every point passes.
 */
import { compareSides } from './change-point-stats.js';
import type { ChangePointStats } from './change-point-stats.js';
import { eDivisiveWindow } from './e-divisive.js';

/** Settings of {@link detectChangePoints}. */
export interface ChangePointOptions {
  /**
   * Points per window of the split step; windows overlap by half.
   * @default 50
   */
  windowLength?: number;
  /**
   * Largest p-value of the t-test for a change point to be kept. The split step uses a
   * relaxed value (10x below 0.05, 2x below 0.5).
   * @default 0.001
   */
  maxPValue?: number;
  /**
   * Smallest relative change of the mean (max(|b/a − 1|, |a/b − 1|)) for a point to be kept.
   * @default 0
   */
  minMagnitude?: number;
  /**
   * Smallest standardised change (|difference of means| / pooled standard deviation) for a
   * point to be kept; scale-free, so it also suits series around zero.
   * @default 0
   */
  minEffectSize?: number;
  /**
   * Shrinks the t-test's sample sizes to the effective number of independent points, given
   * the lag-1 autocorrelation of the residuals inside the two segments, so that trends and
   * slowly wandering series are not cut into steps. `false` is the published Hunter/Otava
   * test.
   * @default true
   */
  correctAutocorrelation?: boolean;
  /**
   * Holds `maxPValue` per {@link LENGTH_UNIT_POINTS} points: a longer series is tested at
   * maxPValue · 1000 / n, so the number of false change points does not grow with its length
   * (the split step scans ever more candidates). `false` is the published detector.
   * @default true
   */
  lengthCorrection?: boolean;
  /** Called after each window of the split step with (windows done, windows in total). */
  onProgress?: (done: number, total: number) => void;
}

/** One detected change point. */
export interface DetectedChangePoint {
  /** Index of the first point of the new segment. */
  index: number;
  /** Statistics comparing the segment before with the segment after. */
  stats: ChangePointStats;
}

/** Resolved settings (all fields present). */
export type ChangePointConfig = Required<Omit<ChangePointOptions, 'onProgress'>>;

/** Defaults of {@link ChangePointOptions}. */
export const DEFAULT_CHANGE_POINT_OPTIONS: ChangePointConfig = {
  windowLength: 50,
  maxPValue: 0.001,
  minMagnitude: 0,
  minEffectSize: 0,
  correctAutocorrelation: true,
  lengthCorrection: true,
};

/** Series length over which `maxPValue` holds when `lengthCorrection` is on. */
export const LENGTH_UNIT_POINTS = 1000;

/** The relaxed p-value of the split step for a final threshold `maxPValue`. */
export function splitPValue(maxPValue: number): number {
  if (maxPValue < 0.05) return maxPValue * 10;
  if (maxPValue < 0.5) return maxPValue * 2;
  return maxPValue;
}

function statsAt(
  dims: readonly (readonly number[])[],
  indices: readonly number[],
  k: number,
  length: number,
  correctAutocorrelation: boolean,
): ChangePointStats {
  const from = k === 0 ? 0 : indices[k - 1]!;
  const to = k === indices.length - 1 ? length : indices[k + 1]!;
  return compareSides(dims, from, indices[k]!, to, correctAutocorrelation);
}

/** Split step: weak change points of the whole series, sorted, with their statistics. */
export function splitStep(
  dims: readonly (readonly number[])[],
  windowLength: number,
  pValue: number,
  correctAutocorrelation: boolean,
  onProgress?: (done: number, total: number) => void,
): DetectedChangePoint[] {
  const length = dims[0]?.length ?? 0;
  const step = Math.max(1, Math.floor(windowLength / 2));
  const windows = Math.ceil(length / step);
  const seen = new Set<number>();
  let start = 0;
  while (start < length) {
    const end = Math.min(start + windowLength, length);
    const found = eDivisiveWindow(dims, start, end, pValue, correctAutocorrelation);
    for (const i of found) seen.add(i);
    const last = found.length > 0 ? found[found.length - 1]! : 0;
    start = Math.max(last, start + step);
    onProgress?.(Math.min(windows, Math.ceil(start / step)), windows);
  }
  const indices = [...seen].sort((a, b) => a - b);
  return indices.map((index, k) => ({
    index,
    stats: statsAt(dims, indices, k, length, correctAutocorrelation),
  }));
}

/** Merge step: drops weak points until all pass the thresholds (see the module comment). */
export function mergeStep(
  dims: readonly (readonly number[])[],
  weak: readonly DetectedChangePoint[],
  config: ChangePointConfig,
): DetectedChangePoint[] {
  const length = dims[0]?.length ?? 0;
  const points = weak.map((p) => ({ ...p }));
  while (points.length > 0) {
    let weakest = 0;
    for (let k = 1; k < points.length; k++) {
      if (points[k]!.stats.pValue > points[weakest]!.stats.pValue) weakest = k;
    }
    if (points[weakest]!.stats.pValue < config.maxPValue) {
      weakest = 0;
      for (let k = 1; k < points.length; k++) {
        if (points[k]!.stats.magnitude < points[weakest]!.stats.magnitude) weakest = k;
      }
      const smallestMagnitude = points[weakest]!.stats.magnitude;
      let smallestEffect = 0;
      for (let k = 1; k < points.length; k++) {
        if (points[k]!.stats.effectSize < points[smallestEffect]!.stats.effectSize) {
          smallestEffect = k;
        }
      }
      const magnitudeOk = smallestMagnitude > config.minMagnitude;
      const effectOk =
        config.minEffectSize <= 0 ||
        points[smallestEffect]!.stats.effectSize > config.minEffectSize;
      if (magnitudeOk && effectOk) return points;
      if (magnitudeOk) weakest = smallestEffect;
    }
    points.splice(weakest, 1);
    // Re-test the point that moved into the removed one's place (its left segment widened)
    // and the one after it, in the order of the published Hunter/Otava merge step; the point
    // before keeps the statistics it had, which the published results depend on.
    const indices = points.map((p) => p.index);
    for (const k of [weakest, weakest + 1]) {
      if (k >= 0 && k < points.length)
        points[k]!.stats = statsAt(dims, indices, k, length, config.correctAutocorrelation);
    }
  }
  return points;
}

/**
 * Replaces non-finite values by the nearest earlier finite value (leading gaps take the
 * first finite value). A dimension without any finite value becomes all zeros.
 */
export function fillGaps(values: readonly number[]): number[] {
  const out = values.slice();
  let last = Number.NaN;
  for (let i = 0; i < out.length; i++) {
    if (Number.isFinite(out[i])) last = out[i]!;
    else out[i] = last;
  }
  const firstFinite = out.findIndex((v) => Number.isFinite(v));
  const fill = firstFinite >= 0 ? out[firstFinite]! : 0;
  for (let i = 0; i < out.length && !Number.isFinite(out[i]); i++) out[i] = fill;
  return out;
}

/**
 * Divides a dimension whose values would overflow when squared by a power of two (exact;
 * tests, divergences and relative changes do not depend on the scale).
 */
function avoidOverflow(values: number[]): number[] {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  if (!(max > 1e150)) return values;
  const k = 2 ** -Math.ceil(Math.log2(max));
  return values.map((v) => v * k);
}

/**
 * Divides a dimension by its standard deviation so that every dimension weighs the same in
 * the multivariate distance (a constant dimension is left as it is). Ratios of means, and so
 * the relative magnitude, do not change.
 */
function scaleToUnitSpread(values: readonly number[]): number[] {
  let sum = 0;
  for (const v of values) sum += v;
  const m = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  const sd = Math.sqrt(ss / values.length);
  return sd > 0 ? values.map((v) => v / sd) : values.slice();
}

/**
 * Change points of a series with one or more dimensions (`dims[d][i]`, all of one length).
 * Gaps (NaN, ±Infinity) are filled with the previous value. Series shorter than 3 points
 * have none.
 */
export function detectChangePoints(
  dims: readonly (readonly number[])[],
  options: ChangePointOptions = {},
): DetectedChangePoint[] {
  const { onProgress, ...settings } = options;
  const config: ChangePointConfig = { ...DEFAULT_CHANGE_POINT_OPTIONS, ...settings };
  if (!(config.windowLength >= 2)) throw new RangeError('windowLength must be at least 2');
  if (!(config.maxPValue > 0 && config.maxPValue <= 1)) {
    throw new RangeError('maxPValue must be in (0, 1]');
  }
  if (dims.length === 0) return [];
  const length = dims[0]!.length;
  if (dims.some((d) => d.length !== length)) {
    throw new RangeError('every dimension must have the same number of points');
  }
  if (length < 3) return [];
  let filled = dims.map(fillGaps).map(avoidOverflow);
  if (filled.length > 1) filled = filled.map(scaleToUnitSpread);
  if (config.lengthCorrection && length > LENGTH_UNIT_POINTS) {
    config.maxPValue *= LENGTH_UNIT_POINTS / length;
  }
  const weak = splitStep(
    filled,
    config.windowLength,
    splitPValue(config.maxPValue),
    config.correctAutocorrelation,
    onProgress,
  );
  return mergeStep(filled, weak, config);
}
