import { startMonitoring } from '@heterodyne/node';
import type { Monitoring } from '@heterodyne/node';
import {
  ATTR_ACCURACY_PRESERVED,
  ATTR_CACHE_NAME,
  ATTR_CACHE_RESULT,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  METRIC_ACCURACY_ACHIEVED,
  METRIC_ACCURACY_CHECKS,
  METRIC_CACHE_REQUESTS,
  METRIC_COMPILATION_DURATION,
  METRIC_OPERATION_DURATION,
  METRIC_SECURITY_CHECK_DURATION,
  OPTIMIZATION_METHOD_VALUES,
} from '@heterodyne/semconv';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVALUATION_CACHE_NAME } from '../src/analysis/evaluation-cache.js';
import { DEFAULT_START } from '../src/analysis/presets.js';
import { createWorkload } from '../src/analysis/workload.js';
import type { RunSummary } from '../src/analysis/workload.js';

class RecordingSpanExporter implements SpanExporter {
  readonly spans: ReadableSpan[] = [];
  export(batch: ReadableSpan[], done: (r: { code: number }) => void): void {
    this.spans.push(...batch);
    done({ code: 0 });
  }
  shutdown = () => Promise.resolve();
  forceFlush = () => Promise.resolve();
}

let spans: RecordingSpanExporter;
let metrics: InMemoryMetricExporter;
let monitoring: Monitoring;

beforeAll(() => {
  spans = new RecordingSpanExporter();
  metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  monitoring = startMonitoring({
    spanExporter: spans,
    metricExporter: metrics,
    resourceDetectors: [],
    memoryGauges: false,
  });
});

afterAll(async () => {
  await monitoring.shutdown();
});

function metric(name: string): MetricData | undefined {
  const last = metrics.getMetrics().at(-1);
  return last?.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
}

const total = (name: string, match: Record<string, unknown>, field: 'sum' | 'count') =>
  (metric(name)?.dataPoints ?? [])
    .filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))
    .reduce((s, p) => {
      const value = p.value as number | { sum?: number; count: number };
      return s + (typeof value === 'number' ? value : Number(value[field] ?? 0));
    }, 0);

const unwrap = (r: Awaited<ReturnType<ReturnType<typeof createWorkload>['run']>>): RunSummary => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('the instrumented workload', () => {
  const workload = createWorkload({ robustPasses: 2 });
  const model = { [ATTR_OPERATION_NAME]: 'correlation_model' };

  it('records the pipeline as operations, verifies the model and counts the cache', async () => {
    const first = unwrap(await workload.run(7));
    await monitoring.forceFlush();
    expect(first.points).toBe(1104);
    expect(first.modelAccuracy).toBe(1);

    const root = spans.spans.find((s) => s.name === 'heterodyne_analysis');
    const children = spans.spans
      .filter((s) => s.parentSpanContext?.spanId === root?.spanContext().spanId)
      .map((s) => s.name)
      .sort();
    // load_dataset comes from auto-instrumentation (instrumentObject), the rest are explicit.
    expect(children).toEqual([
      'classical_optimization',
      'correlation_model',
      'load_dataset',
      'robust_optimization',
    ]);
    const method = spans.spans.find((s) => s.name === 'robust_optimization')?.attributes[
      ATTR_OPTIMIZATION_METHOD
    ];
    expect(method).toBe(OPTIMIZATION_METHOD_VALUES.NELDER_MEAD);

    // Shadow verification against the float64 path: one check, passed, accuracy 1.
    expect(
      total(METRIC_ACCURACY_CHECKS, { ...model, [ATTR_ACCURACY_PRESERVED]: true }, 'sum'),
    ).toBe(1);
    expect(total(METRIC_ACCURACY_ACHIEVED, model, 'sum')).toBe(1);
    expect(total(METRIC_SECURITY_CHECK_DURATION, {}, 'count')).toBe(1);
    expect(
      total(METRIC_COMPILATION_DURATION, { [ATTR_OPERATION_NAME]: 'correlation_kernel' }, 'count'),
    ).toBe(1);
    const cache = { [ATTR_CACHE_NAME]: EVALUATION_CACHE_NAME };
    expect(total(METRIC_CACHE_REQUESTS, { ...cache, [ATTR_CACHE_RESULT]: 'miss' }, 'sum')).toBe(
      first.cache.misses,
    );
    expect(total(METRIC_CACHE_REQUESTS, { ...cache, [ATTR_CACHE_RESULT]: 'hit' }, 'sum')).toBe(
      first.cache.hits,
    );

    // The same dataset again: the fits retrace their simplex, every evaluation is a hit.
    const second = unwrap(await workload.run(7));
    expect(second.cache.misses).toBe(first.cache.misses);
    expect(second.cache.hits - first.cache.hits).toBe(
      second.classical.evaluations + second.robust.evaluations,
    );
    expect(second.robust.parameters).toEqual(first.robust.parameters);
  }, 60_000);

  it('records the accuracy lost by a coarse phase table as a violation', async () => {
    workload.faults.phaseTableSize = 32;
    const run = unwrap(await workload.run(7));
    workload.faults.phaseTableSize = 4096;
    await monitoring.forceFlush();
    expect(run.modelAccuracy).toBeLessThan(0.5);
    expect(
      total(METRIC_ACCURACY_CHECKS, { ...model, [ATTR_ACCURACY_PRESERVED]: false }, 'sum'),
    ).toBe(1);
    // The SDK's own comparison agrees with the workload's count of points within tolerance.
    expect(total(METRIC_ACCURACY_ACHIEVED, model, 'sum')).toBeCloseTo(2 + run.modelAccuracy, 9);
    // A second kernel was built for the new table size.
    expect(
      total(METRIC_COMPILATION_DURATION, { [ATTR_OPERATION_NAME]: 'correlation_kernel' }, 'count'),
    ).toBe(2);
  }, 60_000);

  it('thrashes a small cache, slows its reads and leaks when told to, and recovers', async () => {
    workload.faults.cacheCapacity = 50;
    workload.faults.dataDelayMillis = 60;
    workload.faults.leakBytesPerRun = 1024 * 1024;
    const before = { hits: workload.cache.hits, misses: workload.cache.misses };
    const after = unwrap(await workload.run(7)).cache;
    // The fits of a dataset seen before, whose evaluations were all cached: almost nothing
    // of them survives in 50 entries.
    expect(
      (after.hits - before.hits) / (after.hits + after.misses - before.hits - before.misses),
    ).toBeLessThan(0.05);
    expect(after.size).toBeLessThanOrEqual(50);
    expect(workload.leakedBytes).toBe(1024 * 1024);
    workload.releaseLeak();
    expect(workload.leakedBytes).toBe(0);
    await monitoring.forceFlush();
    const reads = (metric(METRIC_OPERATION_DURATION)?.dataPoints ?? []).find(
      (p) => p.attributes[ATTR_OPERATION_NAME] === 'load_dataset',
    )?.value as { max?: number } | undefined;
    // Timers may fire a few ms early against the span clock; the stall is 60 ms.
    expect(reads?.max).toBeGreaterThan(0.05);
  }, 60_000);

  it('returns invalid input as a value, after timing the check', async () => {
    const invalid = createWorkload({ start: { ...DEFAULT_START, f3: 5 } });
    const result = await invalid.run(1);
    expect(result).toEqual({ ok: false, error: 'parameters.f3: must be in [0, 1], got 5' });
  });
});
