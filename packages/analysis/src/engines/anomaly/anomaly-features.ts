import { detectSeasonalPeriod } from '../../stats/autocorrelation.js';
import { medianOf } from '../../stats/robust-statistics.js';
import { RobustScaleTracker } from './robust-scale-tracker.js';
import { SortedWindow } from './sorted-window.js';
import type { AnomalyReason } from './types.js';
import { ValueRing } from './value-ring.js';

/** Number of features per point. */
export const FEATURE_COUNT = 4;
/** What each feature measures, by index. */
export const FEATURE_REASONS: readonly AnomalyReason[] = [
  'spike',
  'sudden_change',
  'seasonal_deviation',
  'level_shift',
];

const LEVEL_WINDOW = 8;
const SHIFT_RECENT = 4;
const SHIFT_BEFORE = 64;
const SCALE_HISTORY = 1024;
const SCALE_REFRESH = 64;
const MIN_SCALE_POINTS = 16;
const STEP_HISTORY = 512;
const SEASON_CYCLES = 3;
const HOUR_MILLIS = 3_600_000;
const CALENDAR_PERIODS_MILLIS = [HOUR_MILLIS, 24 * HOUR_MILLIS, 7 * 24 * HOUR_MILLIS];

/** The features of one point: robust z-scores of four residuals, and what was expected. */
export interface PointFeatures {
  /** Robust z-scores (residual minus its median, over its robust sigma), by feature index. */
  readonly z: Float64Array;
  /** Expected value: the seasonal reference when a period is known, else the rolling level. */
  expected: number;
  /** Robust sigma of the residual of `expected`. */
  expectedScale: number;
}

/**
 * Turns a stream of values into per-point features, causally (each from the values before
 * it): the deviation from the rolling median of the last 8 values (spikes), the first
 * difference (sudden changes), the deviation from the same phase of the last cycles (seasonal
 * deviation; 0 until a period is known) and the mean of the last 4 values against the median
 * of the 64 before them (level shifts). Each residual is scaled by its own robust sigma over
 * the last 1,024 points.
 */
export class FeatureExtractor {
  private readonly _values: ValueRing;
  private readonly _trackers = Array.from(
    { length: FEATURE_COUNT },
    () => new RobustScaleTracker(SCALE_HISTORY, SCALE_REFRESH),
  );
  private readonly _scratch = new Float64Array(SEASON_CYCLES);
  /** The last LEVEL_WINDOW deseasonalised values, sorted: the rolling level. */
  private readonly _level = new SortedWindow(LEVEL_WINDOW);
  /** The SHIFT_BEFORE deseasonalised values before the latest SHIFT_RECENT - 1, sorted. */
  private readonly _before = new SortedWindow(SHIFT_BEFORE);
  private readonly _residuals = new Float64Array(FEATURE_COUNT);
  private readonly _features: PointFeatures = {
    z: new Float64Array(FEATURE_COUNT),
    expected: Number.NaN,
    expectedScale: Number.NaN,
  };
  private readonly _deseasonalised: ValueRing;
  private _y = 0;
  private _seasonal = false;
  private _period: number;
  private _lastTime = Number.NaN;
  private readonly _steps = new ValueRing(STEP_HISTORY);
  private _count = 0;
  private _nextPeriodCheck = 256;

  constructor(
    historyPoints: number,
    private readonly _seasonality: 'auto' | number | false,
  ) {
    this._values = new ValueRing(Math.max(historyPoints, SHIFT_BEFORE + SHIFT_RECENT + 1));
    this._deseasonalised = new ValueRing(SHIFT_BEFORE + SHIFT_RECENT + 1);
    this._period = typeof _seasonality === 'number' ? Math.max(0, Math.round(_seasonality)) : 0;
  }

  /** Seasonal period in use (points), 0 when none. */
  get period(): number {
    return this._period;
  }

  /** Values seen. */
  get count(): number {
    return this._count;
  }

