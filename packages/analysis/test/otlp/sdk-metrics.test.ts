import { ValueType } from '@opentelemetry/api';
import type { HrTime } from '@opentelemetry/api';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ResourceMetrics as SdkResourceMetrics } from '@opentelemetry/sdk-metrics';
import {
  AggregationTemporality as SdkTemporality,
  AggregationType,
  MeterProvider,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { decodeMetricsJson } from '../../src/otlp/decode-json.js';
import { decodeMetricsProtobuf } from '../../src/otlp/decode-protobuf.js';
import type { Metric, MetricData, MetricsRequest } from '../../src/otlp/model.js';
import { OnDemandReader } from '../helpers/on-demand-reader.js';
import { protobufjsMetrics } from './helpers/protobufjs-otlp.js';

const RESOURCE = {
  'service.name': 'fit-service',
  'host.cores': 8,
  'x.ratio': 0.5,
  'x.enabled': true,
  'x.list': ['a', 'b'],
};

/** Records one of everything through the real SDK and collects it. */
async function record(temporality: SdkTemporality): Promise<SdkResourceMetrics> {
  const reader = new OnDemandReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes(RESOURCE),
    readers: [reader],
    views: [
      {
        instrumentName: 'exp.histogram',
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
      },
    ],
  });
  const meter = provider.getMeter('heterodyne.test', '1.2.3', {
    schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
  });
  const attrs = { phase: 'fit', ok: true, iteration: 3, chi2: 1.5, tags: ['x', 'y'], ns: [1, 2] };
  const intCounter = meter.createCounter('int.counter', { valueType: ValueType.INT, unit: '{op}' });
  intCounter.add(5, attrs);
  intCounter.add(7, attrs);
  const doubleCounter = meter.createCounter('double.counter', { description: 'fractions' });
  doubleCounter.add(0.25);
  doubleCounter.add(0.5);
  const upDown = meter.createUpDownCounter('up.down', { valueType: ValueType.INT });
  upDown.add(10);
  upDown.add(-15);
  const histogram = meter.createHistogram('explicit.histogram', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.1, 1, 10] },
  });
  for (const v of [0.05, 0.5, 0.5, 50]) histogram.record(v, { op: 'chi2' });
  const exp = meter.createHistogram('exp.histogram');
  // Histogram instruments drop negative values, so the negative side stays empty here
  // (the encoder round trips cover it).
  for (const v of [3, 100, 0]) exp.record(v);
  meter.createGauge('sync.gauge').record(7.25, { unit: 'K' });
  meter.createObservableGauge('observable.gauge').addCallback((r) => r.observe(42));
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  await provider.shutdown();
  return resourceMetrics;
}

function decodeProtobuf(rm: SdkResourceMetrics): MetricsRequest {
  const bytes = ProtobufMetricsSerializer.serializeRequest(rm)!;
  const result = decodeMetricsProtobuf(bytes);
  if (!result.ok) throw result.error;
  return result.value;
}

function byName(request: MetricsRequest): Map<string, Metric> {
  return new Map(request.resourceMetrics[0]!.scopeMetrics[0]!.metrics.map((m) => [m.name, m]));
}

function dataOf<T extends MetricData['type']>(
  metrics: Map<string, Metric>,
  name: string,
  type: T,
): Extract<MetricData, { type: T }> {
  const data = metrics.get(name)?.data;
  expect(data?.type).toBe(type);
  return data as Extract<MetricData, { type: T }>;
}

/** Nanoseconds of an `HrTime`, computed exactly and rounded once to a double. */
function nanos([seconds, nanoseconds]: HrTime): number {
  return Number(BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds));
}

/** Bucket index of `v` at `scale` (OTel exponential histogram mapping), computed directly. */
function expIndex(v: number, scale: number): number {
  return Math.ceil(Math.log2(v) * 2 ** scale) - 1;
}

