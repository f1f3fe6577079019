// Overhead of @heterodyne/sdk's monitorOperation around a trivial function:
//  1. with no OpenTelemetry SDK registered, against calling the function directly
//     (target: under 100 ns per monitored call);
//  2. with a real SDK pipeline (BasicTracerProvider + BatchSpanProcessor exporting to a no-op
//     exporter, AsyncLocalStorage context manager, MeterProvider with a reader), against bare
//     OpenTelemetry code doing the same work: an active span with the operation-name
//     attribute and a duration histogram record (target: at most 1.25x).
// Each task runs BATCH calls per sample so per-sample timer overhead stays out of ns/op.
// Run after building: `npx tsc --build packages/sdk && node --expose-gc bench/sdk-overhead.bench.js`.
// `BENCH_TIME_MS` sets the time per task, split over the rounds (default 3200: 16 x 200 ms);
// `BENCH_ROUNDS` the number of rounds (default 16).
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { monitorOperation } from '@heterodyne/sdk';
import {
  ATTR_OPERATION_NAME,
  DURATION_BUCKETS_SECONDS,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { Bench } from 'tinybench';
import { benchTimeMs, printMarkdownSummary } from './lib/report.js';

const BATCH = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 16);
const ROUND_TIME_MS = Math.max(10, Math.round(benchTimeMs(ROUNDS * 200) / ROUNDS));
const NO_SDK_TARGET_NS = 100;
const RATIO_TARGET = 1.25;

function trivial(x) {
  return x + 1;
}

/** Runs `fn` BATCH times; the sink keeps the calls from being optimised away. */
function batched(fn) {
  return () => {
    let sink = 0;
    for (let i = 0; i < BATCH; i++) sink = fn(sink);
    if (sink !== BATCH) throw new Error(`unexpected sink ${sink}`);
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Measures two tasks in ROUNDS short tinybench runs, alternating which goes first, so that
 * drift and the garbage one task leaves for the next (finished spans) fall on both equally.
 * Returns per task the median over rounds of the mean ns per call, and the median of the
 * per-round ratios second / first.
 */
async function compare(first, second) {
  const ns = { [first[0]]: [], [second[0]]: [] };
  const ratios = [];
  for (let round = 0; round < ROUNDS; round++) {
    globalThis.gc?.();
    const bench = new Bench({ time: ROUND_TIME_MS, warmupTime: 100 });
    for (const [name, fn] of round % 2 === 0 ? [first, second] : [second, first]) {
      bench.add(name, batched(fn));
    }
    await bench.run();
    for (const [name] of [first, second]) {
      const result = bench.getTask(name)?.result;
      if (result?.latency === undefined) throw new Error(`${name} failed: ${result?.error}`);
      ns[name].push((result.latency.mean * 1e6) / BATCH);
    }
    ratios.push(ns[second[0]].at(-1) / ns[first[0]].at(-1));
  }
  const spread = (values) => (100 * (Math.max(...values) - Math.min(...values))) / median(values);
  return {
    first: { name: first[0], ns: median(ns[first[0]]), spread: spread(ns[first[0]]) },
    second: { name: second[0], ns: median(ns[second[0]]), spread: spread(ns[second[0]]) },
    ratio: median(ratios),
  };
}

function row({ name, ns, spread }) {
  return {
    task: name,
    'ns/op (median of rounds)': Number(ns.toFixed(1)),
    'round spread %': Number(spread.toFixed(1)),
  };
}

// --- 1. No SDK registered -------------------------------------------------------------
const monitoredNoSdk = monitorOperation('trivial', trivial);
const noSdk = await compare(
  ['plain function', trivial],
  ['monitorOperation, no SDK', monitoredNoSdk],
);

// --- 2. A real SDK pipeline -------------------------------------------------------------
class NoopSpanExporter {
  export(_spans, resultCallback) {
    resultCallback({ code: 0 });
  }
  shutdown() {
    return Promise.resolve();
  }
  forceFlush() {
    return Promise.resolve();
  }
}
class HeldMetricReader extends MetricReader {
  async onShutdown() {}
  async onForceFlush() {}
}

const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [
    // A queue large enough that spans are exported, not dropped, between samples.
    new BatchSpanProcessor(new NoopSpanExporter(), {
      maxQueueSize: 1 << 17,
      maxExportBatchSize: 512,
      scheduledDelayMillis: 50,
    }),
  ],
});
trace.setGlobalTracerProvider(tracerProvider);
const reader = new HeldMetricReader();
const meterProvider = new MeterProvider({ readers: [reader] });
metrics.setGlobalMeterProvider(meterProvider);

const tracer = trace.getTracer('bench-bare-otel');
const histogram = metrics.getMeter('bench-bare-otel').createHistogram(METRIC_OPERATION_DURATION, {
  unit: 's',
  advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
});
const attributes = { [ATTR_OPERATION_NAME]: 'trivial' };
const spanOptions = { attributes };

function bareOtel(x) {
  const start = performance.now();
  return tracer.startActiveSpan('trivial', spanOptions, (span) => {
    try {
      return trivial(x);
    } finally {
      span.end();
      histogram.record((performance.now() - start) / 1000, attributes);
    }
  });
}
const monitored = monitorOperation('trivial', trivial);

const withSdk = await compare(
  ['bare OpenTelemetry (span + histogram)', bareOtel],
  ['monitorOperation, SDK registered', monitored],
);

// Prove the pipeline recorded what was measured: histogram points per instrumentation scope.
const { resourceMetrics } = await reader.collect();
const recorded = resourceMetrics.scopeMetrics
  .map((scope) => {
    const count = scope.metrics
      .flatMap((m) => m.dataPoints)
      .reduce((sum, point) => sum + (point.value.count ?? 0), 0);
    return `${scope.scope.name} ${count}`;
  })
  .join(', ');
await tracerProvider.shutdown();
await meterProvider.shutdown();

const notes = [
  `histogram points recorded: ${recorded}`,
  `no SDK: ${noSdk.second.ns.toFixed(1)} ns per monitored call ` +
    `(${(noSdk.second.ns - noSdk.first.ns).toFixed(1)} ns over the plain call, ` +
    `ratio ${noSdk.ratio.toFixed(2)}x); target < ${NO_SDK_TARGET_NS} ns: ` +
    `${noSdk.second.ns < NO_SDK_TARGET_NS ? 'met' : 'MISSED'}`,
  `SDK registered: monitorOperation / bare OpenTelemetry = ${withSdk.ratio.toFixed(3)}x ` +
    `(median of per-round ratios); target <= ${RATIO_TARGET}x: ` +
    `${withSdk.ratio <= RATIO_TARGET ? 'met' : 'MISSED'}`,
];
printMarkdownSummary(
  `SDK overhead (${ROUNDS} rounds of ${ROUND_TIME_MS} ms per task, ${BATCH} calls per sample)`,
  [noSdk.first, noSdk.second, withSdk.first, withSdk.second].map(row),
  notes,
);
