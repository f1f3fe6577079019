/**
 * End to end: a built script using @heterodyne/node and @heterodyne/sdk runs in a child
 * process and exports real OTLP/JSON over HTTP to a loopback server; the payload must carry
 * the spans and metrics the script recorded. The script is
 * `examples/src/snippets/export-otlp-json.ts`, compiled by `npm run build` (which `npm test`
 * runs first); its header lists what it records.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  ATTR_ACCURACY_ACHIEVED,
  ATTR_ACCURACY_METHOD,
  ATTR_ACCURACY_PRESERVED,
  ATTR_CACHE_NAME,
  ATTR_CACHE_RESULT,
  ATTR_ERROR_TYPE,
  ATTR_MEMORY_TYPE,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  ATTR_SECURITY_CHECK_NAME,
  DURATION_BUCKETS_SECONDS,
  METRIC_ACCURACY_ACHIEVED,
  METRIC_ACCURACY_CHECKS,
  METRIC_ACCURACY_VIOLATIONS,
  METRIC_CACHE_REQUESTS,
  METRIC_COMPILATION_DURATION,
  METRIC_MEMORY_USAGE,
  METRIC_MEMORY_UTILIZATION,
  METRIC_NON_FINITE_VALUES,
  METRIC_OPERATION_DURATION,
  METRIC_OPTIMIZATION_ITERATIONS,
  METRIC_SECURITY_CHECK_DURATION,
} from '@heterodyne/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const SCRIPT = root('examples/dist/snippets/export-otlp-json.js');
const SCRIPT_SOURCE = root('examples/src/snippets/export-otlp-json.ts');

// --- OTLP/JSON shapes (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding) ---
type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: unknown;
};
type KeyValue = { key: string; value: AnyValue };
interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: KeyValue[];
  status?: { code?: number };
  events?: { name: string }[];
}
interface JsonPoint {
  attributes?: KeyValue[];
  count?: number | string;
  sum?: number;
  bucketCounts?: (number | string)[];
  explicitBounds?: number[];
  asInt?: number | string;
  asDouble?: number;
}
interface JsonMetric {
  name: string;
  unit?: string;
  histogram?: { dataPoints: JsonPoint[] };
  sum?: { dataPoints: JsonPoint[]; isMonotonic?: boolean };
  gauge?: { dataPoints: JsonPoint[] };
}
interface Resource {
  attributes: KeyValue[];
}
interface TracesPayload {
  resourceSpans: { resource: Resource; scopeSpans: { spans: JsonSpan[] }[] }[];
}
interface MetricsPayload {
  resourceMetrics: { resource: Resource; scopeMetrics: { metrics: JsonMetric[] }[] }[];
}

const scalar = (v: AnyValue | undefined): unknown =>
  v?.stringValue ??
  v?.boolValue ??
  (v?.intValue !== undefined ? Number(v.intValue) : v?.doubleValue);
const attrs = (list: KeyValue[] | undefined): Record<string, unknown> =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, scalar(kv.value)]));

// --- the run ---
interface Received {
  path: string;
  contentType: string | undefined;
  body: unknown;
}
const received: Received[] = [];
let server: Server;
let childPid = 0;
let childOutput: { pid: number; chiSquared: number[] };
let traces: JsonSpan[] = [];
let resource: Record<string, unknown> = {};
let metrics: JsonMetric[] = [];

function runChild(endpoint: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], {
      env: {
        PATH: process.env.PATH ?? '',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'e2e-otlp-json',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=e2e,team=xpcs%2Cbeamline',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    childPid = child.pid ?? 0;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${SCRIPT} exited with ${code}:\n${stderr}\n${stdout}`)),
    );
  });
}

beforeAll(async () => {
  if (!existsSync(SCRIPT) || statSync(SCRIPT).mtimeMs < statSync(SCRIPT_SOURCE).mtimeMs) {
    throw new Error(`${SCRIPT} is missing or older than its source: run \`npm run build\` first`);
  }
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stdout = await runChild(`http://127.0.0.1:${port}`);
  childOutput = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as typeof childOutput;

  for (const r of received.filter((x) => x.path === '/v1/traces')) {
    for (const rs of (r.body as TracesPayload).resourceSpans) {
      resource = attrs(rs.resource.attributes);
      for (const ss of rs.scopeSpans) traces.push(...ss.spans);
    }
  }
  // Cumulative temporality: the last metrics export holds the totals.
  const lastMetrics = received.filter((x) => x.path === '/v1/metrics').at(-1);
  for (const rm of (lastMetrics?.body as MetricsPayload | undefined)?.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics) metrics.push(...sm.metrics);
  }
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  traces = [];
  metrics = [];
});

function metric(name: string): JsonMetric {
  const found = metrics.find((m) => m.name === name);
  if (found === undefined) throw new Error(`metric ${name} not in the payload`);
  return found;
}

/** Points of a metric whose attributes include `match`. */
function points(name: string, match: Record<string, unknown> = {}): JsonPoint[] {
  const m = metric(name);
  const all = m.histogram?.dataPoints ?? m.sum?.dataPoints ?? m.gauge?.dataPoints ?? [];
  return all.filter((p) => {
    const a = attrs(p.attributes);
    return Object.entries(match).every(([k, v]) => a[k] === v);
  });
}

