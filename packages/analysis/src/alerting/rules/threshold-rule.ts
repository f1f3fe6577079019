/**
 * Threshold rules over the series: for each series the selector matches, the samples of the
 * window `(at - window, at]` are reduced to one value and compared with the threshold. As in
 * Prometheus, a condition that holds is `pending` until it held for `for`, then `firing`; a
 * firing alert whose condition stops holding keeps firing for `keep_firing_for`, then
 * resolves. Pure: the caller passes the series view and the evaluation time.
 */
import type { SeriesView, ViewSeries } from '../../engines/series-view.js';
import type { AttributeMatchers } from '../../series/types.js';
import { fingerprint } from '../labels.js';
import type { Alert, AlertSeverity } from '../types.js';
import { reduce } from './reduction.js';
import type { Reduction } from './reduction.js';
import { expandTemplates } from './templates.js';

/** Threshold comparisons: `gt` fires when value > threshold. */
export const COMPARISONS = ['gt', 'gte', 'lt', 'lte', 'eq', 'ne'] as const;
/** One of {@link COMPARISONS}. */
export type Comparison = (typeof COMPARISONS)[number];

/** A threshold rule (`alerting.rules.<id>`). */
export interface ThresholdRuleConfig {
  /** Rule id; the alerts' `alertname`. */
  id: string;
  /** Metric name. */
  metric: string;
  /** Point attribute matchers (equality or presence). @default {} */
  attributes?: AttributeMatchers;
  /** Resource attribute matchers. @default {} */
  resource?: AttributeMatchers;
  /** Window the samples are reduced over, in milliseconds. @default 300000 (5m) */
  windowMillis: number;
  /** @default avg */
  reduction: Reduction;
  comparison: Comparison;
  threshold: number;
  /** How long the condition must hold before the alert fires, ms. @default 0 */
  forMillis: number;
  /** How long a firing alert keeps firing after the condition stops holding, ms. @default 0 */
  keepFiringForMillis: number;
  severity: AlertSeverity;
  /** Extra labels of the alerts. @default {} */
  labels: Readonly<Record<string, string>>;
  /** Annotation templates (`{{ $value }}`, `{{ $labels.name }}`, `{{ $threshold }}`). */
  annotations: Readonly<Record<string, string>>;
}

/** Whether `value <comparison> threshold` holds. */
export function compare(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
    case 'eq':
      return value === threshold;
    case 'ne':
      return value !== threshold;
  }
}

/** The state of one series under a rule. */
interface SeriesState {
  labels: Record<string, string>;
  activeSinceMillis: number;
  lastTrueMillis: number;
  firing: boolean;
  value: number;
}

/** What one evaluation changed. */
export interface RuleEvaluation {
  /** Alerts firing now (re-reported every evaluation, like Prometheus re-sends). */
  firing: Alert[];
  /** Alerts that stopped firing at this evaluation. */
  resolved: Alert[];
  /** Series whose condition holds but not yet for `for`. */
  pending: number;
}

/** A threshold rule with its per-series state. */
export interface ThresholdRule {
  readonly config: ThresholdRuleConfig;
  /** Evaluates at `atMillis`. */
  evaluate(view: SeriesView, atMillis: number): RuleEvaluation;
  /**
   * Takes back a firing alert of this rule from before a restart, so it keeps firing while
   * its condition holds (no new `for` wait) and resolves when it no longer does.
   */
  restore(alert: Alert, atMillis: number): void;
}

/** Labels of an alert for a series: point attributes, `service.name`, the rule's own. */
function seriesLabels(rule: ThresholdRuleConfig, series: ViewSeries): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(series.attributes)) labels[k] = String(v);
  const service = series.resource['service.name'];
  if (service !== undefined) labels['service.name'] = String(service);
  labels.metric = series.metric;
  Object.assign(labels, rule.labels);
  labels.alertname = rule.id;
  labels.severity = rule.severity;
  return labels;
}

/** Creates a threshold rule. */
export function createThresholdRule(config: ThresholdRuleConfig): ThresholdRule {
  /** By fingerprint of the alert's labels. */
  const states = new Map<string, SeriesState>();
  const windowSeconds = config.windowMillis / 1000;

  const toAlert = (state: SeriesState, atMillis: number, resolved: boolean): Alert => {
    const annotations = expandTemplates(config.annotations, {
      labels: state.labels,
      value: state.value,
      threshold: config.threshold,
    });
    return {
      labels: state.labels,
      annotations,
      fingerprint: fingerprint(state.labels),
      ruleId: config.id,
      source: 'rule',
      startsAtMillis: state.activeSinceMillis,
      ...(resolved ? { endsAtMillis: atMillis } : {}),
      updatedAtMillis: atMillis,
      value: state.value,
    };
  };

  return {
    config,
    evaluate(view, atMillis) {
      const out: RuleEvaluation = { firing: [], resolved: [], pending: 0 };
      const seen = new Set<string>();
      const selected = view.select({
        metric: config.metric,
        ...(config.attributes ? { attributes: config.attributes } : {}),
        ...(config.resource ? { resource: config.resource } : {}),
      });
      for (const series of selected) {
        const samples = view.samples(series.id, atMillis - config.windowMillis, atMillis);
        const value = reduce(samples, config.reduction, windowSeconds);
        if (value === undefined || !compare(value, config.comparison, config.threshold)) continue;
        const labels = seriesLabels(config, series);
        const fp = fingerprint(labels);
        seen.add(fp);
        let state = states.get(fp);
        if (state === undefined) {
          state = {
            labels,
            activeSinceMillis: atMillis,
            lastTrueMillis: atMillis,
            firing: false,
            value,
          };
          states.set(fp, state);
        }
        state.lastTrueMillis = atMillis;
        state.value = value;
        if (!state.firing && atMillis - state.activeSinceMillis >= config.forMillis) {
          state.firing = true;
        }
        if (state.firing) out.firing.push(toAlert(state, atMillis, false));
        else out.pending++;
      }
      for (const [id, state] of states) {
        if (seen.has(id)) continue;
        if (state.firing && atMillis - state.lastTrueMillis < config.keepFiringForMillis) {
          out.firing.push(toAlert(state, atMillis, false));
          continue;
        }
        states.delete(id);
        if (state.firing) out.resolved.push(toAlert(state, atMillis, true));
      }
      return out;
    },
    restore(alert, atMillis) {
      states.set(alert.fingerprint, {
        labels: { ...alert.labels },
        activeSinceMillis: alert.startsAtMillis,
        lastTrueMillis: atMillis,
        firing: true,
        value: alert.value ?? NaN,
      });
    },
  };
}
