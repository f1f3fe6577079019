import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import type { ExponentialHistogramDataPoint, HistogramDataPoint } from '../../src/otlp/model.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { exponentialPoint, histogramPoint, manualClock, ms } from './builders.js';

const { CUMULATIVE, DELTA } = AggregationTemporality;
/** The OTel SDK's default explicit bounds. */
const SDK_BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

function setup() {
  const clock = manualClock(100);
  const series = createSeriesStore({ clock, startTimeMillis: ms(0) });
  const prefix = series.prefix({ 'service.name': 'svc' }, { name: 's', version: '1' });
  const dur = series.metric(prefix, 'dur', 'histogram', 'ms');
  const exp = series.metric(prefix, 'exp', 'exponential_histogram', 'ms');
  const id = (metric: string): number => series.listSeries({ metric })[0]?.id ?? -1;
  return { series, clock, dur, exp, id };
}

/** A cumulative point with `values` observed since `start` (seconds after T0). */
function cumulative(time: number, values: number[], bounds = SDK_BOUNDS): HistogramDataPoint {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const v of values) {
    let k = 0;
    while (k < bounds.length && v > (bounds[k] as number)) k++;
    counts[k] = (counts[k] as number) + 1;
  }
  return {
    ...histogramPoint(time, bounds, counts, {
      start: 10,
      sum: values.reduce((a, b) => a + b, 0),
    }),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

describe('quantiles respect the observed min and max', () => {
  it('gives 420 for a single observation of 420 sent as a cumulative histogram', () => {
    const { series, clock, dur, id } = setup();
    series.writeHistogram(dur, CUMULATIVE, cumulative(20, [420]), clock.now());
    for (const q of [0, 0.5, 0.99, 1]) expect(series.quantile(id('dur'), q, 300)).toBe(420);
  });

  it('gives 1 when every value is exactly 1, across cumulative deltas', () => {
    const { series, clock, dur, id } = setup();
    const bounds = [0, 0.5, 1, 2];
    series.writeHistogram(dur, CUMULATIVE, cumulative(20, [1, 1, 1], bounds), clock.now());
    series.writeHistogram(dur, CUMULATIVE, cumulative(40, [1, 1, 1, 1, 1], bounds), clock.now());
    for (const q of [0.01, 0.5, 0.99]) expect(series.quantile(id('dur'), q, 300)).toBe(1);
  });

  it('keeps every quantile of a delta stream within the cumulative min and max', () => {
    const { series, clock, dur, id } = setup();
    series.writeHistogram(dur, CUMULATIVE, cumulative(20, [260, 300]), clock.now());
    // The next delta adds 270 and 280: its bucket (250, 500] is bounded by the window's max.
    series.writeHistogram(dur, CUMULATIVE, cumulative(40, [260, 300, 270, 280]), clock.now());
    const p99 = series.quantile(id('dur'), 0.99, 300) ?? NaN;
    const p01 = series.quantile(id('dur'), 0.01, 300) ?? NaN;
    expect(p99).toBeLessThanOrEqual(300);
    expect(p01).toBeGreaterThanOrEqual(260);
  });

  it('gives the single value of a delta exponential histogram', () => {
    const { series, clock, exp, id } = setup();
    const point: ExponentialHistogramDataPoint = {
      ...exponentialPoint(20, 3, 69, [1], { start: 19, sum: 420 }),
      min: 420,
      max: 420,
    };
    series.writeExponentialHistogram(exp, DELTA, point, clock.now());
    expect(series.quantile(id('exp'), 0.99, 300)).toBe(420);
    expect(series.quantile(id('exp'), 0.5, 300)).toBe(420);
  });
});