describe('decoding the official OTLP serializers fed by the metrics SDK', () => {
  it('decodes resource, scope and every metric kind to the recorded values', async () => {
    const sdk = await record(SdkTemporality.CUMULATIVE);
    const decoded = decodeProtobuf(sdk);
    expect(decoded.resourceMetrics).toHaveLength(1);
    const rm = decoded.resourceMetrics[0]!;
    expect(rm.resource.attributes).toEqual(RESOURCE);
    const sm = rm.scopeMetrics[0]!;
    expect(sm.scope).toMatchObject({ name: 'heterodyne.test', version: '1.2.3' });
    expect(sm.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    const metrics = byName(decoded);

    const ints = dataOf(metrics, 'int.counter', 'sum');
    expect(metrics.get('int.counter')!.unit).toBe('{op}');
    expect(ints).toMatchObject({ temporality: 2, isMonotonic: true });
    expect(ints.points).toHaveLength(1);
    expect(ints.points[0]).toMatchObject({ value: 12, isInt: true });
    expect(ints.points[0]!.attributes).toEqual({
      phase: 'fit',
      ok: true,
      iteration: 3,
      chi2: 1.5,
      tags: ['x', 'y'],
      ns: [1, 2],
    });

    const doubles = dataOf(metrics, 'double.counter', 'sum');
    expect(metrics.get('double.counter')!.description).toBe('fractions');
    expect(doubles.points[0]).toMatchObject({ value: 0.75, isInt: false });

    const upDown = dataOf(metrics, 'up.down', 'sum');
    expect(upDown).toMatchObject({ isMonotonic: false, temporality: 2 });
    expect(upDown.points[0]).toMatchObject({ value: -5, isInt: true });

    const hist = dataOf(metrics, 'explicit.histogram', 'histogram');
    expect(hist.points[0]).toMatchObject({
      attributes: { op: 'chi2' },
      count: 4,
      bucketCounts: [1, 2, 0, 1],
      explicitBounds: [0.1, 1, 10],
      min: 0.05,
      max: 50,
    });
    expect(hist.points[0]!.sum).toBeCloseTo(51.05, 12);

    const exp = dataOf(metrics, 'exp.histogram', 'exponentialHistogram').points[0]!;
    expect(exp).toMatchObject({ count: 3, zeroCount: 1, sum: 103, min: 0, max: 100 });
    // The SDK keeps at most 160 buckets per side: the largest scale (<= 20) at which
    // 3 and 100 fit in 160 buckets.
    let scale = 20;
    while (expIndex(100, scale) - expIndex(3, scale) + 1 > 160) scale--;
    expect(exp.scale).toBe(scale);
    expect(exp.positive.offset).toBe(expIndex(3, scale));
    const positive = new Array<number>(expIndex(100, scale) - expIndex(3, scale) + 1).fill(0);
    positive[0] = 1;
    positive[positive.length - 1] = 1;
    expect(exp.positive.bucketCounts).toEqual(positive);
    expect(exp.negative).toEqual({ offset: 0, bucketCounts: [] });

    expect(dataOf(metrics, 'sync.gauge', 'gauge').points[0]).toMatchObject({
      value: 7.25,
      attributes: { unit: 'K' },
    });
    expect(dataOf(metrics, 'observable.gauge', 'gauge').points[0]).toMatchObject({ value: 42 });
  });

  it('decodes times as the nanoseconds the SDK recorded', async () => {
    const sdk = await record(SdkTemporality.CUMULATIVE);
    const metrics = byName(decodeProtobuf(sdk));
    for (const metric of sdk.scopeMetrics[0]!.metrics) {
      const data = metrics.get(metric.descriptor.name)!.data;
      if (data.type === 'empty') throw new Error('no data');
      const sdkPoint = metric.dataPoints[0]!;
      expect(data.points[0]!.startTimeUnixNano).toBe(nanos(sdkPoint.startTime));
      expect(data.points[0]!.timeUnixNano).toBe(nanos(sdkPoint.endTime));
      expect(data.points[0]!.timeUnixNano).toBeGreaterThan(1.6e18);
    }
  });

  it('decodes delta temporality', async () => {
    const metrics = byName(decodeProtobuf(await record(SdkTemporality.DELTA)));
    expect(dataOf(metrics, 'int.counter', 'sum').temporality).toBe(1);
    expect(dataOf(metrics, 'explicit.histogram', 'histogram').temporality).toBe(1);
    expect(dataOf(metrics, 'exp.histogram', 'exponentialHistogram').temporality).toBe(1);
  });

  it('decodes the JSON serializer output to the same model as the protobuf one', async () => {
    for (const temporality of [SdkTemporality.CUMULATIVE, SdkTemporality.DELTA]) {
      const sdk = await record(temporality);
      const json = decodeMetricsJson(JsonMetricsSerializer.serializeRequest(sdk)!);
      if (!json.ok) throw json.error;
      expect(json.value).toEqual(decodeProtobuf(sdk));
    }
  });

  it('agrees with protobufjs decoding the same bytes', async () => {
    const sdk = await record(SdkTemporality.CUMULATIVE);
    const bytes = ProtobufMetricsSerializer.serializeRequest(sdk)!;
    expect(decodeProtobuf(sdk)).toEqual(protobufjsMetrics(bytes));
  });
});
