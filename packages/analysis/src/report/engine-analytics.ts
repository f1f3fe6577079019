/**
 * The trend engine's own trends and forecasts, read from the backend's optional `analytics`
 * part (`/api/v1/trends`, `/api/v1/forecasts`) when the service runs that engine: the report
 * then shows what the engine computed instead of computing its own. Read by shape, so a
 * backend without the part (or an older one) simply yields nothing.
 */
import type { ApiBackend } from '../api/types.js';
import type { ReportForecast, ReportSeries } from './types.js';

/** The shape read of `backend.analytics` (trends and forecasts per series key). */
interface AnalyticsPart {
  trends?(query: { limit: number }): unknown[] | undefined;
  forecasts?(query: { limit: number }): { forecasts: unknown[] } | undefined;
}

/** What the engine reported per series key. */
export interface EngineAnalytics {
  trends: Map<string, NonNullable<ReportSeries['trend']>>;
  forecasts: Map<string, ReportForecast>;
}

type Json = Record<string, unknown>;

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** The engine's trends and forecasts, by series key (empty without the analytics part). */
export function readEngineAnalytics(backend: ApiBackend, limit: number): EngineAnalytics {
  const out: EngineAnalytics = { trends: new Map(), forecasts: new Map() };
  const part = (backend as unknown as { analytics?: AnalyticsPart }).analytics;
  if (!part) return out;
  for (const raw of part.trends?.({ limit }) ?? []) {
    const t = raw as Json;
    const slope = num(t.slopePerSecond);
    if (typeof t.series !== 'string' || typeof t.direction !== 'string' || slope === undefined) {
      continue;
    }
    out.trends.set(t.series, {
      direction: t.direction,
      slopePerSecond: slope,
      pValue: num(t.pValue) ?? Number.NaN,
      relativeChange: num(t.relativeChange) ?? Number.NaN,
    });
  }
  for (const raw of part.forecasts?.({ limit })?.forecasts ?? []) {
    const f = raw as Json;
    const predicted = num(f.prediction);
    const lower = num(f.lower);
    const upper = num(f.upper);
    const target = typeof f.targetTime === 'string' ? Date.parse(f.targetTime) : Number.NaN;
    if (typeof f.series !== 'string' || predicted === undefined) continue;
    if (lower === undefined || upper === undefined || !Number.isFinite(target)) continue;
    out.forecasts.set(f.series, {
      metric: typeof f.metric === 'string' ? f.metric : f.series,
      series: f.series,
      targetTimeMillis: target,
      predicted,
      lower,
      upper,
      coverage: num(f.coverage) ?? 0.95,
      model: typeof f.model === 'string' ? f.model : null,
      source: 'engine',
    });
  }
  return out;
}
