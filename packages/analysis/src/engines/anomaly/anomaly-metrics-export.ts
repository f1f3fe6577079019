/**
 * Exports the anomaly engine's state as the `heterodyne.anomaly.*` metrics (names and
 * descriptions from `@heterodyne/semconv`): per series the latest score and whether an
 * anomaly fires, and counters of anomalies raised and points scored.
 */
import {
  ANALYTICS_METRICS,
  ATTR_ANALYTICS_METRIC,
  ATTR_ANALYTICS_SERIES,
  ATTR_ANOMALY_REASON,
  METRIC_ANOMALY_ACTIVE,
  METRIC_ANOMALY_EVENTS,
  METRIC_ANOMALY_POINTS_SCORED,
  METRIC_ANOMALY_SCORE,
  METRIC_ANOMALY_SERIES_IGNORED,
  METRIC_ANOMALY_SERIES_TRACKED,
} from '@heterodyne/semconv';
import type { DerivedMetrics } from '../../telemetry/derived-metrics.js';
import type { AnomalyPointScore } from './types.js';

/** What the export reads of one scored series. */
export interface ExportedAnomalySeries {
  key: string;
  view: { metric: string };
  lastScore?: AnomalyPointScore;
  firing?: unknown;
}

/** Filled in by the export: what the engine calls as it scores. */
export interface AnomalyExportHooks {
  /** An anomaly was raised on `metric` for `reason`. */
  onAnomaly?: (metric: string, reason: string) => void;
  /** `points` points were scored in a pass. */
  onScored?: (points: number) => void;
}

const DEFINITION = new Map(ANALYTICS_METRICS.map((d) => [d.name, d]));

/** The name, description and unit of one of the analytics metrics. */
export function analyticsDefinition(name: string): {
  name: string;
  description: string;
  unit: string;
} {
  const d = DEFINITION.get(name);
  if (!d) throw new Error(`${name}: not an analytics metric of @heterodyne/semconv`);
  return { name, description: d.description, unit: d.unit };
}

/** Registers the anomaly metrics and fills `hooks`; returns a function that unregisters them. */
export function exportAnomalyMetrics(
  metrics: DerivedMetrics,
  series: () => Iterable<ExportedAnomalySeries>,
  ignored: () => number,
  hooks: AnomalyExportHooks,
): () => void {
  const events = metrics.meter.createCounter(METRIC_ANOMALY_EVENTS, {
    description: analyticsDefinition(METRIC_ANOMALY_EVENTS).description,
    unit: analyticsDefinition(METRIC_ANOMALY_EVENTS).unit,
  });
  const scored = metrics.meter.createCounter(METRIC_ANOMALY_POINTS_SCORED, {
    description: analyticsDefinition(METRIC_ANOMALY_POINTS_SCORED).description,
    unit: analyticsDefinition(METRIC_ANOMALY_POINTS_SCORED).unit,
  });
  hooks.onAnomaly = (metric, reason) =>
    events.add(1, { [ATTR_ANALYTICS_METRIC]: metric, [ATTR_ANOMALY_REASON]: reason });
  hooks.onScored = (points) => {
    if (points > 0) scored.add(points);
  };
  const unregister = [
    metrics.registerGauge(analyticsDefinition(METRIC_ANOMALY_SCORE), (observe) => {
      for (const s of series()) {
        if (s.lastScore === undefined || !Number.isFinite(s.lastScore.score)) continue;
        observe(s.lastScore.score, {
          [ATTR_ANALYTICS_METRIC]: s.view.metric,
          [ATTR_ANALYTICS_SERIES]: s.key,
        });
      }
    }),
    metrics.registerGauge(analyticsDefinition(METRIC_ANOMALY_ACTIVE), (observe) => {
      // Like Prometheus's ALERTS: a series appears while its anomaly fires (one sample per
      // firing series rather than one per scored series on every scrape).
      for (const s of series()) {
        if (s.firing === undefined) continue;
        observe(1, {
          [ATTR_ANALYTICS_METRIC]: s.view.metric,
          [ATTR_ANALYTICS_SERIES]: s.key,
        });
      }
    }),
    metrics.registerGauge(analyticsDefinition(METRIC_ANOMALY_SERIES_TRACKED), (observe) => {
      let n = 0;
      for (const _ of series()) n++;
      observe(n);
    }),
    metrics.registerGauge(analyticsDefinition(METRIC_ANOMALY_SERIES_IGNORED), (observe) =>
      observe(ignored()),
    ),
  ];
  return () => {
    hooks.onAnomaly = undefined;
    hooks.onScored = undefined;
    for (const u of unregister) u();
  };
}
