/**
 * Error-budget arithmetic on good/total counts. Every function returns a defined number for
 * every input: with no events the SLI is unknown (`undefined`), never NaN.
 *
 * Terms (Google SRE workbook, "Implementing SLOs"): the objective is the share of good events
 * the SLO promises (0.999); the error budget is the share allowed to be bad, `1 - objective`;
 * the burn rate over a window is the bad share in that window divided by the error budget
 * (1 means the budget lasts exactly the period).
 */

/** Good and total event counts (or good and total time slices). */
export interface GoodTotal {
  good: number;
  total: number;
}

/** The good share `good / total`, or `undefined` with no events. Clamped to [0, 1]. */
export function goodRatio(counts: GoodTotal): number | undefined {
  if (!(counts.total > 0)) return undefined;
  const ratio = counts.good / counts.total;
  return ratio < 0 ? 0 : ratio > 1 ? 1 : ratio;
}

/** The error budget of an objective: the share of events allowed to be bad. */
export function errorBudget(objective: number): number {
  return 1 - objective;
}

/**
 * Burn rate over a window: bad share / error budget. `undefined` with no events in the window.
 * An objective of 1 (no budget) burns at `Infinity` on any bad event and at 0 otherwise.
 */
export function burnRate(counts: GoodTotal, objective: number): number | undefined {
  if (!(counts.total > 0)) return undefined;
  const bad = Math.min(counts.total, Math.max(0, counts.total - counts.good));
  const budget = errorBudget(objective);
  if (budget <= 0) return bad > 0 ? Infinity : 0;
  return bad / (counts.total * budget);
}

/**
 * Whether a burn rate exceeds a threshold. Rates within a relative 1e-9 of the threshold
 * do not: floating-point rounding must not decide a page when the arithmetic gives equality
 * (Prometheus rules compare with `>` as well).
 */
export function exceeds(rate: number | undefined, threshold: number): boolean {
  return rate !== undefined && rate > threshold * (1 + 1e-9);
}

/**
 * Share of the period's error budget left: `1 - bad / (budget × total)`; 1 with no events
 * (nothing spent), negative when overspent. With no budget (objective 1), 1 until the first
 * bad event, then `-Infinity` is avoided and -1 is returned (spent, with no scale to measure by).
 */
export function budgetRemaining(counts: GoodTotal, objective: number): number {
  if (!(counts.total > 0)) return 1;
  const bad = Math.max(0, counts.total - counts.good);
  const allowed = errorBudget(objective) * counts.total;
  if (allowed <= 0) return bad > 0 ? -1 : 1;
  return 1 - bad / allowed;
}

/**
 * Seconds until the budget is gone if the current burn continues: the remaining share of the
 * period's budget divided by the share burned per second (`burnRate / period`). 0 when already
 * spent; `undefined` when nothing burns (infinite) or the burn rate is unknown.
 */
export function timeToExhaustionSeconds(
  remaining: number,
  currentBurnRate: number | undefined,
  periodSeconds: number,
): number | undefined {
  if (remaining <= 0) return 0;
  if (currentBurnRate === undefined || !(currentBurnRate > 0)) return undefined;
  if (currentBurnRate === Infinity) return 0;
  return (remaining * periodSeconds) / currentBurnRate;
}
