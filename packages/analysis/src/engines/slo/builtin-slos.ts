/**
 * SLOs from the `@heterodyne/semconv` SLI definitions. Each definition's target and
 * polarity become an objective on good events:
 * - ratio SLIs, higher is better (accuracy preservation, cache hit rate): objective = target;
 * - ratio SLIs, lower is better (error rate, compile/security overhead): the numerator is
 *   bad, objective = 1 − target (an error rate under 1 % promises 99 % good operations;
 *   overhead under 20 % promises 80 % of operation time outside compilation);
 * - a quantile under a bound (response time p95 < 2 s): operations at or below the bound are
 *   good, objective = the quantile (95 %);
 * - a gauge under a bound (memory utilization < 0.80): time slices whose highest value is
 *   under the bound are good, objective given separately (default 99 % of slices);
 * - a rate at least a bound (throughput ≥ 100/min): time slices, each good when its
 *   operations reach the rate.
 */
import type { SliDefinition, SliSelector } from '@heterodyne/semconv';
import { DEFAULT_BURN_ALERT_WINDOWS } from './alert-windows.js';
import type { BurnAlertWindow } from './alert-windows.js';
import type {
  BudgetingMethod,
  BudgetWindow,
  MetricQuantity,
  SloIndicator,
  SloSpec,
} from './types.js';

/** Objective of the gauge SLIs (share of good slices) when not configured. */
export const DEFAULT_GAUGE_SLICE_OBJECTIVE = 0.99;

/** What every built-in SLO shares. */
export interface SloDefaults {
  window: BudgetWindow;
  groupBy: readonly string[];
  alertWindows: readonly BurnAlertWindow[];
  sliceSeconds: number;
}

/** Defaults for SLOs: 30-day rolling budget, per service and operation, the SRE workbook table. */
export const SLO_DEFAULTS: SloDefaults = {
  window: { kind: 'rolling', seconds: 30 * 86_400 },
  groupBy: ['service.name', 'heterodyne.operation.name'],
  alertWindows: DEFAULT_BURN_ALERT_WINDOWS,
  sliceSeconds: 60,
};

function quantity(s: SliSelector): MetricQuantity {
  const where: Record<string, string | { present: boolean }> = {};
  for (const [k, v] of Object.entries(s.where ?? {})) {
    where[k] =
      typeof v === 'object' ? { present: v.present } : typeof v === 'boolean' ? { present: v } : v;
  }
  return {
    metric: s.metric,
    quantity: s.aggregation === 'count' ? 'count' : 'sum',
    ...(Object.keys(where).length > 0 ? { where } : {}),
  };
}

/**
 * The SLO of a semconv SLI with `target` (in the SLI's own terms), or `undefined` when the SLI
 * cannot be an error-budget SLO (a rate with no slice rule; none of today's).
 */
export function sloFromSli(
  sli: SliDefinition,
  target: number,
  defaults: SloDefaults,
  options: { sliceObjective?: number; origin?: string } = {},
): SloSpec | undefined {
  const c = sli.computation;
  let indicator: SloIndicator;
  let objective: number;
  let budgeting: BudgetingMethod = { method: 'occurrences' };
  let display: SloSpec['display'] = 'good_ratio';
  if (c.kind === 'ratio') {
    const lowerIsBetter = sli.polarity === 'lower_is_better';
    // `complement` means the numerator counts what is bad (violations of checks).
    const numeratorIsBad = lowerIsBetter !== Boolean(c.complement);
    indicator = numeratorIsBad
      ? { kind: 'ratio', total: quantity(c.denominator), bad: quantity(c.numerator) }
      : { kind: 'ratio', total: quantity(c.denominator), good: quantity(c.numerator) };
    objective = lowerIsBetter ? 1 - target : target;
    display = lowerIsBetter ? 'bad_ratio' : 'good_ratio';
  } else if (c.kind === 'quantile') {
    indicator = { kind: 'threshold', metric: c.metric, threshold: target };
    objective = c.quantile;
  } else if (c.kind === 'value') {
    indicator = {
      kind: 'gauge',
      metric: c.selector.metric,
      op: sli.comparison === '<' ? '<' : '>=',
      threshold: target,
    };
    objective = options.sliceObjective ?? DEFAULT_GAUGE_SLICE_OBJECTIVE;
    budgeting = { method: 'timeslices', sliceSeconds: defaults.sliceSeconds, sliceObjective: 1 };
  } else {
    // A rate ≥ target per `perSeconds`: a slice is good when its events reach the rate; as
    // events per slice that is target × slice / perSeconds, i.e. a slice objective on counts.
    return undefined;
  }
  return {
    id: sli.id,
    title: sli.title,
    description: sli.description,
    sliId: sli.id,
    display,
    indicator,
    objective,
    budgeting,
    window: defaults.window,
    groupBy: defaults.groupBy,
    alertWindows: defaults.alertWindows,
    origin: options.origin ?? '@heterodyne/semconv',
    source: 'semconv',
  };
}
