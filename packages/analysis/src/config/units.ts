/**
 * Durations and sizes as written in configuration files.
 *
 * Durations follow the Collector's (Go's) notation, `30s`, `5m`, `1h30m`, `250ms`, plus `d`
 * for days, which retention settings want. A bare number is refused except `0`: in Go's
 * notation it would mean nanoseconds, which nobody means.
 *
 * Sizes are a number with an optional unit: `B`, decimal `KB`/`MB`/`GB`/`TB` (powers of
 * 1000) or binary `KiB`/`MiB`/`GiB`/`TiB` (powers of 1024); a bare number is bytes.
 */
import { err, ok } from '../result.js';
import type { Result } from '../result.js';

const DURATION_UNITS_MILLIS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION_PART = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h|d)/y;

/**
 * Parses a duration (`30s`, `5m`, `24h`, `1h30m`, `250ms`, `7d`) into milliseconds.
 * The error says what was expected; the caller adds where.
 */
export function parseDuration(text: string): Result<number, string> {
  const trimmed = text.trim();
  if (trimmed === '0') return ok(0);
  if (trimmed === '') return err('must be a duration like 30s, 5m or 24h (got an empty string)');
  let total = 0;
  let position = 0;
  while (position < trimmed.length) {
    DURATION_PART.lastIndex = position;
    const match = DURATION_PART.exec(trimmed);
    if (!match) {
      return err(`must be a duration like 30s, 5m or 24h (got "${text}")`);
    }
    total += Number(match[1]) * (DURATION_UNITS_MILLIS[match[2] as string] as number);
    position = DURATION_PART.lastIndex;
  }
  return ok(total);
}

/** Writes milliseconds back in exact duration notation (`90000` → `1m30s`, `86400000` → `24h`). */
export function formatDuration(millis: number): string {
  if (millis === 0) return '0s';
  if (!Number.isInteger(millis) || millis < 0) return `${millis}ms`;
  // Whole days of two or more read better as days; `24h` stays `24h`.
  if (millis % 86_400_000 === 0 && millis >= 2 * 86_400_000) return `${millis / 86_400_000}d`;
  const units: [string, number][] = [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ];
  let rest = millis;
  let out = '';
  for (const [unit, size] of units) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

const SIZE_UNITS_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

const SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/;

/** Parses a size (`16MiB`, `512KB`, `1048576`) into a whole number of bytes. */
export function parseSize(text: string): Result<number, string> {
  const match = SIZE_PATTERN.exec(text.trim());
  const unit = match?.[2]?.toLowerCase() ?? '';
  const factor = unit === '' ? 1 : SIZE_UNITS_BYTES[unit];
  if (!match || factor === undefined) {
    return err(`must be a size like 16MiB, 512KB or a number of bytes (got "${text}")`);
  }
  return ok(Math.round(Number(match[1]) * factor));
}

/** Writes bytes back in the largest binary unit that divides them (`16777216` → `16MiB`). */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ['TiB', 2 ** 40],
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}
