import { err, ok } from '../result.js';
import type { Result } from '../result.js';

/** A series read for change-point detection: one array per dimension. */
export interface ChangePointSeries {
  /** Name from the file (`name`), if any. */
  name?: string;
  /** Values per dimension (`dims[d][i]`); missing values are NaN. */
  dims: number[][];
}

/** Upper limit on the points of one series (per dimension). */
export const MAX_CHANGEPOINT_POINTS = 1_000_000;

function toValue(raw: unknown): number | undefined {
  if (raw === null) return Number.NaN;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) {
    return Number(raw);
  }
  if (typeof raw === 'string' && /^(nan|na|)$/i.test(raw.trim())) return Number.NaN;
  return undefined;
}

function readValues(raw: unknown, where: string): Result<number[], string> {
  if (!Array.isArray(raw)) return err(`${where}: must be an array of numbers`);
  if (raw.length > MAX_CHANGEPOINT_POINTS) {
    return err(`${where}: ${raw.length} points exceed the limit of ${MAX_CHANGEPOINT_POINTS}`);
  }
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const v = toValue(raw[i]);
    if (v === undefined) return err(`${where}[${i}]: not a number: ${JSON.stringify(raw[i])}`);
    out.push(v);
  }
  return ok(out);
}

/**
 * Parses change-point input: the TCPD layout (`{"series": [{"raw": [...]}, ...]}`, one
 * entry per dimension, `null` for a missing value), or a bare JSON array of numbers.
 * Errors name the source and the JSON path.
 */
export function parseChangePointInput(
  text: string,
  source: string,
): Result<ChangePointSeries, string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return err(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (Array.isArray(doc)) {
    const values = readValues(doc, source);
    return values.ok ? ok({ dims: [values.value] }) : values;
  }
  if (typeof doc !== 'object' || doc === null) {
    return err(`${source}: expected an object with "series" or an array of numbers`);
  }
  const obj = doc as Record<string, unknown>;
  const series = obj.series;
  if (!Array.isArray(series) || series.length === 0) {
    return err(`${source}: "series" must be a non-empty array of {"raw": [...]}`);
  }
  const dims: number[][] = [];
  for (let d = 0; d < series.length; d++) {
    const entry = series[d] as Record<string, unknown> | null;
    if (typeof entry !== 'object' || entry === null || !('raw' in entry)) {
      return err(`${source}: series[${d}] must be an object with "raw"`);
    }
    const values = readValues(entry.raw, `${source}: series[${d}].raw`);
    if (!values.ok) return values;
    if (d > 0 && values.value.length !== dims[0]!.length) {
      return err(
        `${source}: series[${d}].raw has ${values.value.length} points, series[0].raw has ${dims[0]!.length}`,
      );
    }
    dims.push(values.value);
  }
  if (typeof obj.n_obs === 'number' && obj.n_obs !== dims[0]!.length) {
    return err(`${source}: n_obs is ${obj.n_obs} but the series have ${dims[0]!.length} points`);
  }
  const name = typeof obj.name === 'string' ? obj.name : undefined;
  return ok(name === undefined ? { dims } : { name, dims });
}
