import {
  ATTR_ACCURACY_ACHIEVED,
  ATTR_ACCURACY_EXPECTED,
  ATTR_ACCURACY_METHOD,
  ATTR_ACCURACY_PRESERVED,
  ATTR_ERROR_TYPE,
  ATTR_JIT_COLD_START,
  ATTR_JIT_COMPILE_DURATION,
  ATTR_NUMERICAL_NON_FINITE_COUNT,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  DURATION_BUCKETS_SECONDS,
  METRIC_ACCURACY_ACHIEVED,
  METRIC_ACCURACY_CHECKS,
  METRIC_ACCURACY_VIOLATIONS,
  METRIC_COMPILATION_DURATION,
  METRIC_NON_FINITE_VALUES,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { AggregationTemporality, SpanStatusCode } from '../../src/otlp/model.js';
import { createIngestPipeline } from '../../src/pipeline/ingest-pipeline.js';
import { SPAN_METRICS_SCOPE, spansToMetrics } from '../../src/pipeline/spans-to-metrics.js';
import type { SpanMetricsMode } from '../../src/pipeline/types.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import {
  histogramPoint,
  manualClock,
  metric,
  metricsRequest,
  span,
  tracesRequest,
} from '../series/builders.js';

const OP = ATTR_OPERATION_NAME;

function setup(spanMetrics?: SpanMetricsMode) {
  const clock = manualClock(1000);
  const store = createSeriesStore({ clock });
  const pipeline = createIngestPipeline({ store, clock, spanMetrics });
  return { clock, store, pipeline };
}

