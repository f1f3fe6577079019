/**
 * Optimization and alerts: active alerts by severity, findings raised and resolved by engine,
 * SLO burn-rate alerts, alert deliveries by channel and outcome, and the optimization
 * engine's opportunities and remediations.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  ATTR_MONITOR_ALERT_CHANNEL,
  ATTR_MONITOR_ALERT_OUTCOME,
  ATTR_MONITOR_ALERT_SEVERITY,
  ATTR_MONITOR_ENGINE,
  ATTR_MONITOR_FINDING_STATE,
  ATTR_SLO_ALERT_SEVERITY,
  METRIC_MONITOR_ALERTS_ACTIVE,
  METRIC_MONITOR_ALERT_DELIVERIES,
  METRIC_MONITOR_ENGINE_FINDINGS,
  METRIC_SLO_ALERT_FIRING,
} from '@heterodyne/semconv';
import { label, prom } from '../metric-names.js';
import {
  RATE,
  baseDashboard,
  datasourceVariable,
  statPanel,
  timeseriesPanel,
} from '../panel-kit.js';
import {
  PENDING_ATTR_OPTIMIZATION_OUTCOME,
  PENDING_ATTR_OPTIMIZATION_STATE,
  PENDING_ATTR_OPTIMIZATION_TEMPLATE,
  PENDING_METRIC_OPTIMIZATION_OPPORTUNITIES,
  PENDING_METRIC_OPTIMIZATION_REMEDIATIONS,
} from '../pending-metrics.js';
import type { DashboardDefinition } from './dashboard-definition.js';

const SEVERITY = label(ATTR_MONITOR_ALERT_SEVERITY);
const ENGINE = label(ATTR_MONITOR_ENGINE);
const STATE = label(ATTR_MONITOR_FINDING_STATE);
const TEMPLATE = label(PENDING_ATTR_OPTIMIZATION_TEMPLATE);

function build(datasourceName: string): dashboard.Dashboard {
  const builder = baseDashboard(
    'heterodyne-optimization-alerts',
    'Heterodyne / Optimization and alerts',
    'Alerts and findings of the analysis service, their delivery, and optimization opportunities.',
    [datasourceVariable(datasourceName)],
  );
  builder
    .withRow(new dashboard.RowBuilder('Alerts'))
    .withPanel(
      statPanel({
        title: 'Active alerts',
        description: 'Alerts active now (silenced and inhibited ones included), all severities.',
        unit: 'short',
        queries: [{ expr: `sum(${prom(METRIC_MONITOR_ALERTS_ACTIVE)})`, legend: 'active' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'SLO alerts firing',
        description: 'SLO groups whose burn-rate alert (page or ticket) fires now.',
        unit: 'short',
        queries: [
          {
            expr: `sum(${prom(METRIC_SLO_ALERT_FIRING)}) or vector(0)`,
            legend: 'firing',
          },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Findings in the last hour',
        description: 'Findings raised (state firing) by every engine over the last hour.',
        unit: 'short',
        width: 12,
        queries: [
          {
            expr: `sum(increase(${prom(METRIC_MONITOR_ENGINE_FINDINGS)}{${STATE}="firing"}[1h])) or vector(0)`,
            legend: 'findings',
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Active alerts by severity',
        description: 'Alerts active (silenced and inhibited included), by severity.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (${SEVERITY}) (${prom(METRIC_MONITOR_ALERTS_ACTIVE)})`,
            legend: `{{${SEVERITY}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Findings by engine and state',
        description: 'Findings raised (firing) and resolved per second, by engine.',
        unit: 'cps',
        queries: [
          {
            expr: `sum by (${ENGINE}, ${STATE}) (rate(${prom(METRIC_MONITOR_ENGINE_FINDINGS)}[${RATE}]))`,
            legend: `{{${ENGINE}}} {{${STATE}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'SLO burn-rate alerts by severity',
        description: 'SLO groups whose multi-window burn-rate alert fires, by severity.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (${label(ATTR_SLO_ALERT_SEVERITY)}) (${prom(METRIC_SLO_ALERT_FIRING)})`,
            legend: `{{${label(ATTR_SLO_ALERT_SEVERITY)}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Alert deliveries',
        description:
          'Notification attempts per second by channel and outcome (delivered, failed, dead-letter, rate-limited).',
        unit: 'cps',
        queries: [
          {
            expr: `sum by (${label(ATTR_MONITOR_ALERT_CHANNEL)}, ${label(ATTR_MONITOR_ALERT_OUTCOME)}) (rate(${prom(METRIC_MONITOR_ALERT_DELIVERIES)}[${RATE}]))`,
            legend: `{{${label(ATTR_MONITOR_ALERT_CHANNEL)}}} {{${label(ATTR_MONITOR_ALERT_OUTCOME)}}}`,
          },
        ],
      }),
    )
    .withRow(new dashboard.RowBuilder('Optimization'))
    .withPanel(
      timeseriesPanel({
        title: 'Opportunities by template and state',
        description: 'Optimization opportunities the engine holds, by template and state.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (${TEMPLATE}, ${label(PENDING_ATTR_OPTIMIZATION_STATE)}) (${prom(PENDING_METRIC_OPTIMIZATION_OPPORTUNITIES)})`,
            legend: `{{${TEMPLATE}}} {{${label(PENDING_ATTR_OPTIMIZATION_STATE)}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Remediations by outcome',
        description:
          'Remediations per hour by template and outcome (applied, rolled back, failed).',
        unit: 'short',
        queries: [
          {
            expr: `sum by (${TEMPLATE}, ${label(PENDING_ATTR_OPTIMIZATION_OUTCOME)}) (increase(${prom(PENDING_METRIC_OPTIMIZATION_REMEDIATIONS)}[1h]))`,
            legend: `{{${TEMPLATE}}} {{${label(PENDING_ATTR_OPTIMIZATION_OUTCOME)}}}`,
          },
        ],
      }),
    );
  return builder.build();
}

/** The optimization and alerts dashboard. */
export const OPTIMIZATION_ALERTS: DashboardDefinition = {
  uid: 'heterodyne-optimization-alerts',
  file: 'heterodyne-optimization-alerts.json',
  build,
};
