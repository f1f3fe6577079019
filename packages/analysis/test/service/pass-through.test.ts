import { describe, expect, it } from 'vitest';
import { toPrometheusFamilies } from '../../src/exporters/prometheus-translate.js';
import { writePrometheusText } from '../../src/exporters/prometheus-text.js';
import { AggregationTemporality } from '../../src/otlp/model.js';
import type {
  HistogramDataPoint,
  Metric,
  ResourceMetrics,
  SummaryDataPoint,
  NumberDataPoint,
} from '../../src/otlp/model.js';
import { createIngestPipeline } from '../../src/pipeline/ingest-pipeline.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { createPassThrough } from '../../src/service/pass-through.js';
import {
  histogramPoint,
  manualClock,
  metric,
  metricsRequest,
  ms,
  numberPoint,
  summaryPoint,
} from '../series/builders.js';

const { DELTA, CUMULATIVE } = AggregationTemporality;

function setup(ringCapacity = 60, cardinalityLimit?: number) {
  const clock = manualClock(0);
  const series = createSeriesStore({ clock, ringCapacity, cardinalityLimit });
  const pipeline = createIngestPipeline({ store: series, clock });
  const passThrough = createPassThrough(series, { startTimeMillis: ms(0) });
  const send = (at: number, ...metrics: Metric[]): void => {
    clock.set(at);
    const result = pipeline.ingestMetrics(metricsRequest(metrics));
    if (result.rejectedPoints > 0) throw new Error(result.errorMessage);
  };
  return { series, passThrough, send };
}

function find(collected: ResourceMetrics[], name: string): Metric {
  for (const rm of collected) {
    for (const sm of rm.scopeMetrics) {
      const m = sm.metrics.find((x) => x.name === name);
      if (m) return m;
    }
  }
  throw new Error(`${name} not passed through`);
}

function onlyPoint<T>(m: Metric): T {
  if (m.data.type === 'empty' || m.data.points.length !== 1)
    throw new Error(`${m.name}: expected one point`);
  return m.data.points[0] as T;
}

