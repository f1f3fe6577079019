/**
 * Names of the metrics the SLO engine derives, under `heterodyne.slo.`. One series per SLO
 * group: attributes `heterodyne.slo.id` and the group's own attributes (by default
 * `service.name` and `heterodyne.operation.name`). A value that is not defined (no events in
 * the window, a budget that is not being spent) is not reported rather than reported as NaN.
 *
 * Prometheus sees them as `heterodyne_slo_sli_ratio`, `heterodyne_slo_burn_rate_ratio`, ...
 */
import type { MetricDefinition } from './metrics.js';

/** The SLO (`error_rate`, or a configured id). */
export const ATTR_SLO_ID = 'heterodyne.slo.id';
/** The window a burn rate is measured over (`5m`, `30m`, `1h`, `2h`, `6h`, `1d`, `3d`). */
export const ATTR_SLO_WINDOW = 'heterodyne.slo.window';
/** The severity of a burn-rate alert: `page` or `ticket`. */
export const ATTR_SLO_ALERT_SEVERITY = 'heterodyne.slo.alert.severity';

/** The SLI over the budget window, in the SLI's terms (error rate: the bad share). Gauge. */
export const METRIC_SLO_SLI = 'heterodyne.slo.sli';
/** The objective: the share of good events (or slices) promised. Gauge. */
export const METRIC_SLO_OBJECTIVE = 'heterodyne.slo.objective';
/** Share of the budget window's error budget left (negative when overspent). Gauge. */
export const METRIC_SLO_ERROR_BUDGET_REMAINING = 'heterodyne.slo.error_budget.remaining';
/** Burn rate by window: bad share / error budget (1 spends the budget in exactly the window). Gauge. */
export const METRIC_SLO_BURN_RATE = 'heterodyne.slo.burn_rate';
/** Seconds until the budget is spent at the 1 h burn rate. Gauge. */
export const METRIC_SLO_TIME_TO_EXHAUSTION = 'heterodyne.slo.time_to_exhaustion';
/** 1 while a burn-rate alert of the severity fires, else 0. Gauge. */
export const METRIC_SLO_ALERT_FIRING = 'heterodyne.slo.alert.firing';

/** The SLO engine's metrics, in documentation order. */
export const SLO_METRICS: readonly MetricDefinition[] = [
  {
    name: METRIC_SLO_SLI,
    instrument: 'gauge',
    unit: '1',
    description:
      "The SLI over the budget window, in the SLI's own terms (error rate: the bad share).",
    attributes: [ATTR_SLO_ID],
  },
  {
    name: METRIC_SLO_OBJECTIVE,
    instrument: 'gauge',
    unit: '1',
    description: 'The share of good events (or time slices) the SLO promises.',
    attributes: [ATTR_SLO_ID],
  },
  {
    name: METRIC_SLO_ERROR_BUDGET_REMAINING,
    instrument: 'gauge',
    unit: '1',
    description: "Share of the budget window's error budget left; negative when overspent.",
    attributes: [ATTR_SLO_ID],
  },
  {
    name: METRIC_SLO_BURN_RATE,
    instrument: 'gauge',
    unit: '1',
    description: 'Burn rate over a window: the bad share divided by the error budget.',
    attributes: [ATTR_SLO_ID, ATTR_SLO_WINDOW],
  },
  {
    name: METRIC_SLO_TIME_TO_EXHAUSTION,
    instrument: 'gauge',
    unit: 's',
    description: 'Seconds until the error budget is spent if the 1 h burn rate continues.',
    attributes: [ATTR_SLO_ID],
  },
  {
    name: METRIC_SLO_ALERT_FIRING,
    instrument: 'gauge',
    unit: '1',
    description: 'Whether a multi-window burn-rate alert of the severity fires (1) or not (0).',
    attributes: [ATTR_SLO_ID, ATTR_SLO_ALERT_SEVERITY],
  },
];
