/**
 * Names of the metrics the analysis service's anomaly and trend engines derive, under
 * `heterodyne.anomaly.`, `heterodyne.trend.` and `heterodyne.forecast.`. One series per
 * analysed series: attributes `heterodyne.analytics.metric` (the metric analysed) and
 * `heterodyne.analytics.series` (its series key: the metric and its identifying attributes).
 * Values are in the unit of the analysed metric unless stated; undefined values (warm-up, a
 * series too short to forecast) are left out, never reported as NaN.
 *
 * Prometheus sees them as `heterodyne_anomaly_score`, `heterodyne_forecast_value`, ...
 */
import type { MetricDefinition } from './metrics.js';

/** The metric an analysis describes (e.g. `heterodyne.operation.duration`). */
export const ATTR_ANALYTICS_METRIC = 'heterodyne.analytics.metric';
/** The series key of the analysed series: the metric and its identifying attributes. */
export const ATTR_ANALYTICS_SERIES = 'heterodyne.analytics.series';
/** Which value of a forecast (see {@link FORECAST_BOUND_VALUES}). */
export const ATTR_FORECAST_BOUND = 'heterodyne.forecast.bound';
/** The forecasting model chosen by backtest (`holt_winters`, `random_forest`, `recent_mean`, `seasonal_naive`). */
export const ATTR_FORECAST_MODEL = 'heterodyne.forecast.model';
/** Why an anomaly was scored as it was (`spike`, `level_shift`, `seasonal_deviation`, ...). */
export const ATTR_ANOMALY_REASON = 'heterodyne.anomaly.reason';
/** Direction of a trend by the metric's polarity (`improving`, `degrading`, `increasing`, ...). */
export const ATTR_TREND_DIRECTION = 'heterodyne.trend.direction';

/** Values of {@link ATTR_FORECAST_BOUND}. */
export const FORECAST_BOUND_VALUES = ['predicted', 'lower', 'upper'] as const;

/** Latest anomaly score of the series, in [0, 1]. Gauge. */
export const METRIC_ANOMALY_SCORE = 'heterodyne.anomaly.score';
/** 1 while the series has a firing anomaly; absent otherwise (like Prometheus's ALERTS). Gauge. */
export const METRIC_ANOMALY_ACTIVE = 'heterodyne.anomaly.active';
/** Anomalies raised (a firing anomaly counts once until it resolves). Counter. */
export const METRIC_ANOMALY_EVENTS = 'heterodyne.anomaly.events';
/** Points scored by the anomaly engine. Counter. */
export const METRIC_ANOMALY_POINTS_SCORED = 'heterodyne.anomaly.points.scored';
/** Series the anomaly engine scores. Gauge. */
export const METRIC_ANOMALY_SERIES_TRACKED = 'heterodyne.anomaly.series.tracked';
/** Series seen but not scored because `analytics.anomaly.max_series` was reached. Gauge. */
export const METRIC_ANOMALY_SERIES_IGNORED = 'heterodyne.anomaly.series.ignored';
/** Theil-Sen slope of the series, in its unit per second. Gauge. */
export const METRIC_TREND_SLOPE = 'heterodyne.trend.slope';
/** Mann-Kendall two-sided p-value of the series' trend. Gauge. */
export const METRIC_TREND_P_VALUE = 'heterodyne.trend.p_value';
/** Forecast of the series at the horizon: prediction and interval bounds. Gauge. */
export const METRIC_FORECAST_VALUE = 'heterodyne.forecast.value';
/** Horizon of the forecasts, in seconds. Gauge. */
export const METRIC_FORECAST_HORIZON = 'heterodyne.forecast.horizon';
/** Backtest error of the chosen model relative to seasonal-naive (below 1 beats it). Gauge. */
export const METRIC_FORECAST_RELATIVE_ERROR = 'heterodyne.forecast.backtest.relative_error';
/** 1 while the forecast interval lies beyond a limit (SLO threshold or baseline band), else 0. Gauge. */
export const METRIC_FORECAST_BREACH_ACTIVE = 'heterodyne.forecast.breach.active';

