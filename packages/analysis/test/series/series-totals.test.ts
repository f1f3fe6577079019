import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { histogramPoint, manualClock, ms, numberPoint, summaryPoint } from './builders.js';

const { CUMULATIVE, DELTA } = AggregationTemporality;

function store(ringCapacity = 8) {
  const clock = manualClock(100);
  const series = createSeriesStore({ clock, ringCapacity, startTimeMillis: ms(100) });
  const prefix = series.prefix({ 'service.name': 'svc' }, { name: 's', version: '1' });
  return { series, prefix, clock };
}

describe('series totals', () => {
  it('sums every counter increment, also those the ring no longer holds', () => {
    const { series, prefix, clock } = store(8);
    const hits = series.metric(prefix, 'hits', 'counter', '1');
    let expected = 0;
    for (let k = 1; k <= 30; k++) {
      series.writeNumber(
        hits,
        DELTA,
        numberPoint(100 + k, k * 0.5, { start: 99 + k }),
        clock.now(),
      );
      expected += k * 0.5;
    }
    const [info] = series.listSeries({ metric: 'hits' });
    expect(info?.samples).toBe(8);
    // 0.5 * (1 + ... + 30) = 0.5 * 465.
    expect(expected).toBe(232.5);
    expect(series.seriesTotals(info?.id ?? -1)).toEqual({ count: 0, sum: 232.5 });
  });

  it('counts a cumulative counter from its first emitted value, not its reference', () => {
    const { series, prefix, clock } = store();
    const hits = series.metric(prefix, 'hits', 'counter', '1');
    // Started before the store: the first point is a reference only.
    series.writeNumber(hits, CUMULATIVE, numberPoint(110, 40, { start: 50 }), clock.now());
    series.writeNumber(hits, CUMULATIVE, numberPoint(120, 46, { start: 50 }), clock.now());
    series.writeNumber(hits, CUMULATIVE, numberPoint(130, 51, { start: 50 }), clock.now());
    const id = series.listSeries({ metric: 'hits' })[0]?.id ?? -1;
    expect(series.seriesTotals(id)).toEqual({ count: 0, sum: 11 });
  });

  it('keeps observation count and sum of histograms and summaries', () => {
    const { series, prefix, clock } = store(2);
    const dur = series.metric(prefix, 'dur', 'histogram', 's');
    const fit = series.metric(prefix, 'fit', 'summary', 's');
    for (let k = 1; k <= 5; k++) {
      series.writeHistogram(
        dur,
        DELTA,
        histogramPoint(100 + k, [1], [k, 1], { start: 99 + k, sum: k * 2 }),
        clock.now(),
      );
      series.writeSummary(
        fit,
        summaryPoint(100 + k, k * 3, k * 10, {}, { start: 50 }),
        clock.now(),
      );
    }
    const id = (metric: string): number => series.listSeries({ metric })[0]?.id ?? -1;
    // counts (k + 1) for k = 1..5: 20; sums 2k: 30.
    // Bucket (-inf, 1] got k, (1, +inf) got 1 per point.
    expect(series.seriesTotals(id('dur'))).toEqual({
      count: 20,
      sum: 30,
      buckets: { bounds: [1], counts: [15, 5] },
    });
    // Cumulative summary started before the store: 3 -> 15 is an increase of 12, 10 -> 50 of 40.
    expect(series.seriesTotals(id('fit'))).toEqual({ count: 12, sum: 40 });
  });

  it('leaves a NaN increment out of the counter total', () => {
    const { series, prefix, clock } = store();
    const hits = series.metric(prefix, 'hits', 'counter', '1');
    series.writeNumber(hits, DELTA, numberPoint(110, 4, { start: 109 }), clock.now());
    series.writeNumber(hits, DELTA, numberPoint(120, NaN, { start: 119 }), clock.now());
    series.writeNumber(hits, DELTA, numberPoint(130, 2, { start: 129 }), clock.now());
    const id = series.listSeries({ metric: 'hits' })[0]?.id ?? -1;
    expect(series.seriesTotals(id)).toEqual({ count: 0, sum: 6 });
  });

  it('has no totals for gauges, up-down counters and unknown ids', () => {
    const { series, prefix, clock } = store();
    const temp = series.metric(prefix, 'temp', 'gauge', 'Cel');
    const level = series.metric(prefix, 'level', 'updowncounter', '1');
    series.writeNumber(temp, 0, numberPoint(110, 21), clock.now());
    series.writeNumber(level, DELTA, numberPoint(110, 3, { start: 109 }), clock.now());
    for (const info of series.listSeries()) expect(series.seriesTotals(info.id)).toBeUndefined();
    expect(series.seriesTotals(12345)).toBeUndefined();
  });

  it('carries totals through snapshot and restore', () => {
    const { series, prefix, clock } = store(4);
    const hits = series.metric(prefix, 'hits', 'counter', '1');
    for (let k = 1; k <= 10; k++) {
      series.writeNumber(hits, DELTA, numberPoint(100 + k, k, { start: 99 + k }), clock.now());
    }
    const id = series.listSeries({ metric: 'hits' })[0]?.id ?? -1;
    const restored = createSeriesStore({ clock, ringCapacity: 4, startTimeMillis: ms(100) });
    const result = restored.restore(JSON.parse(JSON.stringify(series.snapshot())));
    expect(result.ok).toBe(true);
    expect(restored.seriesTotals(id)).toEqual({ count: 0, sum: 55 });
  });
});
