/**
 * Seasonal profiles of a metric: the median per hour of the day (UTC) and per day of the
 * week (UTC, 0 = Sunday), built only once the data spans enough whole periods for every
 * bucket to be seen more than once.
 */
import { median } from '../../stats/index.js';

const HOUR_MILLIS = 3_600_000;
const DAY_MILLIS = 86_400_000;
const WEEK_MILLIS = 7 * DAY_MILLIS;

/** Settings of {@link seasonalProfiles}. */
export interface SeasonalOptions {
  /**
   * Whole periods (days for the hourly profile, weeks for the weekly one) the data must span.
   * @default 3
   */
  minPeriods?: number;
  /**
   * Points each bucket needs; a profile with a thinner bucket is not built.
   * @default 3
   */
  minPointsPerBucket?: number;
}

/** Profiles that could be built (absent when the data is too short). */
export interface SeasonalProfiles {
  /** Median per UTC hour 0..23, in the metric's unit. */
  hourOfDay?: number[];
  /** Median per UTC weekday 0 (Sunday) .. 6, in the metric's unit. */
  dayOfWeek?: number[];
}

function profile(
  times: readonly number[],
  values: readonly number[],
  buckets: number,
  bucketOf: (t: number) => number,
  minPoints: number,
): number[] | undefined {
  const groups: number[][] = Array.from({ length: buckets }, () => []);
  for (let i = 0; i < times.length; i++) groups[bucketOf(times[i]!)]!.push(values[i]!);
  if (groups.some((g) => g.length < minPoints)) return undefined;
  return groups.map((g) => median(g));
}

/** Hour-of-day and day-of-week profiles of finite `(times[i], values[i])` pairs. */
export function seasonalProfiles(
  times: readonly number[],
  values: readonly number[],
  options: SeasonalOptions = {},
): SeasonalProfiles {
  const minPeriods = options.minPeriods ?? 3;
  const minPoints = options.minPointsPerBucket ?? 3;
  if (times.length === 0) return {};
  let first = Infinity;
  let last = -Infinity;
  for (const t of times) {
    first = Math.min(first, t);
    last = Math.max(last, t);
  }
  const span = last - first;
  const out: SeasonalProfiles = {};
  if (span >= minPeriods * DAY_MILLIS) {
    const hourly = profile(times, values, 24, hourOfDay, minPoints);
    if (hourly) out.hourOfDay = hourly;
  }
  if (span >= minPeriods * WEEK_MILLIS) {
    const weekly = profile(times, values, 7, dayOfWeek, minPoints);
    if (weekly) out.dayOfWeek = weekly;
  }
  return out;
}

/**
 * The seasonal part of a value at `timeMillis` in an additive model: how far the hour's (and
 * weekday's) median lies from the overall `location`. 0 without profiles. Subtracting it
 * from a value gives the seasonally adjusted value.
 */
export function seasonalOffset(
  profiles: SeasonalProfiles,
  location: number,
  timeMillis: number,
): number {
  let offset = 0;
  const hourly = profiles.hourOfDay?.[hourOfDay(timeMillis)];
  if (hourly !== undefined && Number.isFinite(hourly)) offset += hourly - location;
  const daily = profiles.dayOfWeek?.[dayOfWeek(timeMillis)];
  if (daily !== undefined && Number.isFinite(daily)) offset += daily - location;
  return offset;
}

/** UTC hour 0..23 of a time. */
export function hourOfDay(t: number): number {
  return Math.floor((((t % DAY_MILLIS) + DAY_MILLIS) % DAY_MILLIS) / HOUR_MILLIS);
}

/** UTC weekday of a time, 0 = Sunday (1970-01-01 was a Thursday). */
export function dayOfWeek(t: number): number {
  return (((Math.floor(t / DAY_MILLIS) + 4) % 7) + 7) % 7;
}

/** Whether `value` (a stored baseline's `details.seasonal`) holds any profile. */
export function asSeasonalProfiles(value: unknown): SeasonalProfiles | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const out: SeasonalProfiles = {};
  // Stored as JSON: an undefined median comes back as null.
  const numbers = (a: unknown, n: number): number[] | undefined =>
    Array.isArray(a) && a.length === n
      ? a.map((x) => (typeof x === 'number' ? x : NaN))
      : undefined;
  const hourly = numbers(v.hourOfDay, 24);
  const daily = numbers(v.dayOfWeek, 7);
  if (hourly) out.hourOfDay = hourly;
  if (daily) out.dayOfWeek = daily;
  return hourly || daily ? out : undefined;
}
