/**
 * The baseline file `baseline export` writes and `baseline check` reads without a service:
 * a named set of baselines (the store's records, statistics that a method does not produce
 * as `null`), each optionally with the values it was computed from so the check can use the
 * rank test, as the engine does while it holds them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { BaselineRecord } from '../store/baseline-records.js';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';

/** Format tag of the file. */
export const BASELINE_FILE_FORMAT = 'heterodyne-baseline/1';

/** A baseline in the file. */
export interface FileBaseline extends BaselineRecord {
  /** The finite values the baseline was computed from (at most a few thousand). */
  sample?: number[];
}

/** The file's content. */
export interface BaselineFile {
  format: typeof BASELINE_FILE_FORMAT;
  /** Name of the set (`--name`, else the version name, else `current`). */
  name: string;
  /** The store version exported, if one was. */
  version?: { id: string; name: string; createdAt: number };
  /** When the file was written, milliseconds since the epoch. */
  exportedAt: number;
  baselines: FileBaseline[];
}

const STATISTICS = [
  'p50',
  'p95',
  'p99',
  'mean',
  'std',
  'median',
  'mad',
  'ciLower',
  'ciUpper',
  'ciLevel',
  'sampleCount',
] as const;

/** Writes `file` to `path` as JSON (NaN statistics as `null`). */
export async function writeBaselineFile(path: string, file: BaselineFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
}

function fail(path: string, where: string, what: string): Result<never, string> {
  return err(`${path}: ${where}: ${what}`);
}

/** Reads and checks a baseline file; errors name the file and the bad entry. */
export async function readBaselineFile(path: string): Promise<Result<BaselineFile, string>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return err(
      `${path}: ${code ? `cannot read: ${code}` : `not valid JSON: ${(error as Error).message}`}`,
    );
  }
  if (typeof value !== 'object' || value === null)
    return fail(path, 'top level', 'expected an object');
  const f = value as Record<string, unknown>;
  if (f.format !== BASELINE_FILE_FORMAT) {
    return fail(
      path,
      'format',
      `expected '${BASELINE_FILE_FORMAT}', got ${JSON.stringify(f.format)}`,
    );
  }
  if (typeof f.name !== 'string') return fail(path, 'name', 'expected a string');
  if (!Array.isArray(f.baselines)) return fail(path, 'baselines', 'expected an array');
  const baselines: FileBaseline[] = [];
  for (let i = 0; i < f.baselines.length; i++) {
    const b = f.baselines[i] as Record<string, unknown> | null;
    const where = `baselines[${i}]`;
    if (typeof b !== 'object' || b === null) return fail(path, where, 'expected an object');
    if (typeof b.key !== 'string' || typeof b.metric !== 'string') {
      return fail(path, where, "'key' and 'metric' must be strings");
    }
    if (b.method !== 'percentile' && b.method !== 'robust' && b.method !== 'mean') {
      return fail(path, `${where}.method`, `unknown method ${JSON.stringify(b.method)}`);
    }
    const record: Record<string, unknown> = { ...b };
    for (const s of STATISTICS) {
      const v = b[s];
      if (v === null || v === undefined) record[s] = Number.NaN;
      else if (typeof v !== 'number')
        return fail(path, `${where}.${s}`, 'expected a number or null');
    }
    if (!(Number(record.sampleCount) >= 1)) {
      return fail(path, `${where}.sampleCount`, 'expected a count of at least 1');
    }
    if (b.sample !== undefined) {
      if (!Array.isArray(b.sample) || b.sample.some((v) => typeof v !== 'number')) {
        return fail(path, `${where}.sample`, 'expected an array of numbers');
      }
    }
    record.details = typeof b.details === 'object' && b.details !== null ? b.details : {};
    record.createdAt = typeof b.createdAt === 'number' ? b.createdAt : 0;
    record.updatedAt = typeof b.updatedAt === 'number' ? b.updatedAt : 0;
    baselines.push(record as unknown as FileBaseline);
  }
  const version = f.version as BaselineFile['version'];
  return ok({
    format: BASELINE_FILE_FORMAT,
    name: f.name,
    ...(version && typeof version.id === 'string' ? { version } : {}),
    exportedAt: typeof f.exportedAt === 'number' ? f.exportedAt : 0,
    baselines,
  });
}
