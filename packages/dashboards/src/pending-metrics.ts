/**
 * Metric names the dashboards chart that this tree's `@heterodyne/semconv` does not hold
 * yet: the anomaly, forecast and optimization engines' exports. The names, units and
 * attributes match the definitions those engines add to semconv
 * (`analytics-metrics.ts`: METRIC_ANOMALY_SCORE, METRIC_ANOMALY_ACTIVE, METRIC_ANOMALY_EVENTS,
 * METRIC_FORECAST_VALUE, ATTR_ANALYTICS_METRIC, ATTR_ANALYTICS_SERIES, ATTR_FORECAST_BOUND,
 * ATTR_ANOMALY_REASON; `optimization-metrics.ts`: METRIC_OPPORTUNITY_ACTIVE,
 * METRIC_REMEDIATION_ACTIONS, ATTR_OPPORTUNITY_TEMPLATE, ATTR_OPPORTUNITY_CATEGORY,
 * ATTR_REMEDIATION_ACTION, ATTR_REMEDIATION_OUTCOME).
 *
 * PENDING: once those semconv constants are present, import them in the dashboards instead
 * of the PENDING_* ones below and delete this file; the panels built on these names are in
 * the end-to-end test's MAY_BE_EMPTY list until the engines run in the tested service.
 */
import type { MetricDefinition } from '@heterodyne/semconv';

/** PENDING → semconv METRIC_ANOMALY_SCORE. */
export const PENDING_METRIC_ANOMALY_SCORE = 'heterodyne.anomaly.score';
/** PENDING → semconv METRIC_ANOMALY_ACTIVE. */
export const PENDING_METRIC_ANOMALY_ACTIVE = 'heterodyne.anomaly.active';
/** PENDING → semconv METRIC_ANOMALY_EVENTS. */
export const PENDING_METRIC_ANOMALY_EVENTS = 'heterodyne.anomaly.events';
/** PENDING → semconv METRIC_FORECAST_VALUE. */
export const PENDING_METRIC_FORECAST_VALUE = 'heterodyne.forecast.value';
/** PENDING → semconv METRIC_OPPORTUNITY_ACTIVE. */
export const PENDING_METRIC_OPPORTUNITY_ACTIVE = 'heterodyne.opportunity.active';
/** PENDING → semconv METRIC_REMEDIATION_ACTIONS. */
export const PENDING_METRIC_REMEDIATION_ACTIONS = 'heterodyne.remediation.actions';

/** PENDING → semconv ATTR_ANALYTICS_METRIC. */
export const PENDING_ATTR_ANALYTICS_METRIC = 'heterodyne.analytics.metric';
/** PENDING → semconv ATTR_ANALYTICS_SERIES. */
export const PENDING_ATTR_ANALYTICS_SERIES = 'heterodyne.analytics.series';
/** PENDING → semconv ATTR_FORECAST_BOUND (`predicted`, `lower`, `upper`). */
export const PENDING_ATTR_FORECAST_BOUND = 'heterodyne.forecast.bound';
/** PENDING → semconv ATTR_ANOMALY_REASON. */
export const PENDING_ATTR_ANOMALY_REASON = 'heterodyne.anomaly.reason';
/** PENDING → semconv ATTR_OPPORTUNITY_TEMPLATE. */
export const PENDING_ATTR_OPPORTUNITY_TEMPLATE = 'heterodyne.opportunity.template';
/** PENDING → semconv ATTR_OPPORTUNITY_CATEGORY. */
export const PENDING_ATTR_OPPORTUNITY_CATEGORY = 'heterodyne.opportunity.category';
/** PENDING → semconv ATTR_REMEDIATION_ACTION. */
export const PENDING_ATTR_REMEDIATION_ACTION = 'heterodyne.remediation.action';
/** PENDING → semconv ATTR_REMEDIATION_OUTCOME. */
export const PENDING_ATTR_REMEDIATION_OUTCOME = 'heterodyne.remediation.outcome';

const SERIES = [PENDING_ATTR_ANALYTICS_METRIC, PENDING_ATTR_ANALYTICS_SERIES];

/** The pending definitions (name, instrument, unit: what the translation needs). */
export const PENDING_METRICS: readonly MetricDefinition[] = [
  {
    name: PENDING_METRIC_ANOMALY_SCORE,
    instrument: 'gauge',
    unit: '1',
    description: 'Calibrated anomaly score of the series, in [0, 1] (PENDING semconv name).',
    attributes: SERIES,
  },
  {
    name: PENDING_METRIC_ANOMALY_ACTIVE,
    instrument: 'gauge',
    unit: '1',
    description: 'Whether the series has a firing anomaly (PENDING semconv name).',
    attributes: SERIES,
  },
  {
    name: PENDING_METRIC_ANOMALY_EVENTS,
    instrument: 'counter',
    unit: '{anomaly}',
    description: 'Anomalies raised (PENDING semconv name).',
    attributes: [PENDING_ATTR_ANALYTICS_METRIC, PENDING_ATTR_ANOMALY_REASON],
  },
  {
    name: PENDING_METRIC_FORECAST_VALUE,
    instrument: 'gauge',
    unit: '{value}',
    description:
      'Forecast of the series one horizon ahead, with its interval (PENDING semconv name).',
    attributes: [...SERIES, PENDING_ATTR_FORECAST_BOUND],
  },
  {
    name: PENDING_METRIC_OPPORTUNITY_ACTIVE,
    instrument: 'gauge',
    unit: '{opportunity}',
    description: 'Optimization opportunities currently open (PENDING semconv name).',
    attributes: [PENDING_ATTR_OPPORTUNITY_TEMPLATE, PENDING_ATTR_OPPORTUNITY_CATEGORY],
  },
  {
    name: PENDING_METRIC_REMEDIATION_ACTIONS,
    instrument: 'counter',
    unit: '{action}',
    description: 'Remediation decisions and their outcomes (PENDING semconv name).',
    attributes: [PENDING_ATTR_REMEDIATION_ACTION, PENDING_ATTR_REMEDIATION_OUTCOME],
  },
];
