/**
 * Names of the metrics the baselines engine derives, under `heterodyne.baseline.`. One series
 * per baselined series: attributes `heterodyne.baseline.metric` (the metric the baseline
 * describes) and `heterodyne.baseline.series` (its series key). Values are in the unit of
 * that metric unless stated; a statistic that is not defined is not reported.
 *
 * Prometheus sees them as `heterodyne_baseline_value`, `heterodyne_baseline_drift_active`, ...
 */
import type { MetricDefinition } from './metrics.js';

/** The metric a baseline describes (e.g. `heterodyne.operation.duration`). */
export const ATTR_BASELINE_METRIC = 'heterodyne.baseline.metric';
/** The series key of the baselined series: the metric and its identifying attributes. */
export const ATTR_BASELINE_SERIES = 'heterodyne.baseline.series';
/** Which statistic of the baseline (see {@link BASELINE_STATISTIC_VALUES}). */
export const ATTR_BASELINE_STATISTIC = 'heterodyne.baseline.statistic';
/** Direction of a drift by the metric's polarity: `degraded` or `improved`. */
export const ATTR_BASELINE_DRIFT_DIRECTION = 'heterodyne.baseline.drift.direction';

/** Values of {@link ATTR_BASELINE_STATISTIC}. */
export const BASELINE_STATISTIC_VALUES = [
  'p50',
  'p95',
  'p99',
  'mean',
  'band_lower',
  'band_upper',
] as const;

/** A statistic of the current baseline (percentiles, mean, band edges). Gauge. */
export const METRIC_BASELINE_VALUE = 'heterodyne.baseline.value';
/** 1 while the series has drifted from its baseline, else 0. Gauge. */
export const METRIC_BASELINE_DRIFT_ACTIVE = 'heterodyne.baseline.drift.active';
/** Relative change of the recent location against the baseline's, signed. Gauge. */
export const METRIC_BASELINE_DRIFT_RELATIVE_CHANGE = 'heterodyne.baseline.drift.relative_change';
/** Series the baselines engine follows. Gauge. */
export const METRIC_BASELINE_SERIES_TRACKED = 'heterodyne.baseline.series.tracked';
/** Series seen but not followed because `baselines.max_series` was reached. Gauge. */
export const METRIC_BASELINE_SERIES_IGNORED = 'heterodyne.baseline.series.ignored';
/** Drift events detected (a drift that goes on counts once). Counter. */
export const METRIC_BASELINE_DRIFT_EVENTS = 'heterodyne.baseline.drift.events';

/** The baselines engine's metrics, in documentation order. */
export const BASELINE_METRICS: readonly MetricDefinition[] = [
  {
    name: METRIC_BASELINE_VALUE,
    instrument: 'gauge',
    unit: '{value}',
    description:
      'A statistic of the current baseline (P50, P95, P99, mean, lower and upper band edge), in the unit of the baselined metric.',
    attributes: [ATTR_BASELINE_METRIC, ATTR_BASELINE_SERIES, ATTR_BASELINE_STATISTIC],
  },
  {
    name: METRIC_BASELINE_DRIFT_ACTIVE,
    instrument: 'gauge',
    unit: '1',
    description: 'Whether the series has drifted from its baseline (1) or not (0).',
    attributes: [ATTR_BASELINE_METRIC, ATTR_BASELINE_SERIES],
  },
  {
    name: METRIC_BASELINE_DRIFT_RELATIVE_CHANGE,
    instrument: 'gauge',
    unit: '1',
    description:
      "Signed relative change of the recent values' location against the baseline's, at the last validation.",
    attributes: [ATTR_BASELINE_METRIC, ATTR_BASELINE_SERIES],
  },
  {
    name: METRIC_BASELINE_SERIES_TRACKED,
    instrument: 'gauge',
    unit: '{series}',
    description: 'Series the baselines engine follows.',
    attributes: [],
  },
  {
    name: METRIC_BASELINE_SERIES_IGNORED,
    instrument: 'gauge',
    unit: '{series}',
    description: 'Series seen but not followed because baselines.max_series was reached.',
    attributes: [],
  },
  {
    name: METRIC_BASELINE_DRIFT_EVENTS,
    instrument: 'counter',
    unit: '{event}',
    description: 'Drift events detected; a drift that goes on counts once.',
    attributes: [ATTR_BASELINE_METRIC, ATTR_BASELINE_DRIFT_DIRECTION],
  },
];
