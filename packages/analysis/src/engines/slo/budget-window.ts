/**
 * The budget window at a time: a rolling window is its fixed length; a calendar window runs
 * from the start of the current UTC day, ISO week (Monday), month or quarter to `at`, and its
 * period (for scaling burn-rate thresholds) is the whole current period.
 */
import type { BudgetWindow } from './types.js';

const DAY_MILLIS = 86_400_000;

/** The start of the calendar period holding `atMillis`, in UTC. */
export function calendarStart(
  unit: 'day' | 'week' | 'month' | 'quarter',
  atMillis: number,
): number {
  const d = new Date(atMillis);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (unit) {
    case 'day':
      return Date.UTC(y, m, d.getUTCDate());
    case 'week': {
      const day = Date.UTC(y, m, d.getUTCDate());
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      return day - sinceMonday * DAY_MILLIS;
    }
    case 'month':
      return Date.UTC(y, m, 1);
    default:
      return Date.UTC(y, m - (m % 3), 1);
  }
}

/** The end of the calendar period holding `atMillis` (the next period's start). */
function calendarEnd(unit: 'day' | 'week' | 'month' | 'quarter', atMillis: number): number {
  const start = calendarStart(unit, atMillis);
  const d = new Date(start);
  switch (unit) {
    case 'day':
      return start + DAY_MILLIS;
    case 'week':
      return start + 7 * DAY_MILLIS;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    default:
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1);
  }
}

/** The budget window at `atMillis`: seconds it covers so far, and the whole period's seconds. */
export function budgetSpan(
  window: BudgetWindow,
  atMillis: number,
): { windowSeconds: number; periodSeconds: number } {
  if (window.kind === 'rolling')
    return { windowSeconds: window.seconds, periodSeconds: window.seconds };
  const start = calendarStart(window.unit, atMillis);
  return {
    windowSeconds: (atMillis - start) / 1000,
    periodSeconds: (calendarEnd(window.unit, atMillis) - start) / 1000,
  };
}

/** The longest period a window can have, in seconds (sizes the coarse counters). */
export function longestPeriodSeconds(window: BudgetWindow): number {
  if (window.kind === 'rolling') return window.seconds;
  return { day: 1, week: 7, month: 31, quarter: 92 }[window.unit] * 86_400;
}

/** A window as people write it: `30d`, `calendar month`. */
export function describeWindow(window: BudgetWindow): string {
  if (window.kind === 'calendar') return `calendar ${window.unit}`;
  const s = window.seconds;
  if (s % 86_400 === 0) return `${s / 86_400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}
