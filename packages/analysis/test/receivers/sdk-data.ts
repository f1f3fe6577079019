/**
 * Real OpenTelemetry SDK data for the receiver tests, with the values the tests expect
 * worked out by hand next to each recording.
 */
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Metric, MetricsRequest } from '../../src/otlp/model.js';
import { OnDemandReader } from '../helpers/on-demand-reader.js';

/** The resource every sample carries. */
export const SAMPLE_SERVICE = 'receiver-test';

/**
 * Records one of each common instrument kind and collects it. Expected on arrival:
 * - `test.requests` (monotonic cumulative sum): route=a 3+5 = 8, route=b 4;
 * - `test.duration` (histogram, bounds [1, 2]): 0.5, 1.5, 2.5 → count 3, sum 4.5,
 *   buckets [1, 1, 1], min 0.5, max 2.5;
 * - `test.inflight` (non-monotonic sum): -2;
 * - `test.temperature` (gauge): 7.25.
 * That is 5 data points.
 */
export async function collectSampleMetrics(): Promise<ResourceMetrics> {
  const reader = new OnDemandReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': SAMPLE_SERVICE }),
    readers: [reader],
  });
  const meter = provider.getMeter('receiver-test-scope', '1.2.3');
  const requests = meter.createCounter('test.requests');
  requests.add(3, { route: 'a' });
  requests.add(4, { route: 'b' });
  requests.add(5, { route: 'a' });
  const duration = meter.createHistogram('test.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [1, 2] },
  });
  for (const value of [0.5, 1.5, 2.5]) duration.record(value);
  meter.createUpDownCounter('test.inflight').add(-2);
  meter.createGauge('test.temperature').record(7.25);
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw new AggregateError(errors, 'collecting sample metrics failed');
  await provider.shutdown();
  return resourceMetrics;
}

/** Points in {@link collectSampleMetrics}. */
export const SAMPLE_METRIC_POINTS = 5;

/** The metric named `name` in a decoded request; throws when absent. */
export function findMetric(request: MetricsRequest, name: string): Metric {
  for (const rm of request.resourceMetrics) {
    for (const sm of rm.scopeMetrics) {
      const metric = sm.metrics.find((m) => m.name === name);
      if (metric) return metric;
    }
  }
  throw new Error(`metric ${name} not in the request`);
}

/**
 * Asserts the decoded request carries exactly the values of {@link collectSampleMetrics};
 * returns a readable summary for `toEqual` comparisons.
 */
export function summarizeSampleMetrics(request: MetricsRequest): Record<string, unknown> {
  const requests = findMetric(request, 'test.requests').data;
  const duration = findMetric(request, 'test.duration').data;
  const inflight = findMetric(request, 'test.inflight').data;
  const temperature = findMetric(request, 'test.temperature').data;
  if (requests.type !== 'sum' || duration.type !== 'histogram') throw new Error('wrong kinds');
  if (inflight.type !== 'sum' || temperature.type !== 'gauge') throw new Error('wrong kinds');
  const resource = request.resourceMetrics[0]?.resource.attributes['service.name'];
  const scope = request.resourceMetrics[0]?.scopeMetrics[0]?.scope;
  const byRoute = Object.fromEntries(
    requests.points.map((p) => [String(p.attributes['route']), p.value]),
  );
  const h = duration.points[0];
  return {
    resource,
    scope: scope && `${scope.name}@${scope.version}`,
    requests: { byRoute, monotonic: requests.isMonotonic, temporality: requests.temporality },
    duration: h && {
      count: h.count,
      sum: h.sum,
      bucketCounts: h.bucketCounts,
      explicitBounds: h.explicitBounds,
      min: h.min,
      max: h.max,
    },
    inflight: { value: inflight.points[0]?.value, monotonic: inflight.isMonotonic },
    temperature: temperature.points[0]?.value,
  };
}

/** What {@link summarizeSampleMetrics} returns for the sample (cumulative temporality = 2). */
export const EXPECTED_SAMPLE_METRICS = {
  resource: SAMPLE_SERVICE,
  scope: 'receiver-test-scope@1.2.3',
  requests: { byRoute: { a: 8, b: 4 }, monotonic: true, temporality: 2 },
  duration: {
    count: 3,
    sum: 4.5,
    bucketCounts: [1, 1, 1],
    explicitBounds: [1, 2],
    min: 0.5,
    max: 2.5,
  },
  inflight: { value: -2, monotonic: false },
  temperature: 7.25,
};

/**
 * Creates a parent span with two children (one failed) and exports them through `exporter`.
 * Returns the ids the SDK assigned, to compare with what arrives.
 */
export async function exportSampleSpans(exporter: SpanExporter): Promise<{
  traceId: string;
  parentSpanId: string;
  names: string[];
}> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': SAMPLE_SERVICE }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('receiver-test-scope');
  const parent = tracer.startSpan('fit', { attributes: { 'fit.model': 'heterodyne' } });
  const parentContext = trace.setSpan(ROOT_CONTEXT, parent);
  const load = tracer.startSpan('load', { attributes: { 'load.bytes': 1024 } }, parentContext);
  load.end();
  const solve = tracer.startSpan('solve', {}, parentContext);
  solve.setStatus({ code: SpanStatusCode.ERROR, message: 'diverged' });
  solve.end();
  parent.end();
  await provider.forceFlush();
  await provider.shutdown();
  return {
    traceId: parent.spanContext().traceId,
    parentSpanId: parent.spanContext().spanId,
    names: ['load', 'solve', 'fit'],
  };
}

/** Emits two log records through `exporter`. */
export async function exportSampleLogs(exporter: LogRecordExporter): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': SAMPLE_SERVICE }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('receiver-test-scope');
  logger.emit({
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'fit diverged',
    attributes: { iteration: 17 },
  });
  logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'fit done' });
  await provider.forceFlush();
  await provider.shutdown();
}
