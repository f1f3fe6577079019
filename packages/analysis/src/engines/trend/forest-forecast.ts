import { RandomForestRegression } from 'ml-random-forest';

/** Lags (in points) used as features, besides the seasonal lag. */
const LAGS = [0, 1, 2, 3, 5, 8, 12];

/** The size of a forecasting forest. */
export interface ForestSize {
  /** Trees. @default 20 */
  trees?: number;
  /** Depth of each tree. @default 6 */
  maxDepth?: number;
  /**
   * Most training rows (the most recent origins before the training end). A tree's split
   * search costs the square of its rows, so this bounds the cost of a fit. @default 80
   */
  maxTrainingRows?: number;
}

/**
 * Features known at origin `o` for forecasting `o + horizon`: recent values (lags), the
 * value one period before the target (when a period is known), the mean of the last 12
 * values, and the target's time of day and day of week (as sine and cosine).
 */
export function forecastFeatures(
  values: readonly number[],
  timesMillis: readonly number[],
  o: number,
  horizon: number,
  period: number,
  stepMillis: number,
): number[] | undefined {
  const maxLag = Math.max(LAGS[LAGS.length - 1]!, 11);
  if (o < maxLag) return undefined;
  const row: number[] = LAGS.map((lag) => values[o - lag]!);
  if (period >= 2) {
    let back = o + horizon - period;
    while (back > o) back -= period;
    if (back < 0) return undefined;
    row.push(values[back]!);
  }
  let mean = 0;
  for (let i = 0; i < 12; i++) mean += values[o - i]!;
  row.push(mean / 12);
  const target = timesMillis[o]! + horizon * stepMillis;
  const day = ((target % 86_400_000) / 86_400_000) * 2 * Math.PI;
  const week = ((target % 604_800_000) / 604_800_000) * 2 * Math.PI;
  row.push(Math.sin(day), Math.cos(day), Math.sin(week), Math.cos(week));
  return row;
}

/**
 * The feature rows of every origin of a series, computed once and shared by the backtest
 * fit, its predictions and the refit on the whole series (undefined where an origin has
 * too little history).
 */
export function forecastFeatureRows(
  values: readonly number[],
  timesMillis: readonly number[],
  horizon: number,
  period: number,
  stepMillis: number,
): Array<number[] | undefined> {
  const rows: Array<number[] | undefined> = [];
  for (let o = 0; o < values.length; o++) {
    rows.push(forecastFeatures(values, timesMillis, o, horizon, period, stepMillis));
  }
  return rows;
}

/**
 * A random forest regression (`ml-random-forest`, no out-of-bag estimates, fixed seed)
 * trained directly for `horizon`-step forecasts on the most recent `maxTrainingRows` origins
 * before `trainEnd`. Returns a function forecasting from the given origins at once (NaN
 * where an origin has no features), or undefined with fewer than 30 training rows.
 */
export function fitForestForecaster(
  values: readonly number[],
  features: ReadonlyArray<number[] | undefined>,
  horizon: number,
  trainEnd: number,
  size: ForestSize = {},
): ((origins: readonly number[]) => number[]) | undefined {
  const maxRows = Math.max(30, size.maxTrainingRows ?? 80);
  const x: number[][] = [];
  const y: number[] = [];
  for (let o = trainEnd - horizon - 1; o >= 0 && x.length < maxRows; o--) {
    const row = features[o];
    if (row === undefined) continue;
    x.push(row);
    y.push(values[o + horizon]!);
  }
  if (x.length < 30) return undefined;
  const forest = new RandomForestRegression({
    nEstimators: size.trees ?? 20,
    noOOB: true,
    seed: 7,
    maxFeatures: 0.7,
    replacement: true,
    useSampleBagging: true,
    treeOptions: { maxDepth: size.maxDepth ?? 6, minNumSamples: 3 },
  });
  forest.train(x, y);
  return (origins) => {
    const known = origins.filter((o) => features[o] !== undefined);
    const predicted = known.length > 0 ? forest.predict(known.map((o) => features[o]!)) : [];
    const byOrigin = new Map(known.map((o, i) => [o, predicted[i]!]));
    return origins.map((o) => byOrigin.get(o) ?? Number.NaN);
  };
}
