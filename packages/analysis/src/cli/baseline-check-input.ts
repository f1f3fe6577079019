/**
 * Samples of a benchmark run, per series, for `baseline check` and `baseline export`:
 * - recorded OTLP (any file `replay` reads: protobuf, JSON, JSON lines, gzip): each span
 *   carrying `heterodyne.operation.name` gives one `heterodyne.operation.duration` value (s),
 *   as the pipeline derives it from spans (failed and cold-start spans left out: they time
 *   something else than the steady state); each gauge point gives its value; each histogram
 *   or summary point gives the mean of its interval (cumulative points are differenced
 *   first), as the baselines engine reads them;
 * - simple JSON: `{ "<metric or series key>": [values...] }`, optionally under `samples`;
 * - CSV: a `metric,value` header with one row per value, or one column per metric.
 * Series keys are `metric{attr="value",...}` with `service.name` and the point attributes.
 */
import { readFile } from 'node:fs/promises';
import {
  ATTR_JIT_COLD_START,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { decodeOtlp } from '../otlp/decode-otlp.js';
import type { Attributes, MetricsRequest, TracesRequest } from '../otlp/model.js';
import { AggregationTemporality, SpanStatusCode } from '../otlp/model.js';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import { readReplayFile } from './replay-input.js';

/** Values of one series in a run. */
export interface RunSeries {
  /** Series key, `metric{...}`. */
  key: string;
  /** Metric name. */
  metric: string;
  /** Finite values, in recording order. */
  values: number[];
  /** Values dropped as non-finite. */
  invalid: number;
}

/** A benchmark run read from a file. */
export interface RunSamples {
  /** Where it was read from. */
  source: string;
  /** What kind of file it was. */
  format: 'otlp' | 'json' | 'csv';
  series: Map<string, RunSeries>;
}

/** Series-key attributes that name a machine or process, ignored when matching runs. */
export const HOST_SPECIFIC_KEYS: readonly string[] = ['service.instance.id', 'host.name'];

/** The key of a series: metric plus sorted, JSON-quoted attributes (as the engine's keys). */
export function runSeriesKey(
  metric: string,
  attributes: Readonly<Record<string, unknown>>,
): string {
  const pairs = Object.entries(attributes)
    .filter(([k, v]) => !HOST_SPECIFIC_KEYS.includes(k) && v !== undefined && v !== null)
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as [string, string])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${metric}{${pairs.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/**
 * A stored series key (`metric{k="v",...}`, or a bare metric name) in the form
 * {@link runSeriesKey} gives, without host-specific attributes; undefined when malformed.
 */
export function normalizeSeriesKey(key: string): string | undefined {
  const brace = key.indexOf('{');
  if (brace < 0) return `${key}{}`;
  if (!key.endsWith('}')) return undefined;
  const metric = key.slice(0, brace);
  const body = key.slice(brace + 1, -1);
  const attributes: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    if (eq < 0 || body[eq + 1] !== '"') return undefined;
    const name = body.slice(i, eq);
    // The value is a JSON string: find its closing quote, skipping escaped characters.
    let j = eq + 2;
    while (j < body.length && body[j] !== '"') j += body[j] === '\\' ? 2 : 1;
    if (j >= body.length) return undefined;
    try {
      attributes[name] = JSON.parse(body.slice(eq + 1, j + 1)) as string;
    } catch {
      return undefined;
    }
    i = j + 1;
    if (i < body.length) {
      if (body[i] !== ',') return undefined;
      i++;
    }
  }
  return runSeriesKey(metric, attributes);
}

class SeriesCollector {
  readonly series = new Map<string, RunSeries>();

  add(key: string, metric: string, value: number): void {
    let s = this.series.get(key);
    if (!s) {
      s = { key, metric, values: [], invalid: 0 };
      this.series.set(key, s);
    }
    if (Number.isFinite(value)) s.values.push(value);
    else s.invalid++;
  }
}

function metricOfKey(key: string): string {
  const brace = key.indexOf('{');
  return brace < 0 ? key : key.slice(0, brace);
}

function keyOf(name: string): string {
  return name.includes('{') ? (normalizeSeriesKey(name) ?? name) : `${name}{}`;
}

function readSimpleJson(value: unknown, source: string): Result<RunSamples, string> {
  let root = value;
  if (typeof root === 'object' && root !== null && !Array.isArray(root) && 'samples' in root) {
    root = (root as { samples: unknown }).samples;
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return err(`${source}: expected an object of metric names to arrays of numbers`);
  }
  const out = new SeriesCollector();
  for (const [name, values] of Object.entries(root)) {
    if (!Array.isArray(values)) return err(`${source}: '${name}': expected an array of numbers`);
    const key = keyOf(name);
    for (let i = 0; i < values.length; i++) {
      const v: unknown = values[i];
      if (v !== null && typeof v !== 'number') {
        return err(`${source}: '${name}'[${i}]: ${JSON.stringify(v)} is not a number`);
      }
      out.add(key, metricOfKey(key), v === null ? Number.NaN : v);
    }
  }
  return ok({ source, format: 'json', series: out.series });
}

function parseCsvNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '' || /^(nan|null|na)$/i.test(t)) return Number.NaN;
  const n = Number(t);
  return Number.isNaN(n) ? undefined : n;
}

function splitCsvLine(line: string): string[] {
  return line.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}