const SERIES = [ATTR_ANALYTICS_METRIC, ATTR_ANALYTICS_SERIES];

/** The anomaly and trend engines' metrics, in documentation order. */
export const ANALYTICS_METRICS: readonly MetricDefinition[] = [
  {
    name: METRIC_ANOMALY_SCORE,
    instrument: 'gauge',
    unit: '1',
    description:
      'Calibrated anomaly score of the latest scored point of the series, in [0, 1] (0 during warm-up); an anomaly is raised at the threshold set by `analytics.anomaly.contamination`.',
    attributes: SERIES,
  },
  {
    name: METRIC_ANOMALY_ACTIVE,
    instrument: 'gauge',
    unit: '1',
    description:
      "Present, with value 1, while the series has a firing anomaly; absent otherwise (like Prometheus's ALERTS), so a scrape carries one sample per firing series, not one per scored series.",
    attributes: SERIES,
  },
  {
    name: METRIC_ANOMALY_EVENTS,
    instrument: 'counter',
    unit: '{anomaly}',
    description: 'Anomalies raised; one that goes on counts once until it resolves.',
    attributes: [ATTR_ANALYTICS_METRIC, ATTR_ANOMALY_REASON],
  },
  {
    name: METRIC_ANOMALY_POINTS_SCORED,
    instrument: 'counter',
    unit: '{point}',
    description: 'Points scored by the anomaly engine, all series together.',
    attributes: [],
  },
  {
    name: METRIC_ANOMALY_SERIES_TRACKED,
    instrument: 'gauge',
    unit: '{series}',
    description: 'Series the anomaly engine scores.',
    attributes: [],
  },
  {
    name: METRIC_ANOMALY_SERIES_IGNORED,
    instrument: 'gauge',
    unit: '{series}',
    description: 'Series seen but not scored because `analytics.anomaly.max_series` was reached.',
    attributes: [],
  },
  {
    name: METRIC_TREND_SLOPE,
    instrument: 'gauge',
    unit: '{value}/s',
    description:
      'Theil-Sen slope of the series over its recent window, in the unit of the analysed metric per second.',
    attributes: [...SERIES, ATTR_TREND_DIRECTION],
  },
  {
    name: METRIC_TREND_P_VALUE,
    instrument: 'gauge',
    unit: '1',
    description: "Mann-Kendall two-sided p-value of the series' trend (small: significant).",
    attributes: SERIES,
  },
  {
    name: METRIC_FORECAST_VALUE,
    instrument: 'gauge',
    unit: '{value}',
    description:
      'Forecast of the series one horizon ahead, in the unit of the analysed metric: the prediction and the lower and upper bounds of its interval (`heterodyne.forecast.bound`).',
    attributes: [...SERIES, ATTR_FORECAST_BOUND, ATTR_FORECAST_MODEL],
  },
  {
    name: METRIC_FORECAST_HORIZON,
    instrument: 'gauge',
    unit: 's',
    description: 'How far ahead the forecasts of `heterodyne.forecast.value` look.',
    attributes: [],
  },
  {
    name: METRIC_FORECAST_RELATIVE_ERROR,
    instrument: 'gauge',
    unit: '1',
    description:
      "Backtest mean absolute error of the chosen forecasting model divided by seasonal-naive's (below 1: the model beats seasonal-naive).",
    attributes: [...SERIES, ATTR_FORECAST_MODEL],
  },
  {
    name: METRIC_FORECAST_BREACH_ACTIVE,
    instrument: 'gauge',
    unit: '1',
    description:
      'Whether the forecast interval lies beyond a limit of the series (an SLO threshold or its baseline band) within the horizon (1) or not (0).',
    attributes: SERIES,
  },
];
