/**
 * `npm start`: runs the instrumented heterodyne analysis once, exports its telemetry, prints
 * a short summary and exits.
 *
 * Telemetry goes to the console unless the standard variables choose otherwise, e.g.
 * `OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 npm start` sends OTLP to a Collector or
 * to the analysis service.
 */
import { startMonitoring } from '@heterodyne/node';
import { DEFAULT_TRUTH } from './analysis/presets.js';
import { runHeterodyneAnalysis } from './analysis/run-analysis.js';
import { formatSummary } from './summary.js';

const env = process.env;
const exporterChosenByEnv = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  'OTEL_TRACES_EXPORTER',
  'OTEL_METRICS_EXPORTER',
].some((name) => (env[name] ?? '').trim() !== '');

const monitoring = startMonitoring({
  // Explicit options win over OTEL_* variables, so set these only when the variables do not.
  ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: 'heterodyne-xpcs-example' }),
  ...(exporterChosenByEnv ? {} : { exporter: 'console' as const }),
});

let report: string;
try {
  const result = await runHeterodyneAnalysis({ seed: 2024 });
  report = result.ok
    ? formatSummary(result.value, DEFAULT_TRUTH)
    : `invalid input: ${result.error}`;
  if (!result.ok) process.exitCode = 1;
} finally {
  // Flushes every span and metric, so the summary comes after the exported telemetry. A
  // receiver that is down makes this reject: say so, but still print the results.
  await monitoring.shutdown().catch((error: unknown) => {
    console.error(
      `telemetry was not delivered: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  });
}
console.log(`\n${report}`);
