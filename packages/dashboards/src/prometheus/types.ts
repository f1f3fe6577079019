/**
 * The plain SLO definitions the Prometheus rule generator takes. They mirror the analysis
 * service's resolved SLOs (`SloSpec`), with the budget period in seconds and the burn-rate
 * thresholds already computed by the service's own alert table, so the rules and the live
 * engine cannot drift apart.
 */

/**
 * A quantity of a metric: histogram observation `count` or `sum`, or a counter's increase
 * (`sum`), over the series matching `where` (string: equality; `{ present }`: the attribute
 * is set / absent).
 */
export interface RuleMetricQuantity {
  /** OTel metric name (`heterodyne.operation.duration`). */
  readonly metric: string;
  readonly quantity: 'count' | 'sum';
  readonly where?: Readonly<Record<string, string | { readonly present: boolean }>>;
}

/** How good and total events are counted. */
export type RuleSloIndicator =
  /** `total` counts every event; `good` the good ones or `bad` the bad ones. */
  | {
      readonly kind: 'ratio';
      readonly total: RuleMetricQuantity;
      readonly good?: RuleMetricQuantity;
      readonly bad?: RuleMetricQuantity;
    }
  /** Histogram observations at or below `threshold` (a bucket bound) are good. */
  | {
      readonly kind: 'threshold';
      readonly metric: string;
      readonly threshold: number;
      readonly where?: RuleMetricQuantity['where'];
    }
  /** A gauge in time slices: a slice is good when its worst value satisfies `op threshold`. */
  | {
      readonly kind: 'gauge';
      readonly metric: string;
      readonly op: '<' | '<=' | '>' | '>=';
      readonly threshold: number;
      readonly where?: RuleMetricQuantity['where'];
    };

/** One row of the multi-window, multi-burn-rate alert table. */
export interface RuleBurnAlert {
  /** `page` wakes someone; `ticket` is handled in working hours. */
  readonly severity: 'page' | 'ticket';
  /** Long window, in seconds. */
  readonly longWindowSeconds: number;
  /** Short window, in seconds. */
  readonly shortWindowSeconds: number;
  /** The burn rate both windows must exceed (14.4 for 2 % of a 30-day budget in 1 h). */
  readonly burnRateThreshold: number;
}

/** One SLO, as the rule generator needs it. */
export interface RuleSloDefinition {
  /** Unique id; the `slo` label of every generated series and alert. */
  readonly id: string;
  /** For people (alert summaries). */
  readonly title: string;
  readonly description: string;
  /** Share of good events (or slices) promised, in (0, 1). */
  readonly objective: number;
  readonly indicator: RuleSloIndicator;
  /** Slice length of gauge indicators, in seconds. @default 60 */
  readonly sliceSeconds?: number;
  /** The error-budget period, in seconds (30 days: 2,592,000). */
  readonly periodSeconds: number;
  /**
   * Attributes that split the SLO into groups. `service.name` is the `job` label and
   * `service.instance.id` the `instance` label of the scraped series; other keys are point
   * attributes, as labels.
   */
  readonly groupBy: readonly string[];
  /** The alert table, with thresholds for this SLO's period. */
  readonly alerts: readonly RuleBurnAlert[];
  /** Windows the error ratio is recorded over, in seconds (the period is added). */
  readonly windowsSeconds: readonly number[];
  /** Where it was defined, written into the rules as a comment. */
  readonly origin?: string;
}

/** An SLO the generator could not express as Prometheus rules, and why. */
export interface SkippedSlo {
  readonly id: string;
  readonly reason: string;
}

/** One Prometheus rule: recording (`record`) or alerting (`alert`). */
export interface PrometheusRule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  /** Alerting rules: how long the condition must hold, as a Prometheus duration. */
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A rule group, as in a Prometheus rule file. */
export interface PrometheusRuleGroup {
  readonly name: string;
  /** Evaluation interval, as a Prometheus duration; the global one when absent. */
  readonly interval?: string;
  readonly rules: readonly PrometheusRule[];
}
