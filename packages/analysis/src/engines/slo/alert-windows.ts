/**
 * The multi-window, multi-burn-rate alert table, as data.
 *
 * Each row says: alert with `severity` when the SLO burned `budgetConsumed` of its error
 * budget over `longWindowSeconds` (and is still burning over `shortWindowSeconds`). The burn
 * rate threshold follows from the budget period, so a table written for 30 days scales to 7,
 * 28 or 90 days (the Google SRE workbook, "Alerting on SLOs", table 5-8; Sloth keeps the same
 * rows as data): threshold = budgetConsumed × period / longWindow, which for 30 days gives
 * 14.4 (1h), 6 (6h), 3 (1d) and 1 (3d).
 */

/** One row of the alert table. */
export interface BurnAlertWindow {
  /** `page` wakes someone; `ticket` is handled in working hours. */
  readonly severity: 'page' | 'ticket';
  /** Long window: how much budget has burned. In seconds. */
  readonly longWindowSeconds: number;
  /** Short window: whether it is still burning (ends the alert soon after recovery). In seconds. */
  readonly shortWindowSeconds: number;
  /** Share of the whole period's budget burned over the long window that triggers, in (0, 1]. */
  readonly budgetConsumed: number;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** The SRE workbook's table for a 30-day budget: 2 % in 1 h, 5 % in 6 h, 10 % in 1 d and in 3 d. */
export const DEFAULT_BURN_ALERT_WINDOWS: readonly BurnAlertWindow[] = [
  {
    severity: 'page',
    longWindowSeconds: HOUR,
    shortWindowSeconds: 5 * MINUTE,
    budgetConsumed: 0.02,
  },
  {
    severity: 'page',
    longWindowSeconds: 6 * HOUR,
    shortWindowSeconds: 30 * MINUTE,
    budgetConsumed: 0.05,
  },
  { severity: 'ticket', longWindowSeconds: DAY, shortWindowSeconds: 2 * HOUR, budgetConsumed: 0.1 },
  {
    severity: 'ticket',
    longWindowSeconds: 3 * DAY,
    shortWindowSeconds: 6 * HOUR,
    budgetConsumed: 0.1,
  },
];

/** The windows burn rates are reported over (the union of the default table's windows). */
export const DEFAULT_BURN_RATE_WINDOWS_SECONDS: readonly number[] = [
  5 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  6 * HOUR,
  DAY,
  3 * DAY,
];

/**
 * The burn rate at which `row` fires for a budget period of `periodSeconds`:
 * burning `budgetConsumed` of the period's budget within the long window.
 */
export function burnRateThreshold(row: BurnAlertWindow, periodSeconds: number): number {
  return (row.budgetConsumed * periodSeconds) / row.longWindowSeconds;
}

/** Every window a table needs, with `extra` windows, sorted and without duplicates. */
export function windowsOf(
  table: readonly BurnAlertWindow[],
  extra: readonly number[] = [],
): number[] {
  const all = new Set<number>(extra);
  for (const row of table) {
    all.add(row.longWindowSeconds);
    all.add(row.shortWindowSeconds);
  }
  return [...all].sort((a, b) => a - b);
}

/** A window's short name: `5m`, `1h`, `1d`, `3d`, `90s`. */
export function windowName(seconds: number): string {
  if (seconds % DAY === 0) return `${seconds / DAY}d`;
  if (seconds % HOUR === 0) return `${seconds / HOUR}h`;
  if (seconds % MINUTE === 0) return `${seconds / MINUTE}m`;
  return `${seconds}s`;
}
