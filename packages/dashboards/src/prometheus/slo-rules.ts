/**
 * The rules of one SLO (one group; gauge SLOs add a group recording their slices), in the shape Sloth and Pyrra users know:
 *
 * - `slo:sli_error:ratio_rate<window>`: the error ratio per group over each window (the alert
 *   table's windows and the budget period);
 * - `slo:objective:ratio`, `slo:error_budget:ratio`, `slo:time_period:days`: the SLO as data;
 * - `slo:current_burn_rate:ratio` (shortest window), `slo:period_burn_rate:ratio` and
 *   `slo:period_error_budget_remaining:ratio` (1 unspent, 0 spent, negative overspent);
 * - one alert per severity (`SloErrorBudgetBurn`, labels `slo` and `severity`), firing while
 *   any row of the multi-window, multi-burn-rate table burns over both its long and its short
 *   window (Google SRE workbook, "Alerting on SLOs", approach 6). The comparison is the
 *   analysis service's own: error ratio / error budget > threshold.
 */
import type { MetricDefinition } from '@heterodyne/semconv';
import { errorRatioExpr, groupLabels, SLICE_RECORD, sliceExpr } from './error-ratio.js';
import { promDuration, promNumber } from './promql.js';
import type { PrometheusRule, PrometheusRuleGroup, RuleSloDefinition } from './types.js';

/** The alert name of every SLO burn-rate alert. */
export const SLO_ALERT_NAME = 'SloErrorBudgetBurn';

/** Recording-rule names. */
export const SLO_RECORD_OBJECTIVE = 'slo:objective:ratio';
export const SLO_RECORD_ERROR_BUDGET = 'slo:error_budget:ratio';
export const SLO_RECORD_TIME_PERIOD_DAYS = 'slo:time_period:days';
export const SLO_RECORD_CURRENT_BURN_RATE = 'slo:current_burn_rate:ratio';
export const SLO_RECORD_PERIOD_BURN_RATE = 'slo:period_burn_rate:ratio';
export const SLO_RECORD_BUDGET_REMAINING = 'slo:period_error_budget_remaining:ratio';

/** The name of the error-ratio recording over a window: `slo:sli_error:ratio_rate5m`. */
export function errorRatioRecord(windowSeconds: number): string {
  return `slo:sli_error:ratio_rate${promDuration(windowSeconds)}`;
}

/** The recorded windows of an SLO: its windows, the alert windows and the period, sorted. */
export function recordedWindows(slo: RuleSloDefinition): number[] {
  const all = new Set<number>([...slo.windowsSeconds, slo.periodSeconds]);
  for (const row of slo.alerts) {
    all.add(row.longWindowSeconds);
    all.add(row.shortWindowSeconds);
  }
  return [...all].sort((a, b) => a - b);
}

function sloSelector(record: string, id: string): string {
  return `${record}{slo="${id.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"}`;
}

function alertsOf(slo: RuleSloDefinition, budget: string): PrometheusRule[] {
  const rules: PrometheusRule[] = [];
  // Each group label that is set, space-separated (gauges have no operation label).
  const groupText = groupLabels(slo)
    .map((l, i) => `{{ with $labels.${l} }}${i === 0 ? '' : ' '}{{ . }}{{ end }}`)
    .join('');
  for (const severity of ['page', 'ticket'] as const) {
    const rows = slo.alerts.filter((r) => r.severity === severity);
    if (rows.length === 0) continue;
    const conditions = rows.map((row) => {
      const t = promNumber(row.burnRateThreshold);
      const long = sloSelector(errorRatioRecord(row.longWindowSeconds), slo.id);
      const short = sloSelector(errorRatioRecord(row.shortWindowSeconds), slo.id);
      return `(${long} / ${budget} > ${t} and ${short} / ${budget} > ${t})`;
    });
    const table = rows
      .map(
        (r) =>
          `${promNumber(r.burnRateThreshold)}x over ${promDuration(r.longWindowSeconds)} and ${promDuration(r.shortWindowSeconds)}`,
      )
      .join(', or ');
    rules.push({
      alert: SLO_ALERT_NAME,
      expr: conditions.join(' or '),
      labels: { slo: slo.id, severity },
      annotations: {
        summary: `${slo.title}: ${groupText} is burning its error budget`,
        description:
          `${slo.title} (objective ${promNumber(slo.objective * 100)} % over ${promDuration(slo.periodSeconds)}): ` +
          `burn rate {{ $value | humanize }}x over the long window; fires at ${table}.`,
      },
    });
  }
  return rules;
}

/** The recording and alerting rule groups of one SLO. */
export function sloRuleGroups(
  slo: RuleSloDefinition,
  registry: readonly MetricDefinition[],
): PrometheusRuleGroup[] {
  const windows = recordedWindows(slo);
  const labels = { slo: slo.id };
  const budget = promNumber(1 - slo.objective);
  const sli: PrometheusRule[] = windows.map((w) => ({
    record: errorRatioRecord(w),
    expr: errorRatioExpr(slo, w, registry),
    labels,
  }));
  const shortest = windows[0] as number;
  const meta: PrometheusRule[] = [
    { record: SLO_RECORD_OBJECTIVE, expr: `vector(${promNumber(slo.objective)})`, labels },
    { record: SLO_RECORD_ERROR_BUDGET, expr: `vector(${budget})`, labels },
    {
      record: SLO_RECORD_TIME_PERIOD_DAYS,
      expr: `vector(${promNumber(slo.periodSeconds / 86_400)})`,
      labels,
    },
    {
      record: SLO_RECORD_CURRENT_BURN_RATE,
      expr: `${sloSelector(errorRatioRecord(shortest), slo.id)} / ${budget}`,
      labels,
    },
    {
      record: SLO_RECORD_PERIOD_BURN_RATE,
      expr: `${sloSelector(errorRatioRecord(slo.periodSeconds), slo.id)} / ${budget}`,
      labels,
    },
    {
      record: SLO_RECORD_BUDGET_REMAINING,
      expr: `1 - ${sloSelector(SLO_RECORD_PERIOD_BURN_RATE, slo.id)}`,
      labels,
    },
  ];
  const groups: PrometheusRuleGroup[] = [];
  if (slo.indicator.kind === 'gauge') {
    groups.push({
      name: `heterodyne-slo-${slo.id}-slices`,
      interval: promDuration(slo.sliceSeconds ?? 60),
      rules: [{ record: SLICE_RECORD, expr: sliceExpr(slo, registry), labels }],
    });
  }
  // One group, so the alerts read the recordings of the same evaluation (rules of a group
  // run in order; separate groups run independently and may lag one interval behind).
  groups.push({
    name: `heterodyne-slo-${slo.id}`,
    rules: [...sli, ...meta, ...alertsOf(slo, budget)],
  });
  return groups;
}
