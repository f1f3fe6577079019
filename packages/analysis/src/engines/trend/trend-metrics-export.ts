/**
 * Exports the trend engine's results as the `heterodyne.trend.*` and `heterodyne.forecast.*`
 * gauges (names and descriptions from `@heterodyne/semconv`), read at each collection.
 * Series without a result (too short, not analysed yet) are left out, never reported as NaN.
 */
import {
  ATTR_ANALYTICS_METRIC,
  ATTR_ANALYTICS_SERIES,
  ATTR_FORECAST_BOUND,
  ATTR_FORECAST_MODEL,
  ATTR_TREND_DIRECTION,
  METRIC_FORECAST_BREACH_ACTIVE,
  METRIC_FORECAST_HORIZON,
  METRIC_FORECAST_RELATIVE_ERROR,
  METRIC_FORECAST_VALUE,
  METRIC_TREND_P_VALUE,
  METRIC_TREND_SLOPE,
} from '@heterodyne/semconv';
import type { DerivedMetrics } from '../../telemetry/derived-metrics.js';
import { analyticsDefinition } from '../anomaly/anomaly-metrics-export.js';
import type { TrendSeriesState } from './trend-engine.js';

/** Registers the trend and forecast gauges; returns a function that unregisters them. */
export function exportTrendMetrics(
  metrics: DerivedMetrics,
  series: () => Iterable<TrendSeriesState>,
  horizonSeconds: number,
): () => void {
  const base = (s: TrendSeriesState) => ({
    [ATTR_ANALYTICS_METRIC]: s.metric,
    [ATTR_ANALYTICS_SERIES]: s.series,
  });
  const unregister = [
    metrics.registerGauge(analyticsDefinition(METRIC_TREND_SLOPE), (observe) => {
      for (const s of series()) {
        const t = s.trend;
        if (!t || t.direction === 'insufficient_data' || !Number.isFinite(t.slopePerSecond))
          continue;
        observe(t.slopePerSecond, { ...base(s), [ATTR_TREND_DIRECTION]: t.direction });
      }
    }),
    metrics.registerGauge(analyticsDefinition(METRIC_TREND_P_VALUE), (observe) => {
      for (const s of series()) {
        const t = s.trend;
        if (!t || t.direction === 'insufficient_data' || !Number.isFinite(t.pValue)) continue;
        observe(t.pValue, base(s));
      }
    }),
    metrics.registerGauge(analyticsDefinition(METRIC_FORECAST_VALUE), (observe) => {
      for (const s of series()) {
        const f = s.forecast;
        if (!f?.model) continue;
        const values = { predicted: f.predictedValue, lower: f.lower, upper: f.upper };
        for (const [bound, v] of Object.entries(values)) {
          if (!Number.isFinite(v)) continue;
          observe(v, { ...base(s), [ATTR_FORECAST_BOUND]: bound, [ATTR_FORECAST_MODEL]: f.model });
        }
      }
    }),
    metrics.registerGauge(analyticsDefinition(METRIC_FORECAST_HORIZON), (observe) =>
      observe(horizonSeconds),
    ),
    metrics.registerGauge(analyticsDefinition(METRIC_FORECAST_RELATIVE_ERROR), (observe) => {
      for (const s of series()) {
        const f = s.forecast;
        const r = f?.backtest?.relativeToSeasonalNaive;
        if (!f?.model || r === undefined || !Number.isFinite(r)) continue;
        observe(r, { ...base(s), [ATTR_FORECAST_MODEL]: f.model });
      }
    }),
    metrics.registerGauge(analyticsDefinition(METRIC_FORECAST_BREACH_ACTIVE), (observe) => {
      for (const s of series()) {
        if (s.status !== 'ok') continue;
        observe(s.breach ? 1 : 0, base(s));
      }
    }),
  ];
  return () => {
    for (const u of unregister) u();
  };
}