describe('spans to metrics', () => {
  it('records operation durations like the SDK: buckets, error.type, cold start', () => {
    const { store, pipeline } = setup();
    const r = pipeline.ingestTraces(
      tracesRequest([
        span('fit', 10, 10.5, { [OP]: 'fit', [ATTR_OPTIMIZATION_METHOD]: 'nelder-mead' }),
        span('fit', 20, 21.5, { [OP]: 'fit', [ATTR_OPTIMIZATION_METHOD]: 'nelder-mead' }),
        span(
          'fit',
          30,
          33,
          {
            [OP]: 'fit',
            [ATTR_OPTIMIZATION_METHOD]: 'nelder-mead',
            [ATTR_ERROR_TYPE]: 'RangeError',
          },
          SpanStatusCode.ERROR,
        ),
        span('fit', 40, 40.002, { [OP]: 'fit', [ATTR_JIT_COLD_START]: true }),
        span('load', 50, 51, { [OP]: 'load' }, SpanStatusCode.ERROR),
        span('http', 60, 61, { 'http.route': '/x' }),
      ]),
    );
    expect(r).toEqual({ acceptedPoints: 6, rejectedPoints: 0, droppedPoints: 0, errorMessage: '' });
    const series = store.listSeries({ metric: METRIC_OPERATION_DURATION });
    expect(series.map((s) => s.attributes)).toEqual([
      { [OP]: 'fit', [ATTR_OPTIMIZATION_METHOD]: 'nelder-mead' },
      { [OP]: 'fit', [ATTR_OPTIMIZATION_METHOD]: 'nelder-mead', [ATTR_ERROR_TYPE]: 'RangeError' },
      { [OP]: 'fit', [ATTR_JIT_COLD_START]: true },
      { [OP]: 'load', [ATTR_ERROR_TYPE]: '_OTHER' },
    ]);
    expect(
      series.every(
        (s) => s.scope.name === SPAN_METRICS_SCOPE && s.kind === 'histogram' && s.unit === 's',
      ),
    ).toBe(true);
    // 0.5 s and 1.5 s: count 2, sum 2.
    expect(store.recentSamples(series[0]!.id, 5)).toEqual([
      expect.objectContaining({ count: 2, value: 2 }),
    ]);
    expect(store.recentSamples(series[1]!.id, 5)).toEqual([
      expect.objectContaining({ count: 1, value: 3 }),
    ]);
    expect(pipeline.counters()).toMatchObject({
      spansReceived: 6,
      spansConverted: 5,
      spansRejected: 0,
    });
  });

  it('puts durations in the registry buckets (upper bound inclusive)', () => {
    const conversion = spansToMetrics(
      tracesRequest([
        span('a', 0, 0.5, { [OP]: 'a' }),
        span('a', 0, 0.51, { [OP]: 'a' }),
        span('a', 0, 7200, { [OP]: 'a' }),
      ]),
      1,
      2,
      () => true,
      () => true,
    );
    const data = conversion.request.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.data;
    expect(data.type).toBe('histogram');
    if (data.type !== 'histogram') return;
    const point = data.points[0]!;
    const expected = new Array<number>(DURATION_BUCKETS_SECONDS.length + 1).fill(0);
    expected[DURATION_BUCKETS_SECONDS.indexOf(0.5)] = 1; // 0.5 is in (0.25, 0.5]
    expected[DURATION_BUCKETS_SECONDS.indexOf(1)] = 1; // 0.51 is in (0.5, 1]
    expected[DURATION_BUCKETS_SECONDS.length] = 1; // 2 h is past the last bound (1 h)
    expect(point.bucketCounts).toEqual(expected);
    expect(point).toMatchObject({
      count: 3,
      min: 0.5,
      max: 7200,
      startTimeUnixNano: 1,
      timeUnixNano: 2,
    });
    expect(data.temporality).toBe(AggregationTemporality.DELTA);
  });

  it('turns accuracy, non-finite and compile-time attributes into their metrics', () => {
    const { store, pipeline } = setup();
    const method = { [ATTR_ACCURACY_METHOD]: 'reference' };
    pipeline.ingestTraces(
      tracesRequest([
        span('fit', 1, 2, {
          [OP]: 'fit',
          ...method,
          [ATTR_ACCURACY_ACHIEVED]: 0.9995,
          [ATTR_ACCURACY_EXPECTED]: 0.999,
        }),
        span('fit', 3, 4, {
          [OP]: 'fit',
          ...method,
          [ATTR_ACCURACY_ACHIEVED]: 0.99,
          [ATTR_ACCURACY_EXPECTED]: 0.999,
        }),
        span('fit', 5, 6, {
          [OP]: 'fit',
          ...method,
          [ATTR_ACCURACY_ACHIEVED]: 0.5,
          [ATTR_ACCURACY_PRESERVED]: true,
        }),
        span('fit', 7, 8, {
          [OP]: 'fit',
          [ATTR_NUMERICAL_NON_FINITE_COUNT]: 3,
          [ATTR_JIT_COMPILE_DURATION]: 0.25,
        }),
        span('fit', 9, 10, { [OP]: 'fit', [ATTR_NUMERICAL_NON_FINITE_COUNT]: 0 }),
      ]),
    );
    const values = (name: string) =>
      store
        .listSeries({ metric: name })
        .map((s) => [s.attributes, store.recentSamples(s.id, 5)!.map((x) => [x.count, x.value])]);
    expect(values(METRIC_ACCURACY_CHECKS)).toEqual([
      [{ [OP]: 'fit', ...method, [ATTR_ACCURACY_PRESERVED]: true }, [[undefined, 2]]],
      [{ [OP]: 'fit', ...method, [ATTR_ACCURACY_PRESERVED]: false }, [[undefined, 1]]],
    ]);
    expect(values(METRIC_ACCURACY_VIOLATIONS)).toEqual([
      [{ [OP]: 'fit', ...method }, [[undefined, 1]]],
    ]);
    expect(values(METRIC_ACCURACY_ACHIEVED)).toEqual([
      [{ [OP]: 'fit', ...method }, [[3, 0.9995 + 0.99 + 0.5]]],
    ]);
    expect(values(METRIC_NON_FINITE_VALUES)).toEqual([[{ [OP]: 'fit' }, [[undefined, 3]]]]);
    expect(values(METRIC_COMPILATION_DURATION)).toEqual([[{ [OP]: 'fit' }, [[1, 0.25]]]]);
  });

  it('rejects spans that end before they start, and still converts the others', () => {
    const { pipeline, store } = setup();
    const r = pipeline.ingestTraces(
      tracesRequest([span('bad', 10, 5, { [OP]: 'x' }), span('ok', 1, 2, { [OP]: 'x' })]),
    );
    expect(r.acceptedPoints).toBe(1);
    expect(r.rejectedPoints).toBe(1);
    expect(r.errorMessage).toMatch(
      /resource_spans\[0\]\.scope_spans\[0\]\.spans\[0\] "bad": end_time_unix_nano .* must be a timestamp not before start_time_unix_nano/,
    );
    expect(store.windowAggregate({ metric: METRIC_OPERATION_DURATION }, 3600)?.count).toBe(1);
  });

  it('stamps derived points with strictly increasing times, so back-to-back requests are not duplicates', () => {
    const { pipeline, store } = setup();
    pipeline.ingestTraces(tracesRequest([span('a', 1, 2, { [OP]: 'a' })]));
    pipeline.ingestTraces(tracesRequest([span('a', 3, 4, { [OP]: 'a' })]));
    const id = store.listSeries({ metric: METRIC_OPERATION_DURATION })[0]!.id;
    expect(store.recentSamples(id, 5)).toHaveLength(2);
    expect(pipeline.counters().dropped.duplicate).toBe(0);
  });

  it("auto: stops converting a resource's spans once it sends the operation metrics itself", () => {
    const { pipeline, store } = setup('auto');
    const sdk = { 'service.name': 'sdk-app' };
    const traceOnly = { 'service.name': 'python-app' };
    const spans = () => [span('fit', 1, 2, { [OP]: 'fit' })];
    pipeline.ingestTraces(tracesRequest(spans(), sdk));
    pipeline.ingestMetrics(
      metricsRequest(
        [
          metric(METRIC_OPERATION_DURATION, {
            type: 'histogram',
            temporality: 1,
            points: [histogramPoint(10, [1], [1, 0], { attributes: { [OP]: 'fit' } })],
          }),
        ],
        sdk,
        { name: '@heterodyne/sdk', version: '0.1.0' },
      ),
    );
    pipeline.ingestTraces(tracesRequest(spans(), sdk));
    pipeline.ingestTraces(tracesRequest(spans(), traceOnly));
    expect(pipeline.counters()).toMatchObject({ spansConverted: 2, spansSkippedAsDuplicate: 1 });
    const derived = store.listSeries({
      metric: METRIC_OPERATION_DURATION,
      scope: SPAN_METRICS_SCOPE,
    });
    expect(derived.map((s) => [s.resource['service.name'], s.points])).toEqual([
      ['sdk-app', 1],
      ['python-app', 1],
    ]);
  });

  it.each([
    ['never', 0],
    ['always', 2],
  ] as const)('%s: converts %i of two spans', (mode, converted) => {
    const { pipeline } = setup(mode);
    pipeline.ingestTraces(
      tracesRequest([span('a', 1, 2, { [OP]: 'a' }), span('b', 1, 2, { [OP]: 'b' })]),
    );
    expect(pipeline.counters().spansConverted).toBe(converted);
  });
});
