/**
 * Metric names the dashboards chart before they are in `@heterodyne/semconv`: the anomaly,
 * forecast and optimization engines' exports. PENDING: each entry here must be replaced by
 * the semconv definition of the same meaning once it exists (import the semconv constant in
 * the dashboard, delete the entry). Until then the panels built on them are listed in
 * `MAY_BE_EMPTY` with the reason "pending name".
 */
import type { MetricDefinition } from '@heterodyne/semconv';

/** PENDING: anomaly score of a series, 0 (normal) to 1 (certainly anomalous). */
export const PENDING_METRIC_ANOMALY_SCORE = 'heterodyne.anomaly.score';
/** PENDING: whether a series is anomalous now (1) or not (0). */
export const PENDING_METRIC_ANOMALY_ACTIVE = 'heterodyne.anomaly.active';
/** PENDING: anomalies detected (counter). */
export const PENDING_METRIC_ANOMALY_EVENTS = 'heterodyne.anomaly.events';
/** PENDING: forecast value of a series at a horizon, in the series' unit. */
export const PENDING_METRIC_FORECAST_VALUE = 'heterodyne.forecast.value';
/** PENDING: open optimization opportunities, by template and state. */
export const PENDING_METRIC_OPTIMIZATION_OPPORTUNITIES = 'heterodyne.optimization.opportunities';
/** PENDING: remediations applied, by outcome (counter). */
export const PENDING_METRIC_OPTIMIZATION_REMEDIATIONS = 'heterodyne.optimization.remediations';

/** PENDING: the series attribute of anomaly and forecast metrics. */
export const PENDING_ATTR_ANALYTICS_METRIC = 'heterodyne.analytics.metric';
/** PENDING: the forecast horizon attribute (`1h`, `1d`). */
export const PENDING_ATTR_FORECAST_HORIZON = 'heterodyne.forecast.horizon';
/** PENDING: the forecast band attribute (`point`, `lower`, `upper`). */
export const PENDING_ATTR_FORECAST_BOUND = 'heterodyne.forecast.bound';
/** PENDING: an optimization template id. */
export const PENDING_ATTR_OPTIMIZATION_TEMPLATE = 'heterodyne.optimization.template';
/** PENDING: an opportunity's state (`open`, `applied`, `dismissed`). */
export const PENDING_ATTR_OPTIMIZATION_STATE = 'heterodyne.optimization.state';
/** PENDING: a remediation's outcome (`applied`, `rolled_back`, `failed`). */
export const PENDING_ATTR_OPTIMIZATION_OUTCOME = 'heterodyne.optimization.outcome';

/** The pending definitions, translated like the semconv ones. */
export const PENDING_METRICS: readonly MetricDefinition[] = [
  {
    name: PENDING_METRIC_ANOMALY_SCORE,
    instrument: 'gauge',
    unit: '1',
    description: 'Anomaly score of a series (pending semconv name).',
    attributes: [PENDING_ATTR_ANALYTICS_METRIC],
  },
  {
    name: PENDING_METRIC_ANOMALY_ACTIVE,
    instrument: 'gauge',
    unit: '1',
    description: 'Whether a series is anomalous (pending semconv name).',
    attributes: [PENDING_ATTR_ANALYTICS_METRIC],
  },
  {
    name: PENDING_METRIC_ANOMALY_EVENTS,
    instrument: 'counter',
    unit: '{anomaly}',
    description: 'Anomalies detected (pending semconv name).',
    attributes: [PENDING_ATTR_ANALYTICS_METRIC],
  },
  {
    name: PENDING_METRIC_FORECAST_VALUE,
    instrument: 'gauge',
    unit: '{value}',
    description: 'Forecast of a series at a horizon (pending semconv name).',
    attributes: [
      PENDING_ATTR_ANALYTICS_METRIC,
      PENDING_ATTR_FORECAST_HORIZON,
      PENDING_ATTR_FORECAST_BOUND,
    ],
  },
  {
    name: PENDING_METRIC_OPTIMIZATION_OPPORTUNITIES,
    instrument: 'gauge',
    unit: '{opportunity}',
    description: 'Optimization opportunities by template and state (pending semconv name).',
    attributes: [PENDING_ATTR_OPTIMIZATION_TEMPLATE, PENDING_ATTR_OPTIMIZATION_STATE],
  },
  {
    name: PENDING_METRIC_OPTIMIZATION_REMEDIATIONS,
    instrument: 'counter',
    unit: '{remediation}',
    description: 'Remediations by outcome (pending semconv name).',
    attributes: [PENDING_ATTR_OPTIMIZATION_TEMPLATE, PENDING_ATTR_OPTIMIZATION_OUTCOME],
  },
];
