/**
 * `@heterodyne/node` in a child process (built code) exporting into the running analysis
 * service over http/protobuf, http/json and grpc: the numbers that arrive in the series
 * store, read back through the HTTP API, match what the child recorded. The child is the
 * built snippet `examples/dist/snippets/export-otlp-json.js` (its header lists what it
 * records; the protocol and endpoint come from the standard `OTEL_*` variables).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ATTR_ACCURACY_PRESERVED,
  ATTR_CACHE_NAME,
  ATTR_CACHE_RESULT,
  ATTR_ERROR_TYPE,
  ATTR_MEMORY_TYPE,
  ATTR_OPERATION_NAME,
  ATTR_SECURITY_CHECK_NAME,
  METRIC_ACCURACY_CHECKS,
  METRIC_ACCURACY_VIOLATIONS,
  METRIC_CACHE_REQUESTS,
  METRIC_COMPILATION_DURATION,
  METRIC_MEMORY_USAGE,
  METRIC_NON_FINITE_VALUES,
  METRIC_OPERATION_DURATION,
  METRIC_OPTIMIZATION_ITERATIONS,
  METRIC_SECURITY_CHECK_DURATION,
} from '@heterodyne/semconv';
import type { SeriesSummary } from '@heterodyne/analysis';
import { describe, expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { countOf, samplesOf, seriesOf, statusOf, sumOf } from './helpers/api.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';
import type { TestService } from './helpers/service.js';

const SCRIPT = fileURLToPath(
  new URL('../../examples/dist/snippets/export-otlp-json.js', import.meta.url),
);
/** Scope of the metrics the pipeline derives from spans (not the SDK's own). */
const SPAN_METRICS_SCOPE = '@heterodyne/analysis/span-metrics';

const cleanup = useCleanup();
/** Runs the child to completion with the OTLP destination set by environment variables. */
function runChild(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  if (!existsSync(SCRIPT)) {
    throw new Error(`${SCRIPT} is missing: build first (npm run build, or npm test which builds)`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/** Series of `metric` sent by the child's SDK (span-derived ones excluded), matching `where`. */
async function childSeries(
  api: string,
  metric: string,
  where: Record<string, unknown> = {},
): Promise<SeriesSummary[]> {
  return (await seriesOf(api, metric)).filter(
    (s) =>
      s.scope !== SPAN_METRICS_SCOPE &&
      Object.entries(where).every(([k, v]) => s.attributes[k] === v),
  );
}

/** Totals over the matching series: observations and value sums (counter increments). */
async function totals(
  api: string,
  metric: string,
  where: Record<string, unknown> = {},
): Promise<{ count: number; sum: number; series: number }> {
  let count = 0;
  let sum = 0;
  const list = await childSeries(api, metric, where);
  for (const s of list) {
    const samples = await samplesOf(api, s.id);
    count += countOf(samples);
    sum += sumOf(samples);
  }
  return { count, sum, series: list.length };
}

const protocols = {
  'http/protobuf': (t: TestService) => t.addresses.otlpHttp,
  'http/json': (t: TestService) => t.addresses.otlpHttp,
  grpc: (t: TestService) => `http://${t.addresses.otlpGrpc}`,
};

describe('@heterodyne/node in a child process exporting into the service', () => {
  for (const [protocol, endpoint] of Object.entries(protocols)) {
    it(`stores what the child recorded, sent over ${protocol}`, async () => {
      const { dir, remove } = await tempDir('e2e-node-');
      cleanup.push(remove);
      const t = await startTestService({ store: sqliteUrl(dir) });
      cleanup.push(t.stop);
      const service = `e2e-node-${protocol.replace('/', '-')}`;
      const child = await runChild({
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint(t),
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_SERVICE_NAME: service,
      });
      expect(child.stderr).toBe('');
      expect(child.code).toBe(0);
      const api = t.addresses.api;

      // The child's shutdown flushed everything; each export was answered after processing.
      const ops = await childSeries(api, METRIC_OPERATION_DURATION);
      expect(ops.length).toBeGreaterThan(0);
      for (const s of ops) expect(s.resource['service.name']).toBe(service);
      const op = (name: string) =>
        totals(api, METRIC_OPERATION_DURATION, { [ATTR_OPERATION_NAME]: name });
      expect((await op('chi_squared_calculation')).count).toBe(3);
      expect((await op('approximate_model')).count).toBe(2);
      expect((await op('correlation_model')).count).toBe(1);
      const failed = await totals(api, METRIC_OPERATION_DURATION, {
        [ATTR_OPERATION_NAME]: 'failing_fit',
        [ATTR_ERROR_TYPE]: 'RangeError',
      });
      expect(failed).toMatchObject({ count: 1, series: 1 });

      expect(
        (await totals(api, METRIC_ACCURACY_CHECKS, { [ATTR_ACCURACY_PRESERVED]: true })).sum,
      ).toBe(3);
      expect(
        (await totals(api, METRIC_ACCURACY_CHECKS, { [ATTR_ACCURACY_PRESERVED]: false })).sum,
      ).toBe(2);
      expect(
        (
          await totals(api, METRIC_ACCURACY_VIOLATIONS, {
            [ATTR_OPERATION_NAME]: 'approximate_model',
          })
        ).sum,
      ).toBe(2);

      const cache = { [ATTR_CACHE_NAME]: 'correlation_geometry' };
      expect(
        (await totals(api, METRIC_CACHE_REQUESTS, { ...cache, [ATTR_CACHE_RESULT]: 'hit' })).sum,
      ).toBe(3);
      expect(
        (await totals(api, METRIC_CACHE_REQUESTS, { ...cache, [ATTR_CACHE_RESULT]: 'miss' })).sum,
      ).toBe(2);

      const compile = await totals(api, METRIC_COMPILATION_DURATION, {
        [ATTR_OPERATION_NAME]: 'correlation_kernel',
      });
      expect(compile.count).toBe(2);
      expect(compile.sum).toBeCloseTo(0.75, 12);
      expect(
        (
          await totals(api, METRIC_SECURITY_CHECK_DURATION, {
            [ATTR_SECURITY_CHECK_NAME]: 'input_validation',
          })
        ).count,
      ).toBe(4);
      const iterations = await totals(api, METRIC_OPTIMIZATION_ITERATIONS, {
        [ATTR_OPERATION_NAME]: 'classical_optimization',
      });
      expect(iterations).toMatchObject({ count: 1, sum: 42 });
      expect(
        (
          await totals(api, METRIC_NON_FINITE_VALUES, {
            [ATTR_OPERATION_NAME]: 'correlation_model',
          })
        ).sum,
      ).toBe(2);

      const heap = await childSeries(api, METRIC_MEMORY_USAGE, { [ATTR_MEMORY_TYPE]: 'heap_used' });
      expect(heap).toHaveLength(1);
      expect(heap[0]?.unit).toBe('By');
      const [heapSample] = await samplesOf(api, (heap[0] as SeriesSummary).id);
      expect(heapSample?.value).toBeGreaterThan(0);

      const status = await statusOf(api);
      expect(status.totals.rejectedPoints).toBe(0);
      expect(status.ingest.traces.acceptedPerSecond).toBeGreaterThan(0);
    });
  }
});
