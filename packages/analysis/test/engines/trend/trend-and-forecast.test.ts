import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../../../src/engines/trend/forecast.js';
import { metricPolarity } from '../../../src/engines/trend/metric-polarity.js';
import { analyzeTrend } from '../../../src/engines/trend/trend-analysis.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 6);

function series(n: number, f: (i: number, noise: number) => number, seed = 1) {
  const random = seededRandom(seed);
  const times = Array.from({ length: n }, (_, i) => T0 + i * HOUR);
  const values = times.map((_, i) => f(i, random() - 0.5));
  return { times, values };
}

describe('trend analysis', () => {
  it.each([
    ['response_time', 0.01, 'degrading'],
    ['response_time', -0.01, 'improving'],
    ['accuracy', 0.01, 'improving'],
    ['heterodyne.operation.duration', 0.01, 'degrading'],
    ['widgets', 0.01, 'increasing'],
    ['widgets', -0.01, 'decreasing'],
  ] as const)('names a rising/falling %s (%d per hour) %s', (metric, perHour, direction) => {
    const { times, values } = series(200, (i, e) => 5 + perHour * i + 0.2 * e);
    const r = analyzeTrend(metric, times, values);
    expect(r.direction).toBe(direction);
    expect(r.significant).toBe(true);
    expect(r.slopePerSecond * 3600).toBeCloseTo(perHour, 3);
  });

  it('calls noise stable, and finds a daily cycle in hourly data', () => {
    const { times, values } = series(
      24 * 14,
      (i, e) => 10 + 3 * Math.sin((2 * Math.PI * i) / 24) + e,
    );
    const r = analyzeTrend('response_time', times, values);
    expect(r.direction).toBe('stable');
    expect(r.seasonality?.periodPoints).toBe(24);
    expect(r.seasonality?.periodSeconds).toBe(86_400);
  });

  it('says when there are too few points, and ignores NaN', () => {
    const r = analyzeTrend('x', [T0, T0 + HOUR, T0 + 2 * HOUR], [1, Number.NaN, 3]);
    expect(r.direction).toBe('insufficient_data');
    expect(r.points).toBe(2);
    expect(r.reason).toContain('at least 8');
  });

  it('reads polarity from the SLI definitions and from names', () => {
    expect(metricPolarity('response_time')).toBe('lower_is_better');
    expect(metricPolarity('cache_hit_rate')).toBe('higher_is_better');
    expect(metricPolarity('gpu_memory_bytes')).toBe('lower_is_better');
    expect(metricPolarity('widgets')).toBeUndefined();
  });
});

describe('forecasts', () => {
  it('beats seasonal-naive on a trending daily cycle, and its interval covers the truth', () => {
    const f = (i: number, e: number) => 50 + 0.05 * i + 8 * Math.sin((2 * Math.PI * i) / 24) + e;
    const { times, values } = series(24 * 20, f);
    const r = forecastSeries(times, values, 6 * 3600);
    expect(r.reason).toBeUndefined();
    expect(r.period).toBe(24);
    expect(r.horizonPoints).toBe(6);
    expect(['holt_winters', 'random_forest']).toContain(r.model);
    expect(r.backtest!.relativeToSeasonalNaive).toBeLessThan(1);
    const truth = f(24 * 20 - 1 + 6, 0);
    expect(r.lower).toBeLessThan(truth);
    expect(r.upper).toBeGreaterThan(truth);
    expect(r.targetTimeMillis).toBe(times[times.length - 1]! + 6 * HOUR);
  });

  it('says the series is too short instead of guessing', () => {
    const { times, values } = series(20, (i) => i);
    const r = forecastSeries(times, values, 3600);
    expect(r.model).toBeUndefined();
    expect(r.predictedValue).toBeNaN();
    expect(r.reason).toMatch(/20 points; a 1-step forecast needs at least \d+/);
  });

  it('forecasts a constant series as the constant with a zero-width interval', () => {
    const { times, values } = series(100, () => 7);
    const r = forecastSeries(times, values, 3 * 3600);
    expect(r.predictedValue).toBeCloseTo(7, 9);
    expect(r.upper - r.lower).toBeCloseTo(0, 9);
  });
});
