import { regularizedUpperGamma } from './special-functions.js';

/**
 * Sample autocorrelation of `values` at `lag`: sum (x_t - m)(x_{t+lag} - m) / sum (x_t - m)^2
 * over the whole sample (the standard, biased estimator). 0 for a constant series or when
 * `lag` is not smaller than the length.
 */
export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  if (lag <= 0) return 1;
  return autocorrelationAbout(values, lag, centre(values));
}

/** Mean and sum of squared deviations of `values`, shared by every lag of one series. */
interface Centre {
  mean: number;
  denominator: number;
}

function centre(values: ArrayLike<number>): Centre {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= n;
  let denominator = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean;
    denominator += d * d;
  }
  return { mean, denominator };
}

/** {@link autocorrelation} at `lag` >= 1 with the series' mean and denominator given. */
function autocorrelationAbout(values: ArrayLike<number>, lag: number, c: Centre): number {
  const n = values.length;
  if (lag >= n || !(c.denominator > 0)) return 0;
  let numerator = 0;
  for (let i = 0; i + lag < n; i++) {
    numerator += ((values[i] as number) - c.mean) * ((values[i + lag] as number) - c.mean);
  }
  return numerator / c.denominator;
}

/** A seasonal period found in a series. */
export interface SeasonalPeriod {
  /** Period in samples. */
  period: number;
  /** Autocorrelation at the period, in [-1, 1]; higher is a stronger seasonality. */
  strength: number;
}

/**
 * The strongest seasonal period among `candidates` (in samples), or, without candidates, among
 * every lag from 2 to `maxLag` that is a local maximum of the autocorrelation function. A
 * period needs at least `minCycles` full cycles in the data and an autocorrelation of at
 * least `minStrength`, and `minContrast` over the autocorrelation at half the period; among
 * those, the strongest wins, a shorter period over a longer one within 0.05. Undefined when
 * none qualifies.
 */
export function detectSeasonalPeriod(
  values: ArrayLike<number>,
  options: {
    candidates?: readonly number[];
    maxLag?: number;
    /** @default 2 */
    minCycles?: number;
    /** @default 0.3 */
    minStrength?: number;
    /**
     * How much the autocorrelation at a period must exceed the one at half the period; a
     * slowly varying series is correlated at every short lag, a cycle is not at its half.
     * @default 0
     */
    minContrast?: number;
  } = {},
): SeasonalPeriod | undefined {
  const n = values.length;
  const minCycles = options.minCycles ?? 2;
  const minStrength = options.minStrength ?? 0.3;
  const longest = Math.floor(n / minCycles);
  let best: SeasonalPeriod | undefined;
  const minContrast = options.minContrast ?? 0;
  const consider = (period: number, strength: number, half: number): void => {
    if (strength < minStrength || strength - half < minContrast) return;
    if (best === undefined) best = { period, strength };
    else if (
      period < best.period ? strength > best.strength - 0.05 : strength > best.strength + 0.05
    ) {
      best = { period, strength };
    }
  };
  const c = centre(values);
  if (options.candidates !== undefined) {
    for (const period of options.candidates) {
      if (period >= 2 && period <= longest) {
        const half = Math.round(period / 2);
        consider(
          period,
          autocorrelationAbout(values, period, c),
          half >= 1 ? autocorrelationAbout(values, half, c) : 0,
        );
      }
    }
    return best;
  }
  const maxLag = Math.min(longest, options.maxLag ?? longest);
  if (maxLag < 2) return undefined;
  const acf = new Float64Array(maxLag + 2);
  for (let lag = 1; lag <= Math.min(maxLag + 1, n - 1); lag++)
    acf[lag] = autocorrelationAbout(values, lag, c);
  for (let lag = 2; lag <= maxLag; lag++) {
    const here = acf[lag]!;
    if (here > acf[lag - 1]! && here >= acf[lag + 1]!)
      consider(lag, here, acf[Math.round(lag / 2)]!);
  }
  return best;
}

/** Result of {@link ljungBox}. */
export interface LjungBoxResult {
  /** The statistic Q = n (n + 2) Σ ρ_k² / (n - k) over lags 1..`lags`. */
  q: number;
  /** Lags tested (the chi-square degrees of freedom). */
  lags: number;
  /** P(χ²(lags) >= Q): small when the series is autocorrelated, about uniform for noise. */
  pValue: number;
}

/**
 * The Ljung-Box portmanteau test that `values` are uncorrelated at lags 1..`lags` (at most
 * n - 1). A constant series or one of fewer than 3 values shows no correlation: Q 0, p 1.
 */
export function ljungBox(values: ArrayLike<number>, lags: number): LjungBoxResult {
  const n = values.length;
  const h = Math.min(Math.floor(lags), n - 1);
  if (n < 3 || h < 1) return { q: 0, lags: Math.max(0, h), pValue: 1 };
  const c = centre(values);
  let sum = 0;
  for (let k = 1; k <= h; k++) {
    const r = autocorrelationAbout(values, k, c);
    sum += (r * r) / (n - k);
  }
  const q = n * (n + 2) * sum;
  return { q, lags: h, pValue: q > 0 ? regularizedUpperGamma(h / 2, q / 2) : 1 };
}
