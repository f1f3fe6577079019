import { detectSeasonalPeriod, ljungBox } from '../../stats/autocorrelation.js';
import { normalQuantile } from '../../stats/distributions.js';
import { percentileSorted } from '../../stats/descriptive.js';
import { medianOf } from '../../stats/robust-statistics.js';
import { fitForestForecaster, forecastFeatureRows } from './forest-forecast.js';
import type { ForestSize } from './forest-forecast.js';
import { fitHoltWinters, holtWintersForecasts } from './holt-winters.js';

/** The forecasting models compared by backtest. */
export type ForecastModel = 'holt_winters' | 'random_forest' | 'recent_mean' | 'seasonal_naive';

/** Windows (points) the recent-mean model averages; the backtest picks one. */
const MEAN_WINDOWS = [8, 32, 128];

/** Options of {@link forecastSeries}. */
export interface ForecastOptions {
  /** Coverage of the prediction interval. @default 0.95 */
  coverage?: number;
  /** Fewest points for a forecast (besides 3 horizons and 2 periods). @default 40 */
  minPoints?: number;
  /** Most recent points used. @default 2000 */
  maxPoints?: number;
  /**
   * The random forest's size: trees, their depth and the training rows.
   * @default { trees: 20, maxDepth: 6, maxTrainingRows: 80 }
   */
  forest?: ForestSize;
  /**
   * The forest is tried only when Holt-Winters' backtest error relative to seasonal-naive is
   * at least this (0 tries it always): where Holt-Winters already beats seasonal-naive by a
   * wide margin, the forest seldom beats Holt-Winters and costs most of a forecast.
   * @default 0.7
   */
  forestAboveRelativeError?: number;
  /** Fewest points for the forest to be tried at all. @default 100 */
  forestMinPoints?: number;
  /**
   * The forest is not tried on a series whose training values show no autocorrelation: the
   * Ljung-Box test over lags 1–20 with a p-value of at least this. Its lag features then
   * have nothing to learn beyond the level, which the recent-mean model forecasts at a small
   * part of the cost. 1 tries it regardless. @default 0.05
   */
  forestIndependenceP?: number;
}

/** A forecast of one series. */
export interface ForecastResult {
  /** The model chosen by backtest error, or undefined when the series is too short. */
  model?: ForecastModel;
  horizonSeconds: number;
  /** Horizon in sampling steps. */
  horizonPoints: number;
  /** Predicted value at now + horizon. */
  predictedValue: number;
  /** Prediction interval from the chosen model's backtest errors at this horizon. */
  lower: number;
  upper: number;
  coverage: number;
  /** When the forecast is for, ms since the epoch. */
  targetTimeMillis: number;
  /** Seasonal period used (points), 0 for none. */
  period: number;
  /**
   * Mean absolute error at this horizon over the held-out last part of the series, per model,
   * and the chosen model's error relative to seasonal-naive (below 1 beats it).
   */
  backtest?: {
    origins: number;
    meanAbsoluteError: Partial<Record<ForecastModel, number>>;
    relativeToSeasonalNaive: number;
  };
  /** Why there is no forecast. */
  reason?: string;
}

/**
 * Forecasts `values` (at `timesMillis`, roughly regular) `horizonSeconds` ahead. The last
 * quarter of the series (at least 10 origins) is held out; Holt-Winters (parameters fitted
 * on the rest) and the seasonal-naive forecast (the same phase one period earlier, or the
 * last value) are scored there, and a random forest on lag and time features (trained on
 * the most recent rows of the rest) too when the series is long enough and Holt-Winters
 * does not already beat seasonal-naive by a wide margin (`forestAboveRelativeError`); all
 * by mean absolute error there, the best is refitted on everything and forecasts; the
 * interval comes from the quantiles of its held-out absolute errors (normal when few).
 */
