import {
  ATTR_MEMORY_TYPE,
  ATTR_OPERATION_NAME,
  DURATION_BUCKETS_SECONDS,
  ITERATION_BUCKETS,
  MEMORY_TYPE_VALUES,
  METRIC_MEMORY_USAGE,
  METRIC_MEMORY_UTILIZATION,
  METRIC_OPERATION_DURATION,
  METRIC_OPTIMIZATION_ITERATIONS,
} from '@heterodyne/semconv';
import { SCOPE_NAME } from '@heterodyne/sdk';
import type { ProxyTracerProvider } from '@opentelemetry/api';
import { DiagLogLevel, diag, metrics, propagation, trace } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
} from '@opentelemetry/sdk-metrics';
import type { HistogramMetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startMonitoring } from '../src/start-monitoring.js';
import type { Monitoring, StartMonitoringOptions } from '../src/types.js';

/** Keeps what it received after shutdown (the SDK's in-memory exporter clears itself then). */
class RecordingSpanExporter implements SpanExporter {
  private readonly _spans: ReadableSpan[] = [];
  export(batch: ReadableSpan[], done: (result: { code: number }) => void): void {
    this._spans.push(...batch);
    done({ code: 0 });
  }
  getFinishedSpans(): ReadableSpan[] {
    return this._spans;
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

let spans: RecordingSpanExporter;
let metricExporter: InMemoryMetricExporter;
let running: Monitoring | undefined;

function start(options: StartMonitoringOptions = {}): Monitoring {
  running = startMonitoring({
    spanExporter: spans,
    metricExporter,
    resourceDetectors: [],
    ...options,
  });
  return running;
}

function findMetric(name: string, scopeName?: string): HistogramMetricData | undefined {
  const all: ResourceMetrics[] = metricExporter.getMetrics();
  const last = all.at(-1);
  for (const scope of last?.scopeMetrics ?? []) {
    if (scopeName !== undefined && scope.scope.name !== scopeName) continue;
    for (const m of scope.metrics) {
      if (m.descriptor.name === name) return m as HistogramMetricData;
    }
  }
  return undefined;
}

const delegateOf = () => (trace.getTracerProvider() as ProxyTracerProvider).getDelegate();

beforeEach(() => {
  spans = new RecordingSpanExporter();
  metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
});

afterEach(async () => {
  await running?.shutdown();
  running = undefined;
  vi.unstubAllEnvs();
});

describe('startMonitoring', () => {
  it('registers a global tracer provider whose spans nest through async code', async () => {
    const monitoring = start({ serviceName: 'xpcs-fit', serviceVersion: '1.2.3' });
    expect(delegateOf()).toBe(monitoring.tracerProvider);
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('fit', async (parent) => {
      await new Promise((r) => setTimeout(r, 1));
      tracer.startSpan('chi_squared').end();
      parent.end();
    });
    await monitoring.forceFlush();
    const [child, parent] = spans.getFinishedSpans();
    expect(parent?.name).toBe('fit');
    expect(child?.name).toBe('chi_squared');
    // The AsyncLocalStorage context manager carried the parent across the await.
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(parent?.resource.attributes['service.name']).toBe('xpcs-fit');
    expect(parent?.resource.attributes['service.version']).toBe('1.2.3');
    expect(parent?.resource.attributes['telemetry.sdk.name']).toBe('opentelemetry');
  });

  it('gives heterodyne histograms their explicit buckets even without advice', async () => {
    const monitoring = start();
    const meter = metrics.getMeter('test');
    // No advice on purpose: the views alone must set the boundaries.
    const duration = meter.createHistogram(METRIC_OPERATION_DURATION, { unit: 's' });
    for (const seconds of [0.0004, 0.003, 0.2, 0.2, 7, 4000]) {
      duration.record(seconds, { [ATTR_OPERATION_NAME]: 'fit' });
    }
    meter.createHistogram(METRIC_OPTIMIZATION_ITERATIONS).record(37);
    meter.createHistogram('app.other.duration', { unit: 'ms' }).record(12);
    await monitoring.forceFlush();

    const point = findMetric(METRIC_OPERATION_DURATION)?.dataPoints[0];
    expect(findMetric(METRIC_OPERATION_DURATION)?.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(point?.value.buckets.boundaries).toEqual(DURATION_BUCKETS_SECONDS);
    const counts = point?.value.buckets.counts ?? [];
    // Bucket i holds (b[i-1], b[i]]: 0.0004 -> first, 0.003 -> (0.0025, 0.005], 0.2 -> (0.1, 0.25],
    // 7 -> (5, 10], 4000 -> overflow.
    expect(counts[0]).toBe(1);
    expect(counts[DURATION_BUCKETS_SECONDS.indexOf(0.005)]).toBe(1);
    expect(counts[DURATION_BUCKETS_SECONDS.indexOf(0.25)]).toBe(2);
    expect(counts[DURATION_BUCKETS_SECONDS.indexOf(10)]).toBe(1);
    expect(counts.at(-1)).toBe(1);
    expect(point?.value.count).toBe(6);
    expect(point?.value.sum).toBeCloseTo(0.0004 + 0.003 + 0.4 + 7 + 4000, 9);
    expect(
      findMetric(METRIC_OPTIMIZATION_ITERATIONS)?.dataPoints[0]?.value.buckets.boundaries,
    ).toEqual(ITERATION_BUCKETS);
    // Instruments outside the conventions keep the SDK's default boundaries.
    expect(findMetric('app.other.duration')?.dataPoints[0]?.value.buckets.boundaries[1]).toBe(5);
  });

  it('appends user views after the heterodyne ones', async () => {
    const monitoring = start({
      views: [{ instrumentName: 'app.noise', aggregation: { type: 1 } }],
    });
    metrics.getMeter('test').createCounter('app.noise').add(1);
    await monitoring.forceFlush();
    expect(findMetric('app.noise')).toBeUndefined();
  });

  it('shutdown exports what is still buffered, unregisters the globals and allows a new start', async () => {
    const monitoring = start();
    trace.getTracer('test').startSpan('buffered').end();
    metrics.getMeter('test').createCounter('app.calls').add(3);
    expect(spans.getFinishedSpans()).toHaveLength(0);
    await monitoring.shutdown();
    expect(spans.getFinishedSpans().map((s) => s.name)).toEqual(['buffered']);
    expect(findMetric('app.calls')?.dataPoints[0]?.value).toBe(3);
    // The memory gauges are observed in the final collection too.
    expect(findMetric(METRIC_MEMORY_USAGE, SCOPE_NAME)).toBeDefined();
    expect(delegateOf()).not.toBe(monitoring.tracerProvider);
    expect(metrics.getMeterProvider()).not.toBe(monitoring.meterProvider);
    expect(propagation.fields()).toEqual([]);
    // Idempotent.
    await expect(monitoring.shutdown()).resolves.toBeUndefined();
    spans = new RecordingSpanExporter();
    const again = start();
    expect(delegateOf()).toBe(again.tracerProvider);
  });

  it('refuses a second start while one is running', () => {
    start();
    expect(() => startMonitoring({ exporter: 'none' })).toThrow(
      /already running; call shutdown\(\) on it before starting again/,
    );
  });

  it('installs W3C trace-context and baggage propagation', () => {
    start();
    expect(propagation.fields()).toEqual(['traceparent', 'tracestate', 'baggage']);
  });

  it('throws naming an invalid option and registers nothing', () => {
    const before = delegateOf();
    expect(() => startMonitoring({ protocol: 'smoke-signals' as never })).toThrow(
      /^startMonitoring: options\.protocol: must be one of/,
    );
    expect(delegateOf()).toBe(before);
    expect(propagation.fields()).toEqual([]);
    // Nothing is running, so a valid start works.
    expect(() => start()).not.toThrow();
  });

  it('with OTEL_SDK_DISABLED=true returns inert providers and registers nothing', async () => {
    vi.stubEnv('OTEL_SDK_DISABLED', 'true');
    const before = delegateOf();
    const monitoring = start();
    expect(monitoring.enabled).toBe(false);
    expect(delegateOf()).toBe(before);
    const span = monitoring.tracerProvider.getTracer('t').startSpan('ignored');
    expect(span.isRecording()).toBe(false);
    span.end();
    await monitoring.shutdown();
    expect(spans.getFinishedSpans()).toHaveLength(0);
    // A disabled setup does not block a real one.
    running = undefined;
    vi.unstubAllEnvs();
    expect(start().enabled).toBe(true);
  });

  it('runs resource detectors, and explicit attributes win over detected ones', () => {
    const monitoring = start({
      resourceDetectors: [{ detect: () => ({ attributes: { 'host.name': 'detected', a: 'x' } }) }],
      resourceAttributes: { 'host.name': 'explicit' },
    });
    expect(monitoring.resource.attributes['host.name']).toBe('explicit');
    expect(monitoring.resource.attributes['a']).toBe('x');
  });

  it('sets service.instance.id to one random UUID per process unless configured', async () => {
    const instanceOf = async (options: StartMonitoringOptions = {}): Promise<unknown> => {
      const monitoring = start(options);
      const id = monitoring.resource.attributes['service.instance.id'];
      await monitoring.shutdown();
      running = undefined;
      return id;
    };
    const id = await instanceOf();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await instanceOf()).toBe(id);
    expect(await instanceOf({ serviceInstanceId: 'run-7' })).toBe('run-7');
    expect(await instanceOf({ resourceAttributes: { 'service.instance.id': 'attr' } })).toBe(
      'attr',
    );
    vi.stubEnv('OTEL_RESOURCE_ATTRIBUTES', 'service.instance.id=from-env');
    expect(await instanceOf()).toBe('from-env');
  });

  it('runs the host and process detectors by default', () => {
    running = startMonitoring({ spanExporter: spans, metricExporter });
    const attributes = running.resource.attributes;
    expect(attributes['host.name']).toEqual(expect.any(String));
    expect(attributes['process.pid']).toBe(process.pid);
    expect(attributes['process.runtime.name']).toBe('nodejs');
  });

  it('enables instrumentations with the new providers and disables them on shutdown', async () => {
    const calls: string[] = [];
    const providers: unknown[] = [];
    const fake: Instrumentation = {
      instrumentationName: 'fake',
      instrumentationVersion: '0.0.1',
      enable: () => calls.push('enable'),
      disable: () => calls.push('disable'),
      setTracerProvider: (p) => providers.push(p),
      setMeterProvider: (p) => providers.push(p),
      setConfig: () => undefined,
      getConfig: () => ({ enabled: false }),
    };
    const monitoring = start({ instrumentations: [fake] });
    expect(providers).toEqual([monitoring.tracerProvider, monitoring.meterProvider]);
    expect(calls).toEqual(['enable']);
    await monitoring.shutdown();
    expect(calls).toEqual(['enable', 'disable']);
  });

  it('removes the console diag logger it installed for logLevel on shutdown', async () => {
    const printed: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args) => void printed.push(args));
    try {
      const monitoring = start({ logLevel: DiagLogLevel.ERROR });
      diag.error('while running');
      await monitoring.shutdown();
      running = undefined;
      diag.error('after shutdown');
    } finally {
      spy.mockRestore();
    }
    expect(printed).toEqual([['while running']]);
  });

  it('leaves nothing registered when an instrumentation fails to enable', async () => {
    const calls: string[] = [];
    const instrumentation = (name: string, enable: () => void): Instrumentation => ({
      instrumentationName: name,
      instrumentationVersion: '0.0.1',
      enable,
      disable: () => calls.push(`disable ${name}`),
      setTracerProvider: () => undefined,
      setMeterProvider: () => undefined,
      setConfig: () => undefined,
      getConfig: () => ({ enabled: false }),
    });
    const good = instrumentation('good', () => calls.push('enable good'));
    const broken = instrumentation('broken', () => {
      throw new Error('cannot hook the module');
    });
    expect(() => start({ instrumentations: [good, broken] })).toThrow(
      'startMonitoring: options.instrumentations: enabling failed: cannot hook the module',
    );
    running = undefined;
    // The instrumentation enabled before the failure is disabled again.
    expect(calls).toEqual(['enable good', 'disable good', 'disable broken']);
    // The globals were released, so the next setup owns them instead of a dead one. It gets
    // an exporter of its own: the failed setup shuts down the one it was given.
    metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const next = start();
    expect(delegateOf()).toBe(next.tracerProvider);
    metrics.getMeter('test').createCounter('after.failure').add(1);
    await next.forceFlush();
    const point = findMetric('after.failure')?.dataPoints[0] as { value: unknown } | undefined;
    expect(point?.value).toBe(1);
  });

  it('registers the SDK memory gauges on its meter provider, unless told not to', async () => {
    const monitoring = start();
    await monitoring.forceFlush();
    const usage = findMetric(METRIC_MEMORY_USAGE, SCOPE_NAME) as unknown as {
      descriptor: { unit: string };
      dataPoints: { attributes: Record<string, unknown>; value: number }[];
    };
    expect(usage.descriptor.unit).toBe('By');
    const rss = usage.dataPoints.find(
      (p) => p.attributes[ATTR_MEMORY_TYPE] === MEMORY_TYPE_VALUES.RSS,
    );
    expect(rss?.value).toBeGreaterThan(1024 * 1024);
    const utilization = findMetric(METRIC_MEMORY_UTILIZATION) as unknown as {
      dataPoints: { value: number }[];
    };
    const ratio = utilization.dataPoints[0]?.value ?? NaN;
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(1);
    await monitoring.shutdown();

    metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const without = start({ memoryGauges: false });
    metrics.getMeter('test').createCounter('app.calls').add(1);
    await without.forceFlush();
    expect(findMetric('app.calls')).toBeDefined();
    expect(findMetric(METRIC_MEMORY_USAGE)).toBeUndefined();
  });
});
