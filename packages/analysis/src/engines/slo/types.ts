/**
 * Resolved SLO definitions (what the configuration and OpenSLO documents become) and the
 * status the engine reports per SLO group.
 */
import type { BurnAlertWindow } from './alert-windows.js';

/**
 * A quantity of a metric: the running total of a counter (`sum`: its increase), or of a
 * histogram/summary (`count`: observations, `sum`: their sum), over the series matching
 * `where` (string: equality; `{ present }`: the attribute is set / absent).
 */
export interface MetricQuantity {
  readonly metric: string;
  readonly quantity: 'count' | 'sum';
  readonly where?: Readonly<Record<string, string | { readonly present: boolean }>>;
}

/** How good and total events are counted. */
export type SloIndicator =
  /**
   * Events: `total` counts every event; `good` the good ones, or `bad` the bad ones
   * (good = total − bad). Overhead ratios are this kind with seconds as "events".
   */
  | {
      readonly kind: 'ratio';
      readonly total: MetricQuantity;
      readonly good?: MetricQuantity;
      readonly bad?: MetricQuantity;
    }
  /**
   * Observations of an explicit-bucket histogram at or below `threshold` (in the metric's
   * unit) are good. Exact when the threshold is a bucket bound, interpolated otherwise.
   */
  | {
      readonly kind: 'threshold';
      readonly metric: string;
      readonly threshold: number;
      readonly where?: MetricQuantity['where'];
    }
  /**
   * A gauge in time slices: a slice is good when the worst value of the slice (the largest
   * for `<`/`<=`, the smallest for `>`/`>=`) satisfies `op threshold`. Slices without a
   * sample are not counted.
   */
  | {
      readonly kind: 'gauge';
      readonly metric: string;
      readonly op: '<' | '<=' | '>' | '>=';
      readonly threshold: number;
      readonly where?: MetricQuantity['where'];
    };

/** The window the error budget is spent over. */
export type BudgetWindow =
  | { readonly kind: 'rolling'; readonly seconds: number }
  /** Calendar periods in UTC: the budget resets at the start of each period. */
  | { readonly kind: 'calendar'; readonly unit: 'day' | 'week' | 'month' | 'quarter' };

/**
 * How the budget is counted: by events (`occurrences`), or by time slices, each slice good
 * when its own good share reaches `sliceObjective` (gauge indicators are always sliced).
 */
export type BudgetingMethod =
  | { readonly method: 'occurrences' }
  | {
      readonly method: 'timeslices';
      readonly sliceSeconds: number;
      readonly sliceObjective: number;
    };

/** One SLO, resolved. */
export interface SloSpec {
  /** Unique id (`error_rate`, or the name of an OpenSLO document). */
  readonly id: string;
  /** For people. */
  readonly title: string;
  readonly description: string;
  /** The semconv SLI it implements, if any. */
  readonly sliId?: string;
  /**
   * How the SLI is shown: `good_ratio` (accuracy, hit rate) or `bad_ratio` (error rate,
   * overheads: lower is better). Budgets and burn rates do not depend on it.
   */
  readonly display: 'good_ratio' | 'bad_ratio';
  readonly indicator: SloIndicator;
  /** Share of good events (or slices) promised, in (0, 1). */
  readonly objective: number;
  readonly budgeting: BudgetingMethod;
  readonly window: BudgetWindow;
  /**
   * Attributes that split the SLO into groups, each with its own budget. `service.name` and
   * other resource attributes are looked up on the resource, the rest on the points.
   */
  readonly groupBy: readonly string[];
  /** The multi-window, multi-burn-rate alert table. */
  readonly alertWindows: readonly BurnAlertWindow[];
  /** Where it was defined (`config.yaml: slo.objectives.x` or an OpenSLO file). */
  readonly origin: string;
  /** What defined it. @default 'config' */
  readonly source?: 'semconv' | 'config' | 'openslo';
}

/** The state of one burn alert row for one group. */
export interface BurnAlertStatus {
  readonly severity: 'page' | 'ticket';
  readonly longWindow: string;
  readonly longWindowSeconds: number;
  readonly shortWindow: string;
  /** The burn rate both windows must reach. */
  readonly threshold: number;
  readonly longBurnRate: number | null;
  readonly shortBurnRate: number | null;
  readonly firing: boolean;
  /** When it started firing, ms since the epoch. */
  readonly sinceMillis: number | null;
}

/** What the engine reports for one SLO group at one evaluation. */
export interface SloGroupStatus {
  /** Stable id of the group (`error_rate-3f9a1c20`). */
  readonly id: string;
  readonly sloId: string;
  readonly title: string;
  readonly sliId: string | null;
  /** Group attribute values. */
  readonly labels: Readonly<Record<string, string>>;
  readonly objective: number;
  readonly budgetingMethod: 'occurrences' | 'timeslices';
  /** The budget window (`30d`, `calendar month`). */
  readonly window: string;
  readonly windowSeconds: number;
  /** When evaluated, ms since the epoch. */
  readonly atMillis: number;
  /**
   * The SLI over the budget window, in its display terms; `null` before any event (no data).
   */
  readonly sli: number | null;
  /** Good share over the budget window; `null` with no events. */
  readonly goodRatio: number | null;
  readonly good: number;
  readonly total: number;
  /** Share of the window's budget left: 1 unspent, 0 spent, negative overspent. */
  readonly budgetRemaining: number;
  /** Burn rate by window name (`5m` ... `3d`); `null` with no events in that window. */
  readonly burnRates: Readonly<Record<string, number | null>>;
  /** Seconds until the budget is spent at the 1 h burn rate; `null` when not burning. */
  readonly timeToExhaustionSeconds: number | null;
  /** True when a threshold indicator's threshold is not a bucket bound (interpolated). */
  readonly approximate: boolean;
  readonly alerts: readonly BurnAlertStatus[];
  /** `ok`, `no_data` (no event yet), or `burning` (an alert fires). */
  readonly state: 'ok' | 'no_data' | 'burning';
}