export function forecastSeries(
  timesMillis: readonly number[],
  values: readonly number[],
  horizonSeconds: number,
  options: ForecastOptions = {},
): ForecastResult {
  const coverage = options.coverage ?? 0.95;
  const minPoints = options.minPoints ?? 40;
  const maxPoints = options.maxPoints ?? 2000;
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < Math.min(timesMillis.length, values.length); i++) {
    if (Number.isFinite(values[i]) && Number.isFinite(timesMillis[i])) {
      t.push(timesMillis[i]!);
      v.push(values[i]!);
    }
  }
  if (t.length > maxPoints) {
    t.splice(0, t.length - maxPoints);
    v.splice(0, v.length - maxPoints);
  }
  const n = v.length;
  const stepMillis = n >= 2 ? medianStep(t) : Number.NaN;
  const horizon =
    Number.isFinite(stepMillis) && stepMillis > 0
      ? Math.max(1, Math.round((horizonSeconds * 1000) / stepMillis))
      : 1;
  const empty = {
    horizonSeconds,
    horizonPoints: horizon,
    predictedValue: Number.NaN,
    lower: Number.NaN,
    upper: Number.NaN,
    coverage,
    targetTimeMillis: (t[n - 1] ?? 0) + horizonSeconds * 1000,
    period: 0,
  };
  if (!(horizonSeconds > 0)) return { ...empty, reason: 'the horizon must be > 0 seconds' };
  const season = detectSeasonalPeriod(v, {
    maxLag: Math.min(Math.floor(n / 3), 500),
    minStrength: 0.3,
    minContrast: 0.2,
  });
  const period = season?.period ?? 0;
  const needed = Math.max(minPoints, 4 * horizon + 20, 2 * period + 4 * horizon);
  if (n < needed) {
    return {
      ...empty,
      period,
      reason: `${n} points; a ${horizon}-step forecast needs at least ${needed}`,
    };
  }
  const trainEnd = Math.min(n - horizon - 10, Math.floor(n * 0.75));
  const origins: number[] = [];
  for (let o = trainEnd; o + horizon < n; o++) origins.push(o);

  const naive = (o: number): number => {
    if (period < 2) return v[o]!;
    let back = o + horizon - period;
    while (back > o) back -= period;
    return back >= 0 ? v[back]! : v[o]!;
  };
  const hwParams = fitHoltWinters(v, period, horizon, trainEnd);
  const hw = holtWintersForecasts(v, period, horizon, hwParams).atOrigin;
  const errors: Partial<Record<ForecastModel, number[]>> = {};
  const mae: Partial<Record<ForecastModel, number>> = {};
  const score = (name: ForecastModel, forecasts: readonly number[]): void => {
    const list: number[] = [];
    for (let i = 0; i < origins.length; i++) {
      const f = forecasts[i]!;
      if (Number.isFinite(f)) list.push(Math.abs(v[origins[i]! + horizon]! - f));
    }
    if (list.length === 0) return;
    errors[name] = list;
    mae[name] = list.reduce((a, b) => a + b, 0) / list.length;
  };
  score('seasonal_naive', origins.map(naive));
  // The mean of the last w values (w from MEAN_WINDOWS, the best in the backtest): the
  // forecast of a series that is noise around a level.
  const prefix = [0];
  for (let i = 0; i < n; i++) prefix.push(prefix[i]! + v[i]!);
  const recentMean = (o: number, w: number): number => {
    const from = Math.max(0, o + 1 - w);
    return (prefix[o + 1]! - prefix[from]!) / (o + 1 - from);
  };
  let meanWindow = MEAN_WINDOWS[0]!;
  let meanError = Number.POSITIVE_INFINITY;
  for (const w of MEAN_WINDOWS) {
    let total = 0;
    for (const o of origins) total += Math.abs(v[o + horizon]! - recentMean(o, w));
    if (total < meanError) {
      meanError = total;
      meanWindow = w;
    }
  }
  score(
    'recent_mean',
    origins.map((o) => recentMean(o, meanWindow)),
  );
  score(
    'holt_winters',
    origins.map((o) => hw[o]!),
  );
  // The forest (most of a forecast's cost) only where it may improve on Holt-Winters.
  const hwRelative =
    mae.holt_winters !== undefined && mae.seasonal_naive !== undefined && mae.seasonal_naive > 0
      ? mae.holt_winters / mae.seasonal_naive
      : Number.POSITIVE_INFINITY;
  let features: Array<number[] | undefined> | undefined;
  const independenceP = options.forestIndependenceP ?? 0.05;
  const autocorrelated = (): boolean =>
    independenceP >= 1 ||
    ljungBox(v.slice(0, trainEnd), Math.min(20, Math.floor(trainEnd / 5))).pValue < independenceP;
  if (
    n >= (options.forestMinPoints ?? 100) &&
    hwRelative >= (options.forestAboveRelativeError ?? 0.7) &&
    autocorrelated()
  ) {
    features = forecastFeatureRows(v, t, horizon, period, stepMillis);
    const forest = fitForestForecaster(v, features, horizon, trainEnd, options.forest);
    if (forest) score('random_forest', forest(origins));
  }
  let model: ForecastModel = 'seasonal_naive';
  for (const name of Object.keys(mae) as ForecastModel[]) {
    if (mae[name]! < mae[model]!) model = name;
  }
  // Refit the chosen model on everything and forecast from the last point.
  let predicted: number;
  if (model === 'holt_winters') {
    predicted = holtWintersForecasts(
      v,
      period,
      horizon,
      fitHoltWinters(v, period, horizon, n),
    ).final;
  } else if (model === 'random_forest') {
    const full = features && fitForestForecaster(v, features, horizon, n, options.forest);
    predicted = full ? full([n - 1])[0]! : naive(n - 1);
  } else if (model === 'recent_mean') {
    predicted = recentMean(n - 1, meanWindow);
  } else {
    predicted = naive(n - 1);
  }
  const modelErrors = (errors[model] ?? []).slice().sort((a, b) => a - b);
  const half =
    modelErrors.length >= 20
      ? percentileSorted(modelErrors, Math.min(1, Math.max(0, coverage)) * 100)
      : normalQuantile(0.5 + coverage / 2) * 1.2533 * (mae[model] ?? 0);
  return {
    ...empty,
    model,
    period,
    predictedValue: predicted,
    lower: predicted - half,
    upper: predicted + half,
    backtest: {
      origins: origins.length,
      meanAbsoluteError: mae,
      relativeToSeasonalNaive:
        mae.seasonal_naive !== undefined && mae.seasonal_naive > 0
          ? mae[model]! / mae.seasonal_naive
          : mae[model] === 0
            ? 1
            : Number.POSITIVE_INFINITY,
    },
  };
}

function medianStep(t: readonly number[]): number {
  const steps: number[] = [];
  for (let i = 1; i < t.length; i++) steps.push(t[i]! - t[i - 1]!);
  return medianOf(steps);
}
