/** Smoothing parameters of additive Holt-Winters. */
export interface HoltWintersParameters {
  /** Level smoothing in (0, 1]. */
  alpha: number;
  /** Trend smoothing in [0, 1]. */
  beta: number;
  /** Seasonal smoothing in [0, 1] (unused without a period). */
  gamma: number;
}

/**
 * Additive Holt-Winters (triple exponential smoothing; Holt's linear method when `period` is
 * below 2): runs the filter over `values` and returns, for every origin o, the forecast of
 * `values[o + horizon]` made with data up to o (NaN where the state is not initialised yet),
 * plus the forecast from the last value. The first cycle (or the first two points)
 * initialises level, trend and seasonal indices.
 */
export function holtWintersForecasts(
  values: readonly number[],
  period: number,
  horizon: number,
  p: HoltWintersParameters,
): { atOrigin: Float64Array; final: number } {
  const n = values.length;
  const m = period >= 2 ? period : 0;
  const atOrigin = new Float64Array(n).fill(Number.NaN);
  const init = m > 0 ? 2 * m : 2;
  if (n < init) return { atOrigin, final: Number.NaN };
  let level: number;
  let trend: number;
  const season = new Float64Array(Math.max(1, m));
  if (m > 0) {
    let first = 0;
    let second = 0;
    for (let i = 0; i < m; i++) {
      first += values[i]!;
      second += values[m + i]!;
    }
    first /= m;
    second /= m;
    for (let i = 0; i < m; i++) season[i] = (values[i]! - first + values[m + i]! - second) / 2;
    level = second;
    trend = (second - first) / m;
  } else {
    level = values[1]!;
    trend = values[1]! - values[0]!;
  }
  const forecast = (o: number, h: number): number =>
    level + h * trend + (m > 0 ? season[(o + h) % m]! : 0);
  for (let t = init; t < n; t++) {
    const y = values[t]!;
    const s = m > 0 ? season[t % m]! : 0;
    const previous = level;
    level = p.alpha * (y - s) + (1 - p.alpha) * (level + trend);
    trend = p.beta * (level - previous) + (1 - p.beta) * trend;
    if (m > 0) season[t % m] = p.gamma * (y - level) + (1 - p.gamma) * s;
    atOrigin[t] = forecast(t, horizon);
  }
  return { atOrigin, final: forecast(n - 1, horizon) };
}

const ALPHAS = [0.05, 0.2, 0.5, 0.8];
const BETAS = [0, 0.05, 0.2];
const GAMMAS = [0.05, 0.2, 0.5];

/**
 * Chooses Holt-Winters parameters on a grid by the mean absolute `horizon`-step error over
 * the origins before `trainEnd` (so that later origins stay out of sample for backtests).
 */
export function fitHoltWinters(
  values: readonly number[],
  period: number,
  horizon: number,
  trainEnd: number,
): HoltWintersParameters {
  let best: HoltWintersParameters = { alpha: 0.2, beta: 0.05, gamma: 0.2 };
  let bestError = Number.POSITIVE_INFINITY;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of period >= 2 ? GAMMAS : [0]) {
        const params = { alpha, beta, gamma };
        const { atOrigin } = holtWintersForecasts(
          values.slice(0, trainEnd),
          period,
          horizon,
          params,
        );
        let sum = 0;
        let count = 0;
        for (let o = 0; o + horizon < trainEnd; o++) {
          const f = atOrigin[o]!;
          if (Number.isNaN(f)) continue;
          sum += Math.abs(values[o + horizon]! - f);
          count++;
        }
        const error = count > 0 ? sum / count : Number.POSITIVE_INFINITY;
        if (error < bestError) {
          bestError = error;
          best = params;
        }
      }
    }
  }
  return best;
}
