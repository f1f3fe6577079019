import { err, ok } from '../result.js';
import type { Result } from '../result.js';

/** A `timestamp,value` series read from CSV (the Numenta Anomaly Benchmark layout). */
export interface SeriesCsv {
  /** The timestamp column as written, one per row. */
  timestampTexts: string[];
  /** The value column as written, one per row. */
  valueTexts: string[];
  /** Timestamps in milliseconds since the epoch (UTC when no zone is given). */
  timesMillis: number[];
  /** Values; NaN for a missing value (empty, `NaN`, `nan`, `null`). */
  values: number[];
  /**
   * Rows whose timestamp is earlier than the row before (a clock set back); rows stay in
   * file order.
   */
  backwardSteps: number;
  /** Line of the first such row. */
  firstBackwardLine?: number;
}

const MISSING = new Set(['', 'nan', 'null', 'na']);

/**
 * Parses `timestamp,value` CSV with a header line. Timestamps are `YYYY-MM-DD HH:MM:SS`
 * (optionally with fractional seconds and a zone), ISO 8601, or epoch seconds or
 * milliseconds. A missing value is kept as NaN; any other unreadable field is an error that
 * names `source:line`. Timestamps going backwards are counted, not rejected: the rows are
 * scored in file order, as they were recorded.
 */
export function parseSeriesCsv(text: string, source: string): Result<SeriesCsv, string> {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim().toLowerCase();
  if (!/^"?timestamp"?\s*,\s*"?value"?/.test(header)) {
    return err(`${source}:1: expected the header 'timestamp,value', got '${lines[0] ?? ''}'`);
  }
  const out: SeriesCsv = {
    timestampTexts: [],
    valueTexts: [],
    timesMillis: [],
    values: [],
    backwardSteps: 0,
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const comma = line.indexOf(',');
    if (comma < 0) return err(`${source}:${i + 1}: expected 'timestamp,value', got '${line}'`);
    const timestampText = line.slice(0, comma).trim();
    const valueText = line.slice(comma + 1).trim();
    const time = parseTimestamp(timestampText);
    if (!Number.isFinite(time)) {
      return err(`${source}:${i + 1}: timestamp '${timestampText}' is not a date`);
    }
    const value = MISSING.has(valueText.toLowerCase()) ? Number.NaN : Number(valueText);
    if (Number.isNaN(value) && !MISSING.has(valueText.toLowerCase())) {
      return err(`${source}:${i + 1}: value '${valueText}' is not a number`);
    }
    const previous = out.timesMillis[out.timesMillis.length - 1];
    if (previous !== undefined && time < previous) {
      out.backwardSteps++;
      out.firstBackwardLine ??= i + 1;
    }
    out.timestampTexts.push(timestampText);
    out.valueTexts.push(valueText);
    out.timesMillis.push(time);
    out.values.push(value);
  }
  return ok(out);
}

function parseTimestamp(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    // Epoch seconds until the year 33658, milliseconds beyond.
    return n < 1e12 ? n * 1000 : n;
  }
  const iso = text.replace(' ', 'T');
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(iso) ? iso : `${iso}Z`;
  return Date.parse(zoned);
}
