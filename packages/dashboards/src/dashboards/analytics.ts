/**
 * Analytics: baselines against the actual values (the band the baselines engine holds each
 * series to), drift (state, relative change, events as annotations), and the anomaly and
 * forecast exports.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  ATTR_BASELINE_DRIFT_DIRECTION,
  ATTR_BASELINE_METRIC,
  ATTR_BASELINE_SERIES,
  ATTR_BASELINE_STATISTIC,
  ATTR_MEMORY_TYPE,
  ATTR_OPERATION_NAME,
  METRIC_ACCURACY_ACHIEVED,
  METRIC_BASELINE_DRIFT_ACTIVE,
  METRIC_BASELINE_DRIFT_EVENTS,
  METRIC_BASELINE_DRIFT_RELATIVE_CHANGE,
  METRIC_BASELINE_SERIES_IGNORED,
  METRIC_BASELINE_SERIES_TRACKED,
  METRIC_BASELINE_VALUE,
  METRIC_MEMORY_USAGE,
  METRIC_OPERATION_DURATION,
  ATTR_ANALYTICS_METRIC,
  ATTR_ANALYTICS_SERIES,
  ATTR_ANOMALY_REASON,
  ATTR_FORECAST_BOUND,
  METRIC_ANOMALY_ACTIVE,
  METRIC_ANOMALY_EVENTS,
  METRIC_ANOMALY_SCORE,
  METRIC_FORECAST_VALUE,
} from '@heterodyne/semconv';
import { count, label, prom, sum } from '../metric-names.js';
import {
  DATASOURCE_REF,
  RATE,
  baseDashboard,
  datasourceVariable,
  labelVariable,
  timeseriesPanel,
} from '../panel-kit.js';
import type { PanelQuery } from '../panel-kit.js';
import type { DashboardDefinition } from './dashboard-definition.js';

const B_METRIC = label(ATTR_BASELINE_METRIC);
const B_SERIES = label(ATTR_BASELINE_SERIES);
const B_STAT = label(ATTR_BASELINE_STATISTIC);
const OP = label(ATTR_OPERATION_NAME);
const A_METRIC = label(ATTR_ANALYTICS_METRIC);
const A_SERIES = label(ATTR_ANALYTICS_SERIES);

/** The band edges and median of the baseline of `metric`, one line per baselined series. */
function baselineQueries(metric: string): PanelQuery[] {
  return (['band_lower', 'p50', 'band_upper'] as const).map((statistic) => ({
    expr: `${prom(METRIC_BASELINE_VALUE)}{${B_METRIC}="${metric}", ${B_STAT}="${statistic}"}`,
    legend: `baseline ${statistic} {{${B_SERIES}}}`,
  }));
}

