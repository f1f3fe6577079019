import { startMonitoring } from '@heterodyne/node';
import type { Monitoring } from '@heterodyne/node';
import {
  ATTR_CACHE_RESULT,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  METRIC_ACCURACY_ACHIEVED,
  METRIC_CACHE_REQUESTS,
  METRIC_OPTIMIZATION_ITERATIONS,
  METRIC_SECURITY_CHECK_DURATION,
  OPTIMIZATION_METHOD_VALUES,
} from '@heterodyne/semconv';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_START } from '../src/analysis/presets.js';
import { runHeterodyneAnalysis } from '../src/analysis/run-analysis.js';

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
let metricExporter: InMemoryMetricExporter;
let monitoring: Monitoring;

beforeEach(() => {
  spans = new RecordingSpanExporter();
  metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  monitoring = startMonitoring({
    spanExporter: spans,
    metricExporter,
    resourceDetectors: [],
    memoryGauges: false,
  });
});

afterEach(async () => {
  await monitoring.shutdown();
});

function metric(name: string): MetricData | undefined {
  const last = metricExporter.getMetrics().at(-1);
  return last?.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
}

const sumOf = (m: MetricData | undefined, match: Record<string, unknown>, field: 'sum' | 'count') =>
  (m?.dataPoints ?? [])
    .filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))
    .reduce((s, p) => {
      const value = p.value as number | { sum?: number; count: number };
      return s + (typeof value === 'number' ? value : Number(value[field] ?? 0));
    }, 0);

describe('runHeterodyneAnalysis, instrumented end to end', () => {
  it('fits the synthetic data and reports it through spans and metrics', async () => {
    const result = await runHeterodyneAnalysis({ seed: 11 });
    await monitoring.forceFlush();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const summary = result.value;
    expect(summary.points).toBe(3280);
    expect(summary.robust.worstError).toBeLessThan(0.03);
    // chi^2 per degree of freedom, outliers included: both fits pay for the outliers.
    expect(summary.classical.reducedChiSquared).toBeGreaterThan(1);

    const root = spans.spans.find((s) => s.name === 'heterodyne_analysis');
    const children = spans.spans.filter(
      (s) => s.parentSpanContext?.spanId === root?.spanContext().spanId,
    );
    expect(children.map((s) => s.name).sort()).toEqual([
      'chi_squared_calculation',
      'chi_squared_calculation',
      'classical_optimization',
      'generate_dataset',
      'robust_optimization',
    ]);

    // One geometry miss, then a hit on every later model evaluation.
    expect(summary.cache.misses).toBe(1);
    expect(summary.cache.hits).toBe(summary.classical.evaluations + summary.robust.evaluations + 1);
    const cache = metric(METRIC_CACHE_REQUESTS);
    expect(sumOf(cache, { [ATTR_CACHE_RESULT]: 'hit' }, 'sum')).toBe(summary.cache.hits);
    expect(sumOf(cache, { [ATTR_CACHE_RESULT]: 'miss' }, 'sum')).toBe(1);

    // Both final chi^2 values were verified against the reference model and matched.
    const accuracy = metric(METRIC_ACCURACY_ACHIEVED);
    const chi2 = { [ATTR_OPERATION_NAME]: 'chi_squared_calculation' };
    expect(sumOf(accuracy, chi2, 'count')).toBe(2);
    expect(sumOf(accuracy, chi2, 'sum')).toBe(2);

    expect(sumOf(metric(METRIC_SECURITY_CHECK_DURATION), {}, 'count')).toBe(1);
    expect(sumOf(metric(METRIC_OPTIMIZATION_ITERATIONS), {}, 'sum')).toBe(
      summary.classical.iterations + summary.robust.iterations,
    );

    // Both fits run Nelder–Mead: the method is the registered value of the optimizer used.
    const methodOf = (name: string) =>
      spans.spans.find((s) => s.name === name)?.attributes[ATTR_OPTIMIZATION_METHOD];
    expect(methodOf('classical_optimization')).toBe(OPTIMIZATION_METHOD_VALUES.NELDER_MEAD);
    expect(methodOf('robust_optimization')).toBe(OPTIMIZATION_METHOD_VALUES.NELDER_MEAD);
    const robustIterations = { [ATTR_OPERATION_NAME]: 'robust_optimization' };
    expect(
      sumOf(
        metric(METRIC_OPTIMIZATION_ITERATIONS),
        { ...robustIterations, [ATTR_OPTIMIZATION_METHOD]: OPTIMIZATION_METHOD_VALUES.NELDER_MEAD },
        'sum',
      ),
    ).toBe(summary.robust.iterations);
  });

  it('returns invalid input as a value, after timing the check', async () => {
    const result = await runHeterodyneAnalysis({ start: { ...DEFAULT_START, fraction: 0.9 } });
    expect(result).toEqual({
      ok: false,
      error: 'parameters.fraction: must be in [0.001, 0.5], got 0.9',
    });
    await monitoring.forceFlush();
    expect(sumOf(metric(METRIC_SECURITY_CHECK_DURATION), {}, 'count')).toBe(1);
    expect(spans.spans.some((s) => s.name === 'classical_optimization')).toBe(false);
  });
});
