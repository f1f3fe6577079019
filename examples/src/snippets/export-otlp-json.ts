/**
 * Snippet: exporting OTLP/JSON to a Collector (or to the analysis service) chosen by the
 * standard variables, and a compact tour of what the SDK records.
 *
 *   OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/json \
 *   OTEL_SERVICE_NAME=xpcs-demo node examples/dist/snippets/export-otlp-json.js
 *
 * Everything it records is fixed, so the end-to-end test (`test/e2e/node-otlp-json.test.ts`)
 * runs it against a loopback server and checks the payload against this list:
 * - span `otlp_json_export_run`, parent of every operation below;
 * - `chi_squared_calculation`: 3 calls, each verified against a reference (accuracy 1);
 * - `approximate_model`: 2 calls measured at accuracy 0.9 against 0.999 expected (2 violations);
 * - `correlation_model`: 1 call whose result holds one NaN and one Infinity;
 * - `failing_fit`: 1 call throwing a RangeError;
 * - cache `correlation_geometry`: 2 misses, 3 hits;
 * - compilation of `correlation_kernel`: 0.25 s and 0.5 s;
 * - security check `input_validation`: 4 runs;
 * - `classical_optimization` (`nelder-mead`): 42 iterations.
 * It prints `{"pid": ..., "chiSquared": [...]}` on stdout when done.
 */
import { startMonitoring } from '@heterodyne/node';
import {
  instrumentCache,
  monitorOperation,
  recordCompilation,
  startOperation,
  withSecurityCheck,
} from '@heterodyne/sdk';
import { OPTIMIZATION_METHOD_VALUES } from '@heterodyne/semconv';
import { chiSquared } from '../analysis/chi-squared.js';

const monitoring = startMonitoring({ serviceVersion: '1.0.0-snippet' });

// Reference: the same sum written independently, over index pairs.
const chiSquaredReference = (d: number[], m: number[], s: number[]) =>
  d.reduce((sum, value, i) => sum + ((value - (m[i] ?? 0)) / (s[i] ?? 1)) ** 2, 0);

const chiSquaredResults: number[] = [];
const run = startOperation('otlp_json_export_run');
run.run(() => {
  const chi2 = monitorOperation(
    'chi_squared_calculation',
    (d: number[], m: number[], s: number[]) => chiSquared(d, m, s),
    { expectedAccuracy: 0.999, reference: chiSquaredReference, sampleRate: 1 },
  );
  chiSquaredResults.push(chi2([1, 2, 3], [1, 1, 1], [1, 1, 1]));
  chiSquaredResults.push(chi2([1, 2, 3], [1, 1, 1], [1, 1, 2]));
  chiSquaredResults.push(chi2([0.5, -0.5], [0, 0], [0.25, 0.5]));

  const approximate = monitorOperation('approximate_model', (x: number) => x * 2, {
    expectedAccuracy: 0.999,
    accuracy: () => 0.9,
  });
  approximate(1);
  approximate(2);

  monitorOperation('correlation_model', () => [1, Number.NaN, Number.POSITIVE_INFINITY, 2])();

  try {
    monitorOperation('failing_fit', () => {
      throw new RangeError('simplex diverged');
    })();
  } catch {
    // Expected: the failure is what this call demonstrates.
  }

  const geometry = instrumentCache(new Map<string, number>(), { name: 'correlation_geometry' });
  for (const key of ['a', 'a', 'b', 'b', 'a']) {
    if (geometry.get(key) === undefined) geometry.set(key, key.charCodeAt(0));
  }

  recordCompilation('correlation_kernel', 0.25);
  recordCompilation('correlation_kernel', 0.5);

  for (let i = 0; i < 4; i++) withSecurityCheck('input_validation', () => i >= 0);

  const fit = startOperation('classical_optimization', {
    optimizationMethod: OPTIMIZATION_METHOD_VALUES.NELDER_MEAD,
  });
  fit.recordIterations(42);
  fit.end();
});
run.end();

await monitoring.shutdown();
console.log(JSON.stringify({ pid: process.pid, chiSquared: chiSquaredResults }));