function build(datasourceName: string): dashboard.Dashboard {
  const builder = baseDashboard(
    'heterodyne-analytics',
    'Heterodyne / Analytics',
    'Baselines against actual values, drift, anomaly scores and forecasts.',
    [
      datasourceVariable(datasourceName),
      labelVariable('job', 'Service', count(METRIC_OPERATION_DURATION), 'job'),
    ],
  );
  builder.annotation(
    new dashboard.AnnotationQueryBuilder()
      .name('Drift events')
      .datasource(DATASOURCE_REF)
      .enable(true)
      .iconColor('orange')
      .expr(
        `sum by (${B_METRIC}, ${label(ATTR_BASELINE_DRIFT_DIRECTION)}) (increase(${prom(METRIC_BASELINE_DRIFT_EVENTS)}[2m])) > 0`,
      )
      .step('60s')
      .titleFormat(`Drift ({{${label(ATTR_BASELINE_DRIFT_DIRECTION)}}})`)
      .textFormat(`{{${B_METRIC}}}`)
      .tagKeys(`${B_METRIC},${label(ATTR_BASELINE_DRIFT_DIRECTION)}`),
  );
  builder.annotation(
    new dashboard.AnnotationQueryBuilder()
      .name('Anomalies')
      .datasource(DATASOURCE_REF)
      .enable(true)
      .iconColor('red')
      .expr(
        `sum by (${A_METRIC}, ${label(ATTR_ANOMALY_REASON)}) (increase(${prom(METRIC_ANOMALY_EVENTS)}[2m])) > 0`,
      )
      .step('60s')
      .titleFormat(`Anomaly ({{${label(ATTR_ANOMALY_REASON)}}})`)
      .textFormat(`{{${A_METRIC}}}`)
      .tagKeys(`${A_METRIC},${label(ATTR_ANOMALY_REASON)}`),
  );
  builder
    .withRow(new dashboard.RowBuilder('Baselines against actual values'))
    .withPanel(
      timeseriesPanel({
        title: 'Operation duration against its baseline',
        description:
          "Mean duration per operation (the baselines engine's input: the mean of each interval) with the baseline's band edges and median.",
        unit: 's',
        width: 24,
        queries: [
          {
            expr: `sum by (${OP}) (rate(${sum(METRIC_OPERATION_DURATION)}{job=~"$job"}[${RATE}])) / sum by (${OP}) (rate(${count(METRIC_OPERATION_DURATION)}{job=~"$job"}[${RATE}]))`,
            legend: `actual {{${OP}}}`,
          },
          ...baselineQueries(METRIC_OPERATION_DURATION),
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Memory against its baseline',
        description: "Process memory by kind, with the baseline's band edges and median.",
        unit: 'bytes',
        queries: [
          {
            expr: `${prom(METRIC_MEMORY_USAGE)}{job=~"$job"}`,
            legend: `actual {{instance}} {{${label(ATTR_MEMORY_TYPE)}}}`,
          },
          ...baselineQueries(METRIC_MEMORY_USAGE),
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Accuracy against its baseline',
        description:
          "Mean accuracy achieved per operation, with the baseline's band edges and median.",
        unit: 'percentunit',
        queries: [
          {
            expr: `sum by (${OP}) (rate(${sum(METRIC_ACCURACY_ACHIEVED)}{job=~"$job"}[${RATE}])) / sum by (${OP}) (rate(${count(METRIC_ACCURACY_ACHIEVED)}{job=~"$job"}[${RATE}]))`,
            legend: `actual {{${OP}}}`,
          },
          ...baselineQueries(METRIC_ACCURACY_ACHIEVED),
        ],
      }),
    )
    .withRow(new dashboard.RowBuilder('Drift'))
    .withPanel(
      timeseriesPanel({
        title: 'Series drifting',
        description: 'Baselined series whose values have drifted from their baseline, per metric.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (${B_METRIC}) (${prom(METRIC_BASELINE_DRIFT_ACTIVE)})`,
            legend: `{{${B_METRIC}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Drift relative change',
        description:
          "Signed relative change of the recent values' location against the baseline's, at the last validation.",
        unit: 'percentunit',
        queries: [
          {
            expr: prom(METRIC_BASELINE_DRIFT_RELATIVE_CHANGE),
            legend: `{{${B_SERIES}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Drift events',
        description:
          'Drift events detected per hour, by metric and direction (degraded, improved).',
        unit: 'short',
        queries: [
          {
            expr: `sum by (${B_METRIC}, ${label(ATTR_BASELINE_DRIFT_DIRECTION)}) (increase(${prom(METRIC_BASELINE_DRIFT_EVENTS)}[1h]))`,
            legend: `{{${B_METRIC}}} {{${label(ATTR_BASELINE_DRIFT_DIRECTION)}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Series followed',
        description:
          'Series the baselines engine follows, and those ignored because baselines.max_series was reached.',
        unit: 'short',
        queries: [
          { expr: prom(METRIC_BASELINE_SERIES_TRACKED), legend: 'tracked' },
          { expr: prom(METRIC_BASELINE_SERIES_IGNORED), legend: 'ignored' },
        ],
      }),
    )
    .withRow(new dashboard.RowBuilder('Anomalies and forecasts'))
    .withPanel(
      timeseriesPanel({
        title: 'Anomaly scores',
        description: 'Anomaly score per series, 0 (normal) to 1 (certainly anomalous).',
        unit: 'percentunit',
        min: 0,
        max: 1,
        queries: [{ expr: prom(METRIC_ANOMALY_SCORE), legend: `{{${A_METRIC}}}` }],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Series anomalous now',
        description: 'Series the anomaly engine holds anomalous, per metric.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (${A_METRIC}) (${prom(METRIC_ANOMALY_ACTIVE)})`,
            legend: `{{${A_METRIC}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Forecasts',
        description:
          "Forecast of each series at each horizon, with its prediction interval (lower, upper), in the series' own unit.",
        unit: 'short',
        width: 24,
        queries: [
          {
            expr: prom(METRIC_FORECAST_VALUE),
            legend: `{{${A_SERIES}}} {{${label(ATTR_FORECAST_BOUND)}}}`,
          },
        ],
      }),
    );
  return builder.build();
}

/** The analytics dashboard. */
export const ANALYTICS: DashboardDefinition = {
  uid: 'heterodyne-analytics',
  file: 'heterodyne-analytics.json',
  build,
};
