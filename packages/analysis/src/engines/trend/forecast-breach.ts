/**
 * Whether a forecast breaches a limit of its series. A limit is crossed when the whole
 * forecast interval lies beyond it (a confident breach), or when the prediction lies beyond
 * it and the trend moves significantly towards it. Limits are an upper and/or lower value
 * (SLO target, `analytics.trend.limits`) and the baseline band, whose bad side follows the
 * metric's polarity (both sides when it is unknown).
 */
import type { ForecastResult } from './forecast.js';
import type { SourcedLimit } from './forecast-limits.js';
import type { TrendResult } from './types.js';

/** The limits of one series. */
export interface BreachLimits {
  limit?: SourcedLimit;
  /** The baseline band of normal values. */
  band?: { lower: number; upper: number };
}

/** A breached limit. */
export interface Breach {
  /** `upper`: the forecast is above the limit; `lower`: below it. */
  side: 'upper' | 'lower';
  limit: number;
  /** Where the limit comes from (`slo:response_time`, `baseline_band`, ...). */
  source: string;
  /** True when the whole forecast interval lies beyond the limit. */
  confident: boolean;
}

/** The first limit the forecast breaches (the explicit limit before the band), or undefined. */
export function findBreach(
  trend: TrendResult,
  forecast: ForecastResult,
  limits: BreachLimits,
): Breach | undefined {
  const { lower, upper, predictedValue } = forecast;
  if (![lower, upper, predictedValue].every(Number.isFinite)) return undefined;
  const rising = trend.significant && trend.slopePerSecond > 0;
  const falling = trend.significant && trend.slopePerSecond < 0;
  const candidates: Array<{ side: 'upper' | 'lower'; limit: number; source: string }> = [];
  const l = limits.limit;
  if (l?.upper !== undefined) candidates.push({ side: 'upper', limit: l.upper, source: l.source });
  if (l?.lower !== undefined) candidates.push({ side: 'lower', limit: l.lower, source: l.source });
  if (limits.band) {
    const p = trend.polarity;
    if (p !== 'higher_is_better')
      candidates.push({ side: 'upper', limit: limits.band.upper, source: 'baseline_band' });
    if (p !== 'lower_is_better')
      candidates.push({ side: 'lower', limit: limits.band.lower, source: 'baseline_band' });
  }
  for (const c of candidates) {
    if (!Number.isFinite(c.limit)) continue;
    if (c.side === 'upper') {
      if (lower > c.limit) return { ...c, confident: true };
      if (predictedValue > c.limit && rising) return { ...c, confident: false };
    } else {
      if (upper < c.limit) return { ...c, confident: true };
      if (predictedValue < c.limit && falling) return { ...c, confident: false };
    }
  }
  return undefined;
}
