/**
 * SLO overview: per SLO (a repeated row per value of `$slo`) the SLI, the objective, the
 * error budget left, burn rates by window, time to exhaustion and the burn-rate alerts, from
 * the `heterodyne.slo.*` gauges the SLO engine exports.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  ATTR_OPERATION_NAME,
  ATTR_SLO_ALERT_SEVERITY,
  ATTR_SLO_ID,
  ATTR_SLO_WINDOW,
  METRIC_SLO_ALERT_FIRING,
  METRIC_SLO_BURN_RATE,
  METRIC_SLO_ERROR_BUDGET_REMAINING,
  METRIC_SLO_OBJECTIVE,
  METRIC_SLO_SLI,
  METRIC_SLO_TIME_TO_EXHAUSTION,
} from '@heterodyne/semconv';
import { label, prom } from '../metric-names.js';
import {
  baseDashboard,
  datasourceVariable,
  labelVariable,
  statPanel,
  timeseriesPanel,
} from '../panel-kit.js';
import type { DashboardDefinition } from './dashboard-definition.js';

const SLO = label(ATTR_SLO_ID);
const WINDOW = label(ATTR_SLO_WINDOW);
const SEVERITY = label(ATTR_SLO_ALERT_SEVERITY);
/** The default SLO grouping (`slo.group_by`): `service.name` and the operation name. */
const GROUP = ['service_name', label(ATTR_OPERATION_NAME)];
const GROUP_LEGEND = GROUP.map((l) => `{{${l}}}`).join(' ');
const sel = `${SLO}=~"$slo"`;

/** Burn rates have no unit: a multiple of the rate that spends the budget exactly. */
const BURN_UNIT = 'suffix:×';

function build(datasourceName: string): dashboard.Dashboard {
  const builder = baseDashboard(
    'heterodyne-slo-overview',
    'Heterodyne / SLO overview',
    'Service level objectives evaluated by the analysis service: SLI, objective, error budget, burn rates and burn-rate alerts.',
    [
      datasourceVariable(datasourceName),
      labelVariable('slo', 'SLO', prom(METRIC_SLO_OBJECTIVE), SLO),
    ],
  );
  builder
    .withRow(new dashboard.RowBuilder('All SLOs'))
    .withPanel(
      statPanel({
        title: 'Page alerts firing',
        description:
          'SLO groups whose fast-burn (page) multi-window alert fires now (heterodyne.slo.alert.firing, severity page).',
        unit: 'short',
        queries: [
          {
            expr: `sum(${prom(METRIC_SLO_ALERT_FIRING)}{${sel}, ${SEVERITY}="page"}) or vector(0)`,
            legend: 'page',
          },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Ticket alerts firing',
        description:
          'SLO groups whose slow-burn (ticket) multi-window alert fires now (heterodyne.slo.alert.firing, severity ticket).',
        unit: 'short',
        queries: [
          {
            expr: `sum(${prom(METRIC_SLO_ALERT_FIRING)}{${sel}, ${SEVERITY}="ticket"}) or vector(0)`,
            legend: 'ticket',
          },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Lowest error budget left',
        description:
          'The smallest share of its error budget any selected SLO group has left (negative when overspent).',
        unit: 'percentunit',
        queries: [
          { expr: `min(${prom(METRIC_SLO_ERROR_BUDGET_REMAINING)}{${sel}})`, legend: 'min' },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Shortest time to exhaustion',
        description:
          'The soonest any selected SLO group spends its whole error budget if its 1 h burn rate continues.',
        unit: 's',
        queries: [{ expr: `min(${prom(METRIC_SLO_TIME_TO_EXHAUSTION)}{${sel}})`, legend: 'min' }],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Error budget left by SLO',
        description: "The smallest error budget left among each SLO's groups.",
        unit: 'percentunit',
        width: 24,
        queries: [
          {
            expr: `min by (${SLO}) (${prom(METRIC_SLO_ERROR_BUDGET_REMAINING)}{${sel}})`,
            legend: `{{${SLO}}}`,
          },
        ],
      }),
    );

  // An expanded row owns the panels after it: Grafana repeats them per value of `$slo`.
  builder
    .withRow(new dashboard.RowBuilder('SLO $slo').repeat('slo'))
    .withPanel(
      timeseriesPanel({
        title: 'SLI and objective',
        description:
          "The SLI over the budget window per group (in the SLI's own terms), and the objective it is held to.",
        unit: 'percentunit',
        queries: [
          { expr: `${prom(METRIC_SLO_SLI)}{${sel}}`, legend: `SLI ${GROUP_LEGEND}` },
          {
            expr: `max by (${SLO}) (${prom(METRIC_SLO_OBJECTIVE)}{${sel}})`,
            legend: 'objective',
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Error budget left',
        description:
          "Share of the budget window's error budget left per group; below 0 when overspent.",
        unit: 'percentunit',
        queries: [
          { expr: `${prom(METRIC_SLO_ERROR_BUDGET_REMAINING)}{${sel}}`, legend: GROUP_LEGEND },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Burn rate by window',
        description:
          'The highest burn rate among the groups, per window (5m … 3d): 1× spends the budget exactly over the budget window.',
        unit: BURN_UNIT,
        queries: [
          {
            expr: `max by (${WINDOW}) (${prom(METRIC_SLO_BURN_RATE)}{${sel}})`,
            legend: `{{${WINDOW}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Time to exhaustion',
        description:
          'Time until the error budget is spent if the 1 h burn rate continues, per group.',
        unit: 's',
        queries: [{ expr: `${prom(METRIC_SLO_TIME_TO_EXHAUSTION)}{${sel}}`, legend: GROUP_LEGEND }],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Burn-rate alerts firing',
        description:
          'Groups whose multi-window, multi-burn-rate alert fires, by severity (page: fast burn, ticket: slow burn).',
        unit: 'short',
        width: 24,
        queries: [
          {
            expr: `sum by (${SEVERITY}) (${prom(METRIC_SLO_ALERT_FIRING)}{${sel}})`,
            legend: `{{${SEVERITY}}}`,
          },
        ],
      }),
    );
  return builder.build();
}

/** The SLO overview dashboard. */
export const SLO_OVERVIEW: DashboardDefinition = {
  uid: 'heterodyne-slo-overview',
  file: 'heterodyne-slo-overview.json',
  build,
};
