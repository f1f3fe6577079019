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
  ATTR_OPPORTUNITY_CATEGORY,
  ATTR_OPPORTUNITY_TEMPLATE,
  ATTR_REMEDIATION_ACTION,
  ATTR_REMEDIATION_OUTCOME,
  METRIC_OPPORTUNITY_ACTIVE,
  METRIC_REMEDIATION_ACTIONS,
} from '@heterodyne/semconv';
import { label, prom } from '../metric-names.js';
import {
  RATE,
  baseDashboard,
  datasourceVariable,
  statPanel,
  timeseriesPanel,
} from '../panel-kit.js';
import type { DashboardDefinition } from './dashboard-definition.js';

const SEVERITY = label(ATTR_MONITOR_ALERT_SEVERITY);
const ENGINE = label(ATTR_MONITOR_ENGINE);
const STATE = label(ATTR_MONITOR_FINDING_STATE);
const TEMPLATE = label(ATTR_OPPORTUNITY_TEMPLATE);
const CATEGORY = label(ATTR_OPPORTUNITY_CATEGORY);
const ACTION = label(ATTR_REMEDIATION_ACTION);
const OUTCOME = label(ATTR_REMEDIATION_OUTCOME);

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
        title: 'Open opportunities by template',
        description: 'Optimization opportunities open now, by template and category.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (${TEMPLATE}, ${CATEGORY}) (${prom(METRIC_OPPORTUNITY_ACTIVE)})`,
            legend: `{{${TEMPLATE}}} {{${CATEGORY}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Remediation actions by outcome',
        description:
          'Remediation decisions per hour by action and outcome (recommended, dry run, executed, kept, rolled back, failed, ...).',
        unit: 'short',
        queries: [
          {
            expr: `sum by (${ACTION}, ${OUTCOME}) (increase(${prom(METRIC_REMEDIATION_ACTIONS)}[1h]))`,
            legend: `{{${ACTION}}} {{${OUTCOME}}}`,
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
