/**
 * The `slo` section written back in the file's shape for `config check`. Objectives read
 * from OpenSLO files are not written (the `openslo` list names their files), so the output
 * parses back to the same configuration.
 */
import { windowName } from '../engines/slo/alert-windows.js';
import { describeWindow } from '../engines/slo/budget-window.js';
import type { MetricQuantity, SloSpec } from '../engines/slo/types.js';
import type { SloConfig } from './types.js';
import { formatDuration } from './units.js';

type Yaml = Record<string, unknown>;

function quantity(q: MetricQuantity): Yaml {
  return { metric: q.metric, quantity: q.quantity, ...(q.where ? { where: q.where } : {}) };
}

function indicator(spec: SloSpec): Yaml {
  const ind = spec.indicator;
  const where = ind.kind !== 'ratio' && ind.where ? { where: ind.where } : {};
  if (ind.kind === 'ratio') {
    return {
      ratio: {
        total: quantity(ind.total),
        ...(ind.good ? { good: quantity(ind.good) } : {}),
        ...(ind.bad ? { bad: quantity(ind.bad) } : {}),
      },
    };
  }
  if (ind.kind === 'threshold')
    return { threshold: { metric: ind.metric, le: ind.threshold, ...where } };
  return { gauge: { metric: ind.metric, op: ind.op, value: ind.threshold, ...where } };
}

function alertWindows(config: Pick<SloConfig, 'alertWindows'>): Yaml[] {
  return config.alertWindows.map((r) => ({
    severity: r.severity,
    long: windowName(r.longWindowSeconds),
    short: windowName(r.shortWindowSeconds),
    budget_consumed: r.budgetConsumed,
  }));
}

function objective(spec: SloSpec): Yaml {
  const b = spec.budgeting;
  return {
    title: spec.title,
    description: spec.description,
    objective: spec.objective,
    window: describeWindow(spec.window),
    budgeting: b.method,
    ...(b.method === 'timeslices'
      ? { slice: formatDuration(b.sliceSeconds * 1000), slice_objective: b.sliceObjective }
      : {}),
    group_by: [...spec.groupBy],
    display: spec.display,
    alert_windows: alertWindows(spec),
    ...indicator(spec),
  };
}

/** The `slo` section. */
export function describeSlo(c: SloConfig): Yaml {
  const objectives: Yaml = {};
  for (const spec of c.objectives) {
    if (spec.source === 'config') objectives[spec.id] = objective(spec);
  }
  return {
    evaluation_interval: formatDuration(c.evaluationIntervalMillis),
    builtin: c.builtin,
    window: describeWindow(c.window),
    group_by: c.groupBy,
    slice: formatDuration(c.sliceSeconds * 1000),
    gauge_slice_objective: c.gaugeSliceObjective,
    alert_windows: alertWindows(c),
    history_interval: formatDuration(c.historyIntervalMillis),
    checkpoint_interval: formatDuration(c.checkpointIntervalMillis),
    targets: c.targets,
    objectives,
    openslo: c.openslo,
  };
}