describe('pass-through of received metrics', () => {
  it('counts from the start only: samples restored from a checkpoint are not added again', () => {
    const before = setup();
    const deltaSum = (v: number, t: number): Metric =>
      metric('req.delta', {
        type: 'sum',
        temporality: DELTA,
        isMonotonic: true,
        points: [numberPoint(t, v, { start: t - 1 })],
      });
    before.send(10, deltaSum(5, 10));
    before.send(20, deltaSum(7, 20));
    // A restart: a new store restored from the checkpoint, a new pass-through from now.
    const clock = manualClock(30);
    const series = createSeriesStore({ clock });
    expect(series.restore(JSON.parse(JSON.stringify(before.series.snapshot())))).toMatchObject({
      ok: true,
    });
    const pipeline = createIngestPipeline({ store: series, clock });
    const passThrough = createPassThrough(series, { startTimeMillis: ms(30) });
    expect(onlyPoint<NumberDataPoint>(find(passThrough.collect(), 'req.delta')).value).toBe(0);
    clock.set(40);
    pipeline.ingestMetrics(metricsRequest([deltaSum(3, 40)]));
    expect(onlyPoint<NumberDataPoint>(find(passThrough.collect(), 'req.delta'))).toMatchObject({
      value: 3,
      startTimeUnixNano: ms(30) * 1e6,
    });
  });

  it('re-expresses counters as totals since start, from delta and cumulative producers', () => {
    const { passThrough, send } = setup();
    const deltaSum = (v: number, t: number): Metric =>
      metric('req.delta', {
        type: 'sum',
        temporality: DELTA,
        isMonotonic: true,
        points: [numberPoint(t, v, { start: t - 1 })],
      });
    const cumulativeSum = (v: number, t: number): Metric =>
      metric('req.cumulative', {
        type: 'sum',
        temporality: CUMULATIVE,
        isMonotonic: true,
        points: [numberPoint(t, v, { start: 1 })],
      });
    send(10, deltaSum(5, 10), cumulativeSum(10, 10));
    send(20, deltaSum(7, 20), cumulativeSum(25, 20));
    const out = passThrough.collect();
    const delta = find(out, 'req.delta');
    expect(delta.data).toMatchObject({ type: 'sum', temporality: CUMULATIVE, isMonotonic: true });
    // 5 + 7; and the cumulative producer's 10 (started after us, counted whole) + 15.
    expect(onlyPoint<NumberDataPoint>(delta)).toMatchObject({
      value: 12,
      startTimeUnixNano: ms(0) * 1e6,
    });
    expect(onlyPoint<NumberDataPoint>(find(out, 'req.cumulative')).value).toBe(25);
    // Collecting again without new samples changes nothing.
    expect(onlyPoint<NumberDataPoint>(find(passThrough.collect(), 'req.delta')).value).toBe(12);
  });

  it('passes gauges and up-down counters through as their last value', () => {
    const { passThrough, send } = setup();
    const gauge = (v: number, t: number): Metric =>
      metric('temp', { type: 'gauge', points: [numberPoint(t, v)] }, 'Cel');
    const level = (v: number, t: number): Metric =>
      metric('inflight', {
        type: 'sum',
        temporality: CUMULATIVE,
        isMonotonic: false,
        points: [numberPoint(t, v, { start: 1 })],
      });
    send(10, gauge(21.5, 10), level(3, 10));
    send(20, gauge(19.25, 20), level(-2, 20));
    const out = passThrough.collect();
    const temp = find(out, 'temp');
    expect(temp).toMatchObject({ unit: 'Cel', data: { type: 'gauge' } });
    expect(onlyPoint<NumberDataPoint>(temp).value).toBe(19.25);
    expect(find(out, 'inflight').data).toMatchObject({ type: 'sum', isMonotonic: false });
    expect(onlyPoint<NumberDataPoint>(find(out, 'inflight')).value).toBe(-2);
  });

  it('passes histograms through as cumulative histograms with their bucket totals', () => {
    const { passThrough, send } = setup();
    const hist = (t: number, counts: number[], sum: number): Metric =>
      metric(
        'latency',
        {
          type: 'histogram',
          temporality: DELTA,
          points: [histogramPoint(t, [1, 10], counts, { start: t - 1, sum })],
        },
        's',
      );
    send(10, hist(10, [1, 2, 0], 10));
    send(20, hist(20, [0, 0, 1], 20));
    const latency = find(passThrough.collect(), 'latency');
    expect(latency.data.type === 'histogram' && latency.data.temporality).toBe(CUMULATIVE);
    const point = onlyPoint<HistogramDataPoint>(latency);
    expect(point.count).toBe(4);
    expect(point.sum).toBe(30);
    expect(point.explicitBounds).toEqual([1, 10]);
    expect(point.bucketCounts).toEqual([1, 2, 1]);
  });

  it("folds a summary's quantile series back into its point", () => {
    const { passThrough, send } = setup();
    send(
      10,
      metric('fit.duration', {
        type: 'summary',
        points: [summaryPoint(10, 10, 50, { '0.5': 4, '0.99': 9 }, { start: 1 })],
      }),
    );
    const out = passThrough.collect();
    const m = find(out, 'fit.duration');
    expect(m.data.type).toBe('summary');
    expect(onlyPoint<SummaryDataPoint>(m)).toMatchObject({
      count: 10,
      sum: 50,
      quantileValues: [
        { quantile: 0.5, value: 4 },
        { quantile: 0.99, value: 9 },
      ],
    });
    // Only one metric of that name: the quantile gauges do not appear on their own.
    const names = out.flatMap((rm) =>
      rm.scopeMetrics.flatMap((sm) => sm.metrics.map((x) => x.name)),
    );
    expect(names.filter((n) => n === 'fit.duration')).toHaveLength(1);
  });

  it('keeps totals exact when a small ring wraps several times before a render', () => {
    const { passThrough, send } = setup(4);
    let expected = 0;
    for (let t = 1; t <= 13; t++) {
      send(
        t * 10,
        metric('steps', {
          type: 'sum',
          temporality: DELTA,
          isMonotonic: true,
          points: [numberPoint(t * 10, t, { start: t * 10 - 1 })],
        }),
      );
      expected += t;
    }
    expect(onlyPoint<NumberDataPoint>(find(passThrough.collect(), 'steps')).value).toBe(expected);
  });

  it('counts every increment when more points than the ring holds arrive between two renders', () => {
    const { series, passThrough, send } = setup();
    const capacity = series.config.ringCapacity;
    const steps = (t: number, v: number): Metric =>
      metric('steps', {
        type: 'sum',
        temporality: DELTA,
        isMonotonic: true,
        points: [numberPoint(t, v, { start: t - 1 })],
      });
    send(10, steps(10, 1));
    expect(onlyPoint<NumberDataPoint>(find(passThrough.collect(), 'steps')).value).toBe(1);
    const n = capacity + 40;
    for (let k = 1; k <= n; k++) send(10 + k * 10, steps(10 + k * 10, k));
    // 1 before the first render, then 1 + 2 + ... + n.
    const expected = 1 + (n * (n + 1)) / 2;
    expect(onlyPoint<NumberDataPoint>(find(passThrough.collect(), 'steps')).value).toBe(expected);
  });

  it("counts points merged into an overflow stream's newest sample after a render", () => {
    // One regular stream and the overflow stream (the limit counts both).
    const { passThrough, send } = setup(60, 2);
    const jobs = (t: number, v: number, worker: string): Metric =>
      metric('jobs', {
        type: 'sum',
        temporality: DELTA,
        isMonotonic: true,
        points: [numberPoint(t, v, { start: t - 1, attributes: { worker } })],
      });
    const overflowValue = (): number => {
      const m = find(passThrough.collect(), 'jobs');
      if (m.data.type !== 'sum') throw new Error('jobs: expected a sum');
      const point = m.data.points.find((p) => p.attributes['otel.metric.overflow'] === true);
      if (point === undefined) throw new Error('jobs: no overflow point');
      return point.value;
    };
    send(10, jobs(10, 1, 'a'));
    send(20, jobs(20, 2, 'b'));
    expect(overflowValue()).toBe(2);
    // Same point time as the overflow stream's newest sample: merged into it, not appended.
    send(30, jobs(20, 5, 'c'));
    expect(overflowValue()).toBe(7);
  });

  it('renders as Prometheus text through the exporter translation', () => {
    const { passThrough, send } = setup();
    send(
      10,
      metric('solver.iterations', {
        type: 'sum',
        temporality: DELTA,
        isMonotonic: true,
        points: [numberPoint(10, 42, { start: 9 })],
      }),
    );
    const text = writePrometheusText(toPrometheusFamilies(passThrough.collect()).families);
    expect(text).toMatch(/^# TYPE solver_iterations_total counter$/m);
    expect(text).toMatch(
      /^solver_iterations_total\{otel_scope_name="scope",otel_scope_version="1",job="svc"\} 42$/m,
    );
  });
});
