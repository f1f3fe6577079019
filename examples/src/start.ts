/**
 * `npm start`: the whole system on one machine. Starts the analysis service with its default
 * configuration (OTLP on localhost:4318 and :4317, API and `/metrics` on localhost:8080,
 * SQLite under ./monitoring-data), runs the instrumented heterodyne analysis exporting to it
 * over OTLP http/protobuf with `@heterodyne/node`, prints what the service received, and
 * keeps serving until Ctrl-C.
 */
import { createAnalysisService, createLineLogger, defaultConfig } from '@heterodyne/analysis';
import type {
  SampleView,
  SeriesSummary,
  ServiceAddresses,
  StatusReport,
} from '@heterodyne/analysis';
import { startMonitoring } from '@heterodyne/node';
import { ATTR_OPERATION_NAME, METRIC_OPERATION_DURATION } from '@heterodyne/semconv';
import { DEFAULT_TRUTH } from './analysis/presets.js';
import { runHeterodyneAnalysis } from './analysis/run-analysis.js';
import { formatSummary } from './summary.js';

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

const service = createAnalysisService(defaultConfig(), {
  logger: createLineLogger((line) => process.stderr.write(line)),
});
let addresses: ServiceAddresses;
try {
  addresses = await service.start();
} catch (error) {
  console.error(`the analysis service could not start: ${message(error)}`);
  console.error('(ports 4318, 4317 and 8080 must be free: is another instance running?)');
  process.exit(1);
}
const api = addresses.api as string;

// The analysis exports to the service; shutdown() flushes, and the service answers each
// export only after storing it, so everything is in once it resolves.
const monitoring = startMonitoring({
  serviceName: 'heterodyne-xpcs-example',
  protocol: 'http/protobuf',
  endpoint: addresses.otlpHttp,
});
try {
  const result = await runHeterodyneAnalysis({ seed: 2024 });
  console.log(
    result.ok ? formatSummary(result.value, DEFAULT_TRUTH) : `invalid input: ${result.error}`,
  );
} finally {
  await monitoring.shutdown().catch((error: unknown) => {
    console.error(`telemetry was not delivered: ${message(error)}`);
  });
}

const status = await getJson<StatusReport>(`${api}/api/v1/status`);
const operations = await getJson<{ series: SeriesSummary[] }>(
  `${api}/api/v1/series?metric=${METRIC_OPERATION_DURATION}&limit=10000`,
);
const calls = new Map<string, number>();
for (const series of operations.series) {
  const name = String(series.attributes[ATTR_OPERATION_NAME] ?? '(unnamed)');
  const { samples } = await getJson<{ samples: SampleView[] }>(
    `${api}/api/v1/series/${series.id}/samples?limit=10000`,
  );
  calls.set(name, (calls.get(name) ?? 0) + samples.reduce((n, s) => n + (s.count ?? 0), 0));
}
const kib = (bytes: number): number => Math.round(bytes / 1024);
console.log(
  [
    '',
    'The analysis service received:',
    `  ${status.totals.requests} export requests, ${status.totals.acceptedPoints} points and spans accepted, ${status.totals.rejectedPoints} rejected`,
    `  ${status.series.active} active series (series store: ${kib(status.series.memoryBytes - status.series.preallocatedBytes)} KiB in use, ${kib(status.series.preallocatedBytes)} KiB preallocated)`,
    `  operations: ${[...calls].map(([name, n]) => `${name} ×${n}`).join(', ')}`,
    '',
    'Serving until Ctrl-C:',
    `  status   ${api}/api/v1/status`,
    `  series   ${api}/api/v1/series`,
    `  metrics  ${addresses.metrics}`,
    `  OTLP     ${addresses.otlpHttp} (HTTP), ${addresses.otlpGrpc} (gRPC)`,
  ].join('\n'),
);

await new Promise((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
await service.shutdown();
