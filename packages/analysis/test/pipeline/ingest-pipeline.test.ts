import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import type { LogsRequest } from '../../src/otlp/model.js';
import { createIngestPipeline } from '../../src/pipeline/ingest-pipeline.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import {
  exponentialPoint,
  histogramPoint,
  manualClock,
  metric,
  metricsRequest,
  ms,
  numberPoint,
  summaryPoint,
} from '../series/builders.js';

const { CUMULATIVE, DELTA, UNSPECIFIED } = AggregationTemporality;

function setup(options: { cardinalityLimit?: number } = {}) {
  const clock = manualClock(100);
  const store = createSeriesStore({ clock, startTimeMillis: ms(100), ...options });
  const pipeline = createIngestPipeline({ store, clock });
  return { clock, store, pipeline };
}

describe('ingest pipeline: metrics', () => {
  it('stores every kind and reports accepted points', () => {
    const { store, pipeline } = setup();
    const result = pipeline.ingestMetrics(
      metricsRequest([
        metric('temp', { type: 'gauge', points: [numberPoint(110, 21.5)] }, 'Cel'),
        metric('hits', {
          type: 'sum',
          points: [numberPoint(110, 4, { start: 105 })],
          temporality: CUMULATIVE,
          isMonotonic: true,
        }),
        metric('queue', {
          type: 'sum',
          points: [numberPoint(110, -2, { start: 105 })],
          temporality: DELTA,
          isMonotonic: false,
        }),
        metric('dur', {
          type: 'histogram',
          points: [histogramPoint(110, [1], [2, 1], { start: 105, sum: 3 })],
          temporality: DELTA,
        }),
        metric('exp', {
          type: 'exponentialHistogram',
          points: [exponentialPoint(110, 0, 0, [1])],
          temporality: DELTA,
        }),
        metric('rpc', {
          type: 'summary',
          points: [summaryPoint(110, 2, 5, { 0.5: 2 }, { start: 105 })],
        }),
      ]),
    );
    expect(result).toEqual({
      acceptedPoints: 6,
      rejectedPoints: 0,
      droppedPoints: 0,
      errorMessage: '',
    });
    expect(store.listSeries().map((s) => [s.metric, s.kind, s.unit])).toEqual([
      ['temp', 'gauge', 'Cel'],
      ['hits', 'counter', ''],
      ['queue', 'updowncounter', ''],
      ['dur', 'histogram', ''],
      ['exp', 'exponential_histogram', ''],
      ['rpc', 'summary', ''],
      ['rpc', 'gauge', ''],
    ]);
    const hits = store.listSeries({ metric: 'hits' })[0]!;
    // Started after the store (105 s > 100 s): the first cumulative value counts.
    expect(store.recentSamples(hits.id, 5)?.map((s) => s.value)).toEqual([4]);
  });

  it.each([
    {
      name: 'a histogram whose bucket counts do not match its bounds',
      data: {
        type: 'histogram',
        temporality: DELTA,
        points: [{ ...histogramPoint(110, [1, 2], [1, 1, 1]), bucketCounts: [1, 2] }],
      },
      message:
        /metrics\[0\] "m"\.data_points\[0\]: bucket_counts has 2 entries, expected explicit_bounds \+ 1 = 3/,
    },
    {
      name: 'bucket counts that do not sum to count',
      data: {
        type: 'histogram',
        temporality: DELTA,
        points: [{ ...histogramPoint(110, [1], [1, 1]), count: 5 }],
      },
      message: /bucket_counts sum to 2 but count is 5/,
    },
    {
      name: 'unsorted bounds',
      data: {
        type: 'histogram',
        temporality: DELTA,
        points: [histogramPoint(110, [2, 1], [0, 1, 0])],
      },
      message: /explicit_bounds must increase strictly/,
    },
    {
      name: 'a NaN timestamp',
      data: { type: 'gauge', points: [{ ...numberPoint(110, 1), timeUnixNano: NaN }] },
      message: /time_unix_nano must be a positive timestamp, got NaN/,
    },
    {
      name: 'a non-finite value',
      data: { type: 'gauge', points: [numberPoint(110, Infinity)] },
      message: /value must be finite, got Infinity/,
    },
    {
      name: 'an unspecified temporality',
      data: {
        type: 'sum',
        temporality: UNSPECIFIED,
        isMonotonic: true,
        points: [numberPoint(110, 1)],
      },
      message:
        /aggregation_temporality must be DELTA \(1\) or CUMULATIVE \(2\), got 0; its 1 data points were rejected/,
    },
    {
      name: 'an exponential histogram whose counts disagree',
      data: {
        type: 'exponentialHistogram',
        temporality: DELTA,
        points: [{ ...exponentialPoint(110, 0, 0, [1]), count: 3 }],
      },
      message: /zero_count \+ positive \+ negative bucket counts = 1 but count is 3/,
    },
    {
      name: 'an exponential histogram scale out of range',
      data: {
        type: 'exponentialHistogram',
        temporality: DELTA,
        points: [exponentialPoint(110, 21, 0, [1])],
      },
      message: /scale must be an integer from -10 to 20, got 21/,
    },
    {
      name: 'a summary quantile outside [0, 1]',
      data: { type: 'summary', points: [summaryPoint(110, 1, 1, { 1.5: 2 })] },
      message: /quantile_values\[0\]\.quantile must be in \[0, 1\], got 1\.5/,
    },
    {
      name: 'a point stamped more than an hour ahead of the receiver clock',
      data: { type: 'gauge', points: [numberPoint(100 + 3601, 1)] },
      message:
        /time_unix_nano is 3601 s ahead of the receiver clock \(more than maxFutureSkewMillis = 3600000\)/,
    },
  ] as const)('rejects $name, saying where and why', ({ data, message }) => {
    const { store, pipeline } = setup();
    const result = pipeline.ingestMetrics(metricsRequest([metric('m', data as never)]));
    expect(result.acceptedPoints).toBe(0);
    expect(result.rejectedPoints).toBe(1);
    expect(result.errorMessage).toMatch(message);
    expect(result.errorMessage).toMatch(/^resource_metrics\[0\]\.scope_metrics\[0\]\.metrics\[0\]/);
    expect(store.listSeries()).toEqual([]);
    expect(pipeline.counters().dropped.invalid).toBe(1);
  });

  it('warns about a metric without data, rejecting no points it never had', () => {
    const { store, pipeline } = setup();
    const result = pipeline.ingestMetrics(
      metricsRequest([
        metric('m', { type: 'empty' } as never),
        metric('g', { type: 'gauge', points: [numberPoint(110, 1)] }),
      ]),
    );
    expect(result.acceptedPoints).toBe(1);
    expect(result.rejectedPoints).toBe(0);
    expect(result.errorMessage).toMatch(
      /^resource_metrics\[0\]\.scope_metrics\[0\]\.metrics\[0\] "m": the metric has no data/,
    );
    expect(store.listSeries().map((s) => s.metric)).toEqual(['g']);
    expect(pipeline.counters().dropped.invalid).toBe(0);
  });

  it('rejects the points of a metric without a name', () => {
    const { pipeline } = setup();
    const r = pipeline.ingestMetrics(
      metricsRequest([
        metric('', { type: 'gauge', points: [numberPoint(110, 1), numberPoint(120, 2)] }),
      ]),
    );
    expect(r).toMatchObject({ acceptedPoints: 0, rejectedPoints: 2 });
    expect(r.errorMessage).toMatch(/the metric name is empty; its 2 data points were rejected/);
  });

  it('keeps valid points of a partly invalid request and lists at most three problems', () => {
    const { pipeline } = setup();
    const points = [
      numberPoint(110, 1),
      ...[1, 2, 3, 4, 5].map((i) => numberPoint(110 + i, NaN)),
      numberPoint(120, 2),
    ];
    const r = pipeline.ingestMetrics(metricsRequest([metric('g', { type: 'gauge', points })]));
    expect(r).toMatchObject({ acceptedPoints: 2, rejectedPoints: 5, droppedPoints: 0 });
    expect(r.errorMessage.split('; ')).toHaveLength(3);
    expect(r.errorMessage).toMatch(/data_points\[1\]: value must be finite, got NaN/);
    expect(r.errorMessage).toMatch(/\(and 2 more\)$/);
  });

  it('counts duplicates, out-of-order points, resets and overflow by reason', () => {
    const { pipeline } = setup({ cardinalityLimit: 2 });
    const sum = (points: ReturnType<typeof numberPoint>[]) =>
      metricsRequest([
        metric('hits', { type: 'sum', temporality: CUMULATIVE, isMonotonic: true, points }),
      ]);
    pipeline.ingestMetrics(
      sum([numberPoint(110, 10, { start: 0 }), numberPoint(120, 12, { start: 0 })]),
    );
    const r = pipeline.ingestMetrics(
      sum([
        numberPoint(120, 12, { start: 0 }), // duplicate
        numberPoint(115, 11, { start: 0 }), // out of order
        numberPoint(130, 1, { start: 125 }), // reset (restart after the last point)
        numberPoint(130, 5, { start: 0, attributes: { op: 'x' } }), // a second stream: overflow, cumulative: dropped
      ]),
    );
    expect(r).toEqual({
      acceptedPoints: 1,
      rejectedPoints: 0,
      droppedPoints: 3,
      errorMessage:
        '3 valid points not stored: 1 duplicate (same timestamp as the last point of its series), 1 out of order (older than the last point of its series), 1 over the cardinality limit (cumulative point of a series past it); resending will not store them',
    });
    expect(pipeline.counters()).toMatchObject({
      requests: { metrics: 2, traces: 0, logs: 0 },
      pointsReceived: 6,
      pointsAccepted: 3,
      dropped: {
        invalid: 0,
        duplicate: 1,
        out_of_order: 1,
        overflow: 1,
        series_limit: 0,
        memory_limit: 0,
        too_long: 0,
      },
      resets: 1,
      referencePoints: 1,
    });
  });

  it('counts log records', () => {
    const { pipeline } = setup();
    const record = {
      timeUnixNano: 1,
      observedTimeUnixNano: 1,
      severityNumber: 9,
      severityText: 'INFO',
      body: 'hello',
      attributes: {},
      traceId: '',
      spanId: '',
      flags: 0,
      eventName: '',
    };
    const logs: LogsRequest = {
      resourceLogs: [
        {
          resource: { attributes: {}, droppedAttributesCount: 0 },
          schemaUrl: '',
          scopeLogs: [
            {
              scope: { name: '', version: '', attributes: {}, droppedAttributesCount: 0 },
              schemaUrl: '',
              logRecords: [record, record],
            },
          ],
        },
      ],
    };
    expect(pipeline.ingestLogs(logs)).toEqual({
      acceptedPoints: 2,
      rejectedPoints: 0,
      droppedPoints: 0,
      errorMessage: '',
    });
    expect(pipeline.counters().logRecordsReceived).toBe(2);
  });
});
