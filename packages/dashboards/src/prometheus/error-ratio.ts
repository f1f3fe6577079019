/**
 * The PromQL of an SLO's error ratio over one window, per group: the share of bad events
 * (or, for gauges, of bad time slices), as the analysis service's SLO engine counts them.
 *
 * - ratio: `bad / total` (or `1 - good / total`) of the rates, clamped to [0, 1] as the engine
 *   clamps; a missing bad (or good) series counts as zero, so an SLO without errors records 0
 *   rather than nothing;
 * - threshold: `1 - bucket{le=threshold} / count` of a histogram (the threshold must be a
 *   bucket bound: Prometheus cannot interpolate a rate of observations);
 * - gauge: the share of `sliceSeconds` slices whose worst value breaks the bound: a rule group
 *   evaluated once per slice records each slice as 1 (bad) or 0 (good), windows average the
 *   recordings (slices without a sample are not recorded, so not counted).
 */
import type { MetricDefinition } from '@heterodyne/semconv';
import { findMetric, labelOf, matchersOf, promDuration, promNumber, selector } from './promql.js';
import { quantitySeries } from './promql.js';
import type { RuleMetricQuantity, RuleSloDefinition } from './types.js';

/** Whether an SLO can be expressed, and the reason when it cannot. */
export type Expressible = { ok: true } | { ok: false; reason: string };

/** The `by (...)` labels of an SLO's groups. */
export function groupLabels(slo: RuleSloDefinition): string[] {
  return slo.groupBy.map(labelOf);
}

function sumRate(
  quantity: RuleMetricQuantity,
  window: string,
  by: string,
  registry: readonly MetricDefinition[],
): string {
  const series = selector(quantitySeries(quantity, registry), matchersOf(quantity.where));
  return `sum by (${by}) (rate(${series}[${window}]))`;
}

/** Checks what Prometheus cannot express for `slo`, before any expression is built. */
export function checkExpressible(
  slo: RuleSloDefinition,
  registry: readonly MetricDefinition[],
): Expressible {
  const ind = slo.indicator;
  if (ind.kind === 'ratio' && ind.good === undefined && ind.bad === undefined) {
    return { ok: false, reason: 'ratio indicator has neither `good` nor `bad`' };
  }
  if (ind.kind === 'threshold') {
    const definition = findMetric(ind.metric, registry);
    if (definition === undefined || definition.instrument !== 'histogram') {
      return {
        ok: false,
        reason: `threshold indicator on ${ind.metric}: not a histogram of the metric registry`,
      };
    }
    if (!(definition.buckets ?? []).includes(ind.threshold)) {
      return {
        ok: false,
        reason:
          `threshold ${ind.threshold} is not a bucket bound of ${ind.metric} ` +
          `(${(definition.buckets ?? []).join(', ')}): Prometheus cannot interpolate rates of observations`,
      };
    }
  }
  if (ind.kind === 'gauge' && findMetric(ind.metric, registry) === undefined) {
    return { ok: false, reason: `gauge indicator on ${ind.metric}: not in the metric registry` };
  }
  return { ok: true };
}

/** The worst-value reduction and the "bad" comparison of a gauge bound. */
const GAUGE_BAD: Record<'<' | '<=' | '>' | '>=', { reduce: 'max' | 'min'; bad: string }> = {
  '<': { reduce: 'max', bad: '>=' },
  '<=': { reduce: 'max', bad: '>' },
  '>': { reduce: 'min', bad: '<=' },
  '>=': { reduce: 'min', bad: '<' },
};

/** The error ratio of `slo` over `windowSeconds`, per group. Call {@link checkExpressible} first. */
export function errorRatioExpr(
  slo: RuleSloDefinition,
  windowSeconds: number,
  registry: readonly MetricDefinition[],
): string {
  const w = promDuration(windowSeconds);
  const by = groupLabels(slo).join(', ');
  const ind = slo.indicator;
  if (ind.kind === 'ratio') {
    const total = sumRate(ind.total, w, by, registry);
    const zero = `(${total} * 0)`;
    if (ind.bad !== undefined) {
      const bad = sumRate(ind.bad, w, by, registry);
      return `clamp((${bad} or ${zero}) / ${total}, 0, 1)`;
    }
    const good = sumRate(ind.good as RuleMetricQuantity, w, by, registry);
    return `clamp(1 - (${good} or ${zero}) / ${total}, 0, 1)`;
  }
  if (ind.kind === 'threshold') {
    const definition = findMetric(ind.metric, registry) as MetricDefinition;
    const count: RuleMetricQuantity = {
      metric: definition.name,
      quantity: 'count',
      ...(ind.where ? { where: ind.where } : {}),
    };
    const total = sumRate(count, w, by, registry);
    const base = quantitySeries(count, registry).replace(/_count$/, '_bucket');
    // The exporter writes `le` as JavaScript prints the bound (`2`, `0.25`, `2.5`).
    const bucket = selector(base, matchersOf(ind.where, [`le="${String(ind.threshold)}"`]));
    return `clamp(1 - sum by (${by}) (rate(${bucket}[${w}])) / ${total}, 0, 1)`;
  }
  return `avg_over_time(${SLICE_RECORD}{slo="${escapeId(slo.id)}"}[${w}])`;
}

/** The recording of a gauge SLO's slices: 1 for a bad slice, 0 for a good one. */
export const SLICE_RECORD = 'slo:sli_error:slice';

function escapeId(id: string): string {
  return id.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * The expression of one slice of a gauge SLO (evaluated every `sliceSeconds`): whether the
 * worst value of the last slice breaks the bound, per group; nothing when the slice has no
 * sample. Windows then average the recorded slices.
 */
export function sliceExpr(slo: RuleSloDefinition, registry: readonly MetricDefinition[]): string {
  const ind = slo.indicator;
  if (ind.kind !== 'gauge') throw new TypeError(`${slo.id}: slices are for gauge indicators`);
  const definition = findMetric(ind.metric, registry) as MetricDefinition;
  const slice = promDuration(slo.sliceSeconds ?? 60);
  const { reduce, bad } = GAUGE_BAD[ind.op];
  const series = selector(
    quantitySeries({ metric: definition.name, quantity: 'sum' }, registry),
    matchersOf(ind.where),
  );
  const by = groupLabels(slo).join(', ');
  const worst = `${reduce} by (${by}) (${reduce}_over_time(${series}[${slice}]))`;
  return `${worst} ${bad} bool ${promNumber(ind.threshold)}`;
}
