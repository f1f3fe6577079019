import { ValueType } from '@opentelemetry/api';
import {
  AggregationTemporality as SdkTemporality,
  InstrumentType,
  MeterProvider,
} from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { afterEach, describe, expect, it } from 'vitest';
import { hrTimeToNanos, sdkMetricsToModel } from '../../src/exporters/sdk-metrics-to-model.js';
import type { MetricData } from '../../src/otlp/model.js';
import { OnDemandReader } from '../helpers/on-demand-reader.js';

/** A reader that only collects when asked, with a chosen temporality for counters. */
function testReader(counterTemporality: SdkTemporality): OnDemandReader {
  return new OnDemandReader({
    aggregationTemporalitySelector: (type) =>
      type === InstrumentType.COUNTER ? counterTemporality : SdkTemporality.CUMULATIVE,
  });
}

describe('hrTimeToNanos', () => {
  it.each([
    [[0, 0], 0],
    [[1, 5], 1_000_000_005],
    [[1_700_000_000, 500_000_000], 1_700_000_000_500_000_000],
  ] as const)('%j → %d ns', (time, nanos) => {
    expect(hrTimeToNanos([time[0], time[1]])).toBe(nanos);
  });
});

describe('sdkMetricsToModel', () => {
  let provider: MeterProvider | undefined;
  afterEach(async () => {
    await provider?.shutdown();
    provider = undefined;
  });

  async function collect(
    counterTemporality = SdkTemporality.CUMULATIVE,
  ): Promise<Map<string, MetricData>> {
    const reader = testReader(counterTemporality);
    provider = new MeterProvider({
      readers: [reader],
      resource: resourceFromAttributes({ 'service.name': 'svc' }),
    });
    const meter = provider.getMeter('scope-a', '2.0.0');
    meter.createCounter('c', { unit: '{job}', description: 'Jobs.' }).add(3, { q: 'x' });
    meter.createUpDownCounter('u').add(-2);
    meter.createGauge('g', { valueType: ValueType.INT }).record(7);
    meter
      .createHistogram('h', { unit: 's', advice: { explicitBucketBoundaries: [1, 2] } })
      .record(1.5);
    const { resourceMetrics } = await reader.collect();
    const model = sdkMetricsToModel(resourceMetrics);
    expect(model.resource.attributes['service.name']).toBe('svc');
    const scope = model.scopeMetrics[0];
    expect(scope?.scope).toEqual({
      name: 'scope-a',
      version: '2.0.0',
      attributes: {},
      droppedAttributesCount: 0,
    });
    return new Map((scope?.metrics ?? []).map((m) => [m.name, m.data]));
  }

  it('maps each SDK data point type to the OTLP model', async () => {
    const data = await collect();
    expect(data.get('c')).toMatchObject({
      type: 'sum',
      temporality: 2,
      isMonotonic: true,
      points: [{ attributes: { q: 'x' }, value: 3, isInt: false, flags: 0 }],
    });
    expect(data.get('u')).toMatchObject({
      type: 'sum',
      isMonotonic: false,
      points: [{ value: -2 }],
    });
    expect(data.get('g')).toMatchObject({ type: 'gauge', points: [{ value: 7, isInt: true }] });
    expect(data.get('h')).toMatchObject({
      type: 'histogram',
      temporality: 2,
      points: [
        { count: 1, sum: 1.5, explicitBounds: [1, 2], bucketCounts: [0, 1, 0], min: 1.5, max: 1.5 },
      ],
    });
    const point = (
      data.get('c') as { points: { startTimeUnixNano: number; timeUnixNano: number }[] }
    ).points[0];
    expect(point?.timeUnixNano).toBeGreaterThanOrEqual(point?.startTimeUnixNano ?? Infinity);
  });

  it('keeps delta temporality as delta (1) so the Prometheus translation can leave it out', async () => {
    const data = await collect(SdkTemporality.DELTA);
    expect(data.get('c')).toMatchObject({ type: 'sum', temporality: 1 });
  });
});
