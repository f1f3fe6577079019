/**
 * The instrumented benchmark of the CI example: a chi-squared evaluation of a heterodyne
 * correlation model, timed by `monitorOperation` of `@heterodyne/sdk`, its spans recorded as
 * OTLP/JSON lines (one export request per line) that `heterodyne-monitor baseline check`
 * and `baseline export` read.
 *
 *   npm run build && node examples/ci/benchmark.mjs --out run.traces.jsonl
 *
 * Options: --out <file> (default bench-run.traces.jsonl), --iterations <n> (default 60),
 * --points <n> (data points per evaluation, default 200000), --work <factor> (multiplies the
 * points, to see what the gate says about a slower build; default 1).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { ExportResultCode } from '@opentelemetry/core';
import { monitorOperation } from '@heterodyne/sdk';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench-run.traces.jsonl' },
    iterations: { type: 'string', default: '60' },
    points: { type: 'string', default: '200000' },
    work: { type: 'string', default: '1' },
  },
});
const iterations = Number(values.iterations);
const points = Math.round(Number(values.points) * Number(values.work));
if (!(iterations >= 1) || !(points >= 1)) {
  console.error('benchmark: --iterations, --points and --work must be positive numbers');
  process.exit(2);
}

/** Writes each batch of finished spans as one OTLP/JSON export request per line. */
const fileExporter = {
  export(spans, done) {
    try {
      const body = Buffer.from(JsonTraceSerializer.serializeRequest(spans)).toString('utf8');
      appendFileSync(values.out, `${body.replace(/\n/g, '')}\n`);
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error });
    }
  },
  shutdown: async () => {},
  forceFlush: async () => {},
};
writeFileSync(values.out, '');
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'heterodyne-ci-benchmark' }),
  spanProcessors: [new SimpleSpanProcessor(fileExporter)],
});
trace.setGlobalTracerProvider(provider);

// g2(q, t) = 1 + beta * exp(-2 D q^2 t): the one-time correlation of a diffusing sample.
const q = 0.0054;
const times = Float64Array.from({ length: points }, (_, i) => 1e-4 * 1.001 ** i);
const data = Float64Array.from(
  times,
  (t, i) => 1 + 0.2 * Math.exp(-2 * 800 * q * q * t) + 1e-3 * Math.sin(i),
);

const chiSquared = monitorOperation('chi_squared_calculation', (diffusion, contrast) => {
  let sum = 0;
  for (let i = 0; i < points; i++) {
    const model = 1 + contrast * Math.exp(-2 * diffusion * q * q * times[i]);
    const r = (data[i] - model) / 1e-3;
    sum += r * r;
  }
  return sum / points;
});

let checksum = 0;
for (let i = 0; i < iterations; i++) checksum += chiSquared(780 + (i % 40), 0.2);
await provider.shutdown();
console.log(
  `benchmark: ${iterations} evaluations of ${points} points (mean chi2 ${(checksum / iterations).toFixed(3)}), spans in ${values.out}`,
);
