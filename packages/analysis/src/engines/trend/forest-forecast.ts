import { RandomForestRegression } from 'ml-random-forest';

/** Lags (in points) used as features, besides the seasonal lag. */
const LAGS = [0, 1, 2, 3, 5, 8, 12];

/** The size of a forecasting forest. */
export interface ForestSize {
  /** Trees. @default 50 */
  trees?: number;
  /** Depth of each tree. @default 8 */
  maxDepth?: number;
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
 * A random forest regression (`ml-random-forest`, 50 trees, no out-of-bag estimates, fixed
 * seed) trained directly for `horizon`-step forecasts on origins before `trainEnd`. Returns
 * a function forecasting from any origin, or undefined with fewer than 30 training rows.
 */
export function fitForestForecaster(
  values: readonly number[],
  timesMillis: readonly number[],
  horizon: number,
  period: number,
  stepMillis: number,
  trainEnd: number,
  size: ForestSize = {},
): ((o: number) => number) | undefined {
  const x: number[][] = [];
  const y: number[] = [];
  for (let o = 0; o + horizon < trainEnd; o++) {
    const row = forecastFeatures(values, timesMillis, o, horizon, period, stepMillis);
    if (row === undefined) continue;
    x.push(row);
    y.push(values[o + horizon]!);
  }
  if (x.length < 30) return undefined;
  const forest = new RandomForestRegression({
    nEstimators: size.trees ?? 50,
    noOOB: true,
    seed: 7,
    maxFeatures: 0.7,
    replacement: true,
    useSampleBagging: true,
    treeOptions: { maxDepth: size.maxDepth ?? 8, minNumSamples: 3 },
  });
  forest.train(x, y);
  return (o) => {
    const row = forecastFeatures(values, timesMillis, o, horizon, period, stepMillis);
    return row === undefined ? Number.NaN : forest.predict([row])[0]!;
  };
}
