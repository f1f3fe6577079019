import { detectSeasonalPeriod } from '../../stats/autocorrelation.js';
import { mannKendall } from '../../stats/mann-kendall.js';
import { medianOf } from '../../stats/robust-statistics.js';
import { theilSen } from '../../stats/theil-sen.js';
import { metricPolarity } from './metric-polarity.js';
import type { TrendOptions, TrendResult } from './types.js';

/**
 * The trend of one series: Mann-Kendall for significance, Theil-Sen for the slope (per
 * second), the direction named by the metric's polarity, and the seasonal period found by
 * autocorrelation (on the detrended series). Series longer than `maxPoints` are reduced to
 * block medians first (the tests are O(n^2)). Non-finite values are skipped.
 */
export function analyzeTrend(
  metric: string,
  timesMillis: readonly number[],
  values: readonly number[],
  options: TrendOptions = {},
): TrendResult {
  const significance = options.significance ?? 0.05;
  const minPoints = options.minPoints ?? 8;
  const maxPoints = options.maxPoints ?? 500;
  const polarity = options.polarity ?? metricPolarity(metric);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < Math.min(timesMillis.length, values.length); i++) {
    if (Number.isFinite(values[i]) && Number.isFinite(timesMillis[i])) {
      t.push(timesMillis[i]! / 1000);
      v.push(values[i]!);
    }
  }
  const base = { metric, ...(polarity ? { polarity } : {}), points: v.length };
  if (v.length < minPoints) {
    return {
      ...base,
      direction: 'insufficient_data',
      slopePerSecond: Number.NaN,
      relativeChange: Number.NaN,
      pValue: 1,
      tau: 0,
      significant: false,
      reason: `${v.length} points; at least ${minPoints} are needed`,
    };
  }
  const [rt, rv] = v.length > maxPoints ? blockMedians(t, v, maxPoints) : [t, v];
  const mk = mannKendall(rv);
  const fit = theilSen(
    rt.map((x) => x - rt[0]!),
    rv,
  );
  const slope = Number.isFinite(fit.slope) ? fit.slope : 0;
  const significant = mk.pValue < significance && slope !== 0;
  const level = medianOf(v);
  const span = t[t.length - 1]! - t[0]!;
  const rising = slope > 0;
  const direction = !significant
    ? 'stable'
    : polarity === undefined
      ? rising
        ? 'increasing'
        : 'decreasing'
      : rising === (polarity === 'higher_is_better')
        ? 'improving'
        : 'degrading';
  const detrended = v.map((x, i) => x - slope * (t[i]! - t[0]!));
  const season = detectSeasonalPeriod(detrended, {
    maxLag: Math.min(Math.floor(v.length / 2), 1000),
    minStrength: 0.3,
    minContrast: 0.2,
  });
  const step = span / Math.max(1, v.length - 1);
  return {
    ...base,
    direction,
    slopePerSecond: slope,
    relativeChange: level !== 0 ? (slope * span) / Math.abs(level) : Number.NaN,
    pValue: mk.pValue,
    tau: mk.tau,
    significant,
    ...(season
      ? {
          seasonality: {
            periodPoints: season.period,
            periodSeconds: season.period * step,
            strength: season.strength,
          },
        }
      : {}),
  };
}

/** Reduces (t, v) to `blocks` consecutive block medians of both. */
function blockMedians(t: number[], v: number[], blocks: number): [number[], number[]] {
  const size = Math.ceil(v.length / blocks);
  const rt: number[] = [];
  const rv: number[] = [];
  for (let start = 0; start < v.length; start += size) {
    const end = Math.min(v.length, start + size);
    rt.push(medianOf(t.slice(start, end)));
    rv.push(medianOf(v.slice(start, end)));
  }
  return [rt, rv];
}