  /**
   * The features of `value` against the history, without learning from it. Valid until the
   * next call.
   */
  features(value: number): PointFeatures {
    const values = this._values;
    const r = this._residuals;
    const n = values.size;
    // With a known period the other features are taken on the deseasonalised series
    // y = x - (median of the same phase in the last cycles), so that a daily pattern's
    // regular jumps are not taken for spikes.
    let reference = 0;
    let seasonal = false;
    if (this._period > 0 && n >= this._period) {
      seasonal = true;
      let k = 0;
      for (let c = 1; c <= SEASON_CYCLES && c * this._period <= n; c++) {
        this._scratch[k++] = values.ago(c * this._period - 1);
      }
      reference = medianOfUpToThree(this._scratch, k);
    }
    this._seasonal = seasonal;
    const y = value - reference;
    this._y = y;
    const ys = this._deseasonalised;
    const m = ys.size;
    const level = m > 0 ? this._level.median() : y;
    r[0] = y - level;
    r[1] = m > 0 ? y - ys.ago(0) : 0;
    r[2] = seasonal ? y : 0;
    if (m >= SHIFT_RECENT + 8) {
      let recent = y;
      for (let i = 0; i < SHIFT_RECENT - 1; i++) recent += ys.ago(i);
      recent /= SHIFT_RECENT;
      r[3] = recent - this._before.median();
    } else {
      r[3] = 0;
    }
    const f = this._features;
    for (let i = 0; i < FEATURE_COUNT; i++) {
      const tracker = this._trackers[i]!;
      // A residual whose own scale is not known yet says nothing.
      f.z[i] =
        tracker.count < MIN_SCALE_POINTS
          ? 0
          : scaledResidual(r[i]! - tracker.center, tracker.scale(), value);
    }
    f.expected = reference + level + this._trackers[0]!.center;
    f.expectedScale = this._trackers[0]!.scale();
    return f;
  }

  /** Learns from `value` (call after `features(value)`, which computed its residuals). */
  learn(timeMillis: number, value: number): void {
    for (let i = 0; i < FEATURE_COUNT; i++) {
      const residual = this._residuals[i]!;
      if (i === 2 && !this._seasonal) continue;
      if (Number.isFinite(residual)) this._trackers[i]!.push(residual);
    }
    this._values.push(value);
    this._deseasonalised.push(this._y);
    this._level.push(this._y);
    // The value that has just become SHIFT_RECENT - 1 points old joins the "before" window.
    const aged = this._deseasonalised.ago(SHIFT_RECENT - 1);
    if (!Number.isNaN(aged)) this._before.push(aged);
    if (this._count > 0) this._steps.push(timeMillis - this._lastTime);
    this._lastTime = timeMillis;
    this._count++;
    if (this._seasonality === 'auto' && this._count >= this._nextPeriodCheck) {
      this._checkPeriod();
      this._nextPeriodCheck = this._count + (this._count < 4096 ? 256 : 2048);
    }
  }

  private _checkPeriod(): void {
    // The typical sampling step (the median, so that gaps in the data do not stretch it).
    const steps = new Float64Array(this._steps.size);
    this._steps.copyLatest(this._steps.size, steps);
    const stepMillis = medianOf(steps, steps.length, new Float64Array(steps.length));
    if (!(stepMillis > 0)) return;
    const candidates = CALENDAR_PERIODS_MILLIS.map((p) => Math.round(p / stepMillis)).filter(
      (p) => p >= 4 && p * 2 <= this._values.size,
    );
    if (candidates.length === 0) return;
    const data = new Float64Array(this._values.size);
    this._values.copyLatest(this._values.size, data);
    const found = detectSeasonalPeriod(data, {
      candidates,
      minCycles: 2,
      minStrength: 0.3,
      minContrast: 0.2,
    });
    this.usePeriod(found?.period ?? 0);
  }

  /**
   * Sets the seasonal period (points; 0 for none), as found elsewhere (the coarse scale
   * follows the period found at the original scale). A change restarts the windows of
   * deseasonalised values.
   */
  usePeriod(period: number): void {
    if (period !== this._period) {
      this._period = period;
      this._deseasonalised.clear();
      this._level.clear();
      this._before.clear();
    }
  }
}

/** Median of `a[0..k)` for k in 1..3 (the same phase of the last cycles). */
function medianOfUpToThree(a: Float64Array, k: number): number {
  if (k === 1) return a[0]!;
  if (k === 2) return (a[0]! + a[1]!) / 2;
  const x = a[0]!;
  const y = a[1]!;
  const z = a[2]!;
  return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
}

/**
 * `residual / scale`, defined for every input: a zero scale (a stream that never varied)
 * is floored relative to the value's magnitude, so the first change on a flat line scores high
 * but finite; non-finite results become +-1e12.
 */
function scaledResidual(residual: number, scale: number, value: number): number {
  if (residual === 0) return 0;
  const floor = 1e-9 * Math.max(1, Math.abs(value));
  const s = Number.isFinite(scale) && scale > floor ? scale : floor;
  const z = residual / s;
  if (Number.isFinite(z)) return Math.max(-1e12, Math.min(1e12, z));
  return residual > 0 ? 1e12 : -1e12;
}