const total = (ps: JsonPoint[], field: 'count' | 'sum' | 'asInt') =>
  ps.reduce((s, p) => s + Number(p[field] ?? 0), 0);

describe('@heterodyne/node exporting OTLP/JSON from a child process', () => {
  it('posts JSON to /v1/traces and /v1/metrics at the endpoint from OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    const paths = new Set(received.map((r) => r.path));
    expect(paths).toEqual(new Set(['/v1/traces', '/v1/metrics']));
    for (const r of received) expect(r.contentType).toBe('application/json');
    // chi^2 by hand: (0+1+4), (0+1+1), (4+1).
    expect(childOutput.chiSquared).toEqual([5, 2, 5]);
  });

  it('describes the process in the resource: env, explicit options and detectors', () => {
    expect(resource['service.name']).toBe('e2e-otlp-json');
    expect(resource['service.version']).toBe('1.0.0-snippet');
    expect(resource['deployment.environment.name']).toBe('e2e');
    expect(resource['team']).toBe('xpcs,beamline');
    expect(resource['process.pid']).toBe(childPid);
    expect(childOutput.pid).toBe(childPid);
    expect(resource['process.runtime.name']).toBe('nodejs');
    expect(typeof resource['host.name']).toBe('string');
    expect(resource['telemetry.sdk.language']).toBe('nodejs');
  });

  it('nests every operation span under the run span of the same trace', () => {
    const run = traces.find((s) => s.name === 'otlp_json_export_run');
    expect(run).toBeDefined();
    const counts: Record<string, number> = {};
    for (const span of traces) {
      if (span === run) continue;
      counts[span.name] = (counts[span.name] ?? 0) + 1;
      expect(span.traceId).toBe(run?.traceId);
      expect(span.parentSpanId).toBe(run?.spanId);
    }
    expect(counts).toEqual({
      chi_squared_calculation: 3,
      approximate_model: 2,
      correlation_model: 1,
      failing_fit: 1,
      classical_optimization: 1,
    });
  });

  it('marks the failed call: ERROR status, error.type and an exception event', () => {
    const failed = traces.find((s) => s.name === 'failing_fit');
    expect(failed?.status?.code).toBe(2);
    expect(attrs(failed?.attributes)[ATTR_ERROR_TYPE]).toBe('RangeError');
    expect(failed?.events?.map((e) => e.name)).toContain('exception');
    const ok = traces.find((s) => s.name === 'approximate_model');
    expect(ok?.status?.code ?? 0).not.toBe(2);
  });

  it('records measured accuracy on spans', () => {
    for (const span of traces.filter((s) => s.name === 'chi_squared_calculation')) {
      expect(attrs(span.attributes)[ATTR_ACCURACY_ACHIEVED]).toBe(1);
    }
    for (const span of traces.filter((s) => s.name === 'approximate_model')) {
      expect(attrs(span.attributes)[ATTR_ACCURACY_ACHIEVED]).toBe(0.9);
      expect(attrs(span.attributes)[ATTR_ACCURACY_PRESERVED]).toBe(false);
    }
  });

  it('exports operation durations in seconds with the conventions bucket boundaries', () => {
    expect(metric(METRIC_OPERATION_DURATION).unit).toBe('s');
    const byName = (name: string) =>
      points(METRIC_OPERATION_DURATION, { [ATTR_OPERATION_NAME]: name });
    expect(total(byName('chi_squared_calculation'), 'count')).toBe(3);
    expect(total(byName('approximate_model'), 'count')).toBe(2);
    expect(total(byName('correlation_model'), 'count')).toBe(1);
    expect(total(byName('classical_optimization'), 'count')).toBe(1);
    const failed = byName('failing_fit');
    expect(failed).toHaveLength(1);
    expect(attrs(failed[0]?.attributes)[ATTR_ERROR_TYPE]).toBe('RangeError');
    for (const p of points(METRIC_OPERATION_DURATION)) {
      expect(p.explicitBounds).toEqual(DURATION_BUCKETS_SECONDS);
      const inBuckets = (p.bucketCounts ?? []).reduce((s: number, c) => s + Number(c), 0);
      expect(inBuckets).toBe(Number(p.count));
      expect(p.sum).toBeGreaterThan(0);
    }
  });

  it('exports accuracy: achieved values, checks and violations', () => {
    const approx = points(METRIC_ACCURACY_ACHIEVED, { [ATTR_OPERATION_NAME]: 'approximate_model' });
    expect(total(approx, 'count')).toBe(2);
    expect(total(approx, 'sum')).toBeCloseTo(1.8, 12);
    const chi2 = points(METRIC_ACCURACY_ACHIEVED, {
      [ATTR_OPERATION_NAME]: 'chi_squared_calculation',
      [ATTR_ACCURACY_METHOD]: 'reference',
    });
    expect(total(chi2, 'count')).toBe(3);
    expect(total(chi2, 'sum')).toBe(3);
    expect(metric(METRIC_ACCURACY_CHECKS).sum?.isMonotonic).toBe(true);
    expect(
      total(points(METRIC_ACCURACY_CHECKS, { [ATTR_ACCURACY_PRESERVED]: true }), 'asInt'),
    ).toBe(3);
    expect(
      total(points(METRIC_ACCURACY_CHECKS, { [ATTR_ACCURACY_PRESERVED]: false }), 'asInt'),
    ).toBe(2);
    expect(
      total(
        points(METRIC_ACCURACY_VIOLATIONS, { [ATTR_OPERATION_NAME]: 'approximate_model' }),
        'asInt',
      ),
    ).toBe(2);
    expect(
      points(METRIC_ACCURACY_VIOLATIONS, { [ATTR_OPERATION_NAME]: 'chi_squared_calculation' }),
    ).toEqual([]);
  });

  it('exports cache hits and misses, compilation, security checks, iterations and non-finite values', () => {
    const cache = { [ATTR_CACHE_NAME]: 'correlation_geometry' };
    expect(
      total(points(METRIC_CACHE_REQUESTS, { ...cache, [ATTR_CACHE_RESULT]: 'hit' }), 'asInt'),
    ).toBe(3);
    expect(
      total(points(METRIC_CACHE_REQUESTS, { ...cache, [ATTR_CACHE_RESULT]: 'miss' }), 'asInt'),
    ).toBe(2);

    const [compile] = points(METRIC_COMPILATION_DURATION, {
      [ATTR_OPERATION_NAME]: 'correlation_kernel',
    });
    expect(Number(compile?.count)).toBe(2);
    expect(compile?.sum).toBeCloseTo(0.75, 12);
    // 0.25 lands in (0.1, 0.25], 0.5 in (0.25, 0.5].
    const counts = (compile?.bucketCounts ?? []).map(Number);
    expect(counts[DURATION_BUCKETS_SECONDS.indexOf(0.25)]).toBe(1);
    expect(counts[DURATION_BUCKETS_SECONDS.indexOf(0.5)]).toBe(1);

    const security = points(METRIC_SECURITY_CHECK_DURATION, {
      [ATTR_SECURITY_CHECK_NAME]: 'input_validation',
    });
    expect(total(security, 'count')).toBe(4);
    expect(metric(METRIC_SECURITY_CHECK_DURATION).unit).toBe('s');

    const iterations = points(METRIC_OPTIMIZATION_ITERATIONS, {
      [ATTR_OPERATION_NAME]: 'classical_optimization',
      [ATTR_OPTIMIZATION_METHOD]: 'nelder-mead',
    });
    expect(total(iterations, 'count')).toBe(1);
    expect(total(iterations, 'sum')).toBe(42);

    expect(
      total(
        points(METRIC_NON_FINITE_VALUES, { [ATTR_OPERATION_NAME]: 'correlation_model' }),
        'asInt',
      ),
    ).toBe(2);
  });

  it('exports the memory gauges in bytes and as a ratio', () => {
    expect(metric(METRIC_MEMORY_USAGE).unit).toBe('By');
    const kinds = new Map(
      points(METRIC_MEMORY_USAGE).map((p) => [
        attrs(p.attributes)[ATTR_MEMORY_TYPE],
        Number(p.asDouble ?? p.asInt),
      ]),
    );
    expect([...kinds.keys()].sort()).toEqual(['heap_limit', 'heap_used', 'rss']);
    expect(kinds.get('heap_used')).toBeLessThan(kinds.get('heap_limit') ?? 0);
    expect(kinds.get('rss')).toBeGreaterThan(0);
    const [ratio] = points(METRIC_MEMORY_UTILIZATION);
    const value = Number(ratio?.asDouble);
    // Observed in the same callback from one heap-statistics call.
    expect(value).toBeCloseTo((kinds.get('heap_used') ?? 0) / (kinds.get('heap_limit') ?? 1), 12);
  });
});