/** Reads `metric,value` rows, or one column per metric. */
export function parseSamplesCsv(text: string, source: string): Result<RunSamples, string> {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (header.length === 0 || header[0] === '') return err(`${source}:1: missing the header line`);
  const out = new SeriesCollector();
  const long =
    header.length === 2 &&
    header[0]!.toLowerCase() === 'metric' &&
    header[1]!.toLowerCase() === 'value';
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const fields = long
      ? [line.slice(0, line.lastIndexOf(',')), line.slice(line.lastIndexOf(',') + 1)]
      : splitCsvLine(line);
    if (fields.length !== header.length || (long && !line.includes(','))) {
      return err(`${source}:${i + 1}: expected ${header.length} fields, got ${fields.length}`);
    }
    if (long) {
      const name = fields[0]!.trim().replace(/^"(.*)"$/, '$1');
      const v = parseCsvNumber(fields[1]!);
      if (v === undefined)
        return err(`${source}:${i + 1}: value '${fields[1]!.trim()}' is not a number`);
      const key = keyOf(name);
      out.add(key, metricOfKey(key), v);
      continue;
    }
    for (let c = 0; c < header.length; c++) {
      const v = parseCsvNumber(fields[c]!);
      if (v === undefined) {
        return err(`${source}:${i + 1}: column '${header[c]}': '${fields[c]}' is not a number`);
      }
      if (fields[c]!.trim() === '') continue;
      const key = keyOf(header[c]!);
      out.add(key, metricOfKey(key), v);
    }
  }
  return ok({ source, format: 'csv', series: out.series });
}

function spanSeriesAttributes(resource: Attributes, span: Attributes): Record<string, unknown> {
  const attributes: Record<string, unknown> = { [ATTR_OPERATION_NAME]: span[ATTR_OPERATION_NAME] };
  if (resource['service.name'] !== undefined) attributes['service.name'] = resource['service.name'];
  const method = span[ATTR_OPTIMIZATION_METHOD];
  if (typeof method === 'string' && method !== '') attributes[ATTR_OPTIMIZATION_METHOD] = method;
  return attributes;
}

function collectSpans(request: TracesRequest, out: SeriesCollector): void {
  for (const rs of request.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const op = span.attributes[ATTR_OPERATION_NAME];
        // Failed operations are timed under their own error.type series by the pipeline.
        if (typeof op !== 'string' || op === '' || span.status.code === SpanStatusCode.ERROR)
          continue;
        if (span.attributes['error.type'] !== undefined) continue;
        // A first call that compiles or warms up is not the steady state the gate compares.
        if (span.attributes[ATTR_JIT_COLD_START] === true) continue;
        const seconds = (span.endTimeUnixNano - span.startTimeUnixNano) / 1e9;
        const key = runSeriesKey(
          METRIC_OPERATION_DURATION,
          spanSeriesAttributes(rs.resource.attributes, span.attributes),
        );
        out.add(key, METRIC_OPERATION_DURATION, seconds);
      }
    }
  }
}

/** Last cumulative (count, sum) per stream, to difference cumulative points. */
type Cumulative = Map<string, { count: number; sum: number }>;

function collectMetrics(request: MetricsRequest, out: SeriesCollector, last: Cumulative): void {
  for (const rm of request.resourceMetrics) {
    const service = rm.resource.attributes['service.name'];
    for (const sm of rm.scopeMetrics) {
      for (const metric of sm.metrics) {
        const d = metric.data;
        if (d.type === 'sum' || d.type === 'empty') continue;
        for (const p of d.points) {
          const attributes: Record<string, unknown> = { ...p.attributes };
          if (service !== undefined) attributes['service.name'] = service;
          const key = runSeriesKey(metric.name, attributes);
          if (d.type === 'gauge') {
            out.add(key, metric.name, (p as { value: number }).value);
            continue;
          }
          const point = p as { count: number; sum: number | undefined };
          if (point.sum === undefined) continue;
          let count = point.count;
          let sum = point.sum;
          const cumulative =
            d.type === 'summary' ||
            ('temporality' in d && d.temporality === AggregationTemporality.CUMULATIVE);
          if (cumulative) {
            const stream = `${key}\u0000${rm.resource.attributes['service.instance.id'] ?? ''}`;
            const before = last.get(stream);
            last.set(stream, { count, sum });
            if (before && count >= before.count) {
              count -= before.count;
              sum -= before.sum;
            }
          }
          // An interval without observations has no mean: a gap, not a value.
          if (count > 0) out.add(key, metric.name, sum / count);
        }
      }
    }
  }
}

async function readOtlp(path: string): Promise<Result<RunSamples, string>> {
  const units = await readReplayFile(path);
  if (!units.ok) return units;
  const out = new SeriesCollector();
  const last: Cumulative = new Map();
  for (const unit of units.value) {
    if (unit.signal === 'logs') continue;
    if (unit.signal === 'traces') {
      const r = decodeOtlp('traces', unit.encoding, unit.bytes);
      if (!r.ok) return err(`${unit.where}: ${r.error.message}`);
      collectSpans(r.value, out);
    } else {
      const r = decodeOtlp('metrics', unit.encoding, unit.bytes);
      if (!r.ok) return err(`${unit.where}: ${r.error.message}`);
      collectMetrics(r.value, out, last);
    }
  }
  return ok({ source: path, format: 'otlp', series: out.series });
}

const OTLP_KEYS =
  /"(resourceMetrics|resource_metrics|resourceSpans|resource_spans|resourceLogs|resource_logs)"/;

/** Reads a run from `path` (see the module comment for the formats). */
export async function readRunSamples(path: string): Promise<Result<RunSamples, string>> {
  let text: string;
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) {
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      return err(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    return parseSamplesCsv(text, path);
  }
  if (lower.endsWith('.json')) {
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      return err(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (!OTLP_KEYS.test(text.slice(0, 4096))) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return err(`${path}: not valid JSON: ${(error as Error).message}`);
      }
      return readSimpleJson(value, path);
    }
  }
  return readOtlp(path);
}
