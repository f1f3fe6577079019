/**
 * Time intervals, as Alertmanager's `time_intervals`: named lists of ranges (any one
 * matching), each a conjunction of `times` (`HH:MM`–`HH:MM`, end exclusive, `24:00` allowed),
 * `weekdays` (`monday`, `monday:friday`), `days_of_month` (`1`, `1:7`, `-1` for the last day),
 * `months` (`january`, `1:3`) in a `location` (IANA time zone, default UTC). A route muted by
 * `mute_time_intervals`, or outside its `active_time_intervals`, sends no notifications; its
 * groups keep their alerts and notify once the route is no longer muted.
 */
import { err, ok } from '../../result.js';
import type { Result } from '../../result.js';

/** One range of an interval; absent fields match every time. */
export interface TimeRange {
  /** Minutes since local midnight, `[start, end)`. */
  times?: { startMinute: number; endMinute: number }[];
  /** Day numbers 0 (Sunday) to 6, inclusive ranges. */
  weekdays?: [number, number][];
  /** Days of month, inclusive ranges; negative counts from the month's end (-1 = last day). */
  daysOfMonth?: [number, number][];
  /** Months 1–12, inclusive ranges. */
  months?: [number, number][];
  /** IANA time zone. @default 'UTC' */
  location?: string;
}

/** Named intervals. */
export type TimeIntervals = Readonly<Record<string, readonly TimeRange[]>>;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Parses `HH:MM` (00:00–24:00) to minutes. */
export function parseClock(text: string): Result<number, string> {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60)
    return err(`"${text}": not a time like 08:30 (00:00 to 24:00)`);
  return ok(minutes);
}

/** Parses `a` or `a:b` where each side is a name of `names` (index + offset) or a number. */
export function parseRange(
  text: string,
  names: readonly string[],
  offset: number,
  min: number,
  max: number,
): Result<[number, number], string> {
  const one = (part: string): number | undefined => {
    const i = names.indexOf(part.toLowerCase());
    if (i >= 0) return i + offset;
    if (/^-?\d+$/.test(part)) {
      const n = Number(part);
      if (n >= min && n <= max && n !== 0) return n;
    }
    return undefined;
  };
  const [a, b = a, extra] = text.split(':');
  const from = one(a ?? '');
  const to = one(b ?? '');
  if (extra !== undefined || from === undefined || to === undefined) {
    const hint =
      names.length > 0
        ? `${names[0]}, ${names[0]}:${names[names.length - 1]}`
        : `${min === 1 ? 1 : -1}, 1:7`;
    return err(`"${text}": not a range like ${hint}`);
  }
  return ok([from, to]);
}

/** Parses a weekday range (`monday:friday`). */
export const parseWeekdays = (t: string) => parseRange(t, WEEKDAYS, 0, 0, -1);
/** Parses a month range (`january:march` or `1:3`). */
export const parseMonths = (t: string) => parseRange(t, MONTHS, 1, 1, 12);
/** Parses a day-of-month range (`1:7`, `-1`). */
export const parseDaysOfMonth = (t: string) => parseRange(t, [], 0, -31, 31);

const formatters = new Map<string, Intl.DateTimeFormat>();
function localParts(atMillis: number, zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'long',
    });
    formatters.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(atMillis))) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  return {
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS.indexOf((parts.weekday ?? '').toLowerCase()),
    day: Number(parts.day),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
    month,
  };
}

/** Whether a time zone name is known to this runtime. */
export function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function inRanges(value: number, ranges: readonly [number, number][] | undefined): boolean {
  return ranges === undefined || ranges.some(([a, b]) => value >= a && value <= b);
}

/** Whether `atMillis` falls in the range. */
export function inTimeRange(range: TimeRange, atMillis: number): boolean {
  const t = localParts(atMillis, range.location ?? 'UTC');
  if (range.times && !range.times.some((r) => t.minute >= r.startMinute && t.minute < r.endMinute))
    return false;
  if (!inRanges(t.weekday, range.weekdays)) return false;
  if (!inRanges(t.month, range.months)) return false;
  if (range.daysOfMonth) {
    const abs = (d: number) => (d < 0 ? t.daysInMonth + d + 1 : d);
    if (!range.daysOfMonth.some(([a, b]) => t.day >= abs(a) && t.day <= abs(b))) return false;
  }
  return true;
}

/** Whether `atMillis` falls in any range of the named interval. */
export function inInterval(intervals: TimeIntervals, name: string, atMillis: number): boolean {
  return (intervals[name] ?? []).some((r) => inTimeRange(r, atMillis));
}
