import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../../../src/engines/trend/forecast.js';
import { fitForestForecaster } from '../../../src/engines/trend/forest-forecast.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 6);

function series(n: number, f: (i: number, noise: number) => number, seed = 1) {
  const random = seededRandom(seed);
  const times = Array.from({ length: n }, (_, i) => T0 + i * MINUTE);
  const values = times.map((_, i) => f(i, random() - 0.5));
  return { times, values };
}

// A trending 30-minute cycle: Holt-Winters follows it far better than seasonal-naive.
const cycle = (i: number, e: number) =>
  100 + 0.05 * i + 10 * Math.sin((2 * Math.PI * i) / 30) + 2 * e;
// Noise around a level: the last value (seasonal-naive) and Holt-Winters both chase it; the
// mean of recent values does better.
const level = (_i: number, e: number) => 100 + 3 * e;

/** An AR(1) series around 100 (coefficient 0.8): autocorrelated, no cycle. */
function autoregressive(n: number, seed: number) {
  const random = seededRandom(seed);
  let y = 0;
  const times = Array.from({ length: n }, (_, i) => T0 + i * MINUTE);
  const values = times.map(() => 100 + (y = 0.8 * y + 3 * (random() - 0.5)));
  return { times, values };
}

describe('forecast cost', () => {
  it('leaves the forest out where Holt-Winters already beats seasonal-naive widely', () => {
    const { times, values } = series(300, cycle);
    const r = forecastSeries(times, values, 600);
    expect(r.model).toBe('holt_winters');
    expect(r.backtest!.relativeToSeasonalNaive).toBeLessThan(0.7);
    expect(r.backtest!.meanAbsoluteError.random_forest).toBeUndefined();
    // Tried anyway, the forest does not win: the same model and forecast.
    const always = forecastSeries(times, values, 600, { forestAboveRelativeError: 0 });
    expect(always.backtest!.meanAbsoluteError.random_forest).toBeGreaterThan(
      always.backtest!.meanAbsoluteError.holt_winters!,
    );
    expect(always.model).toBe('holt_winters');
    expect(always.predictedValue).toBe(r.predictedValue);
  });

  it('forecasts noise around a level by its recent mean, without trying the forest', () => {
    for (const seed of [1, 2, 3]) {
      const { times, values } = series(300, level, seed);
      const r = forecastSeries(times, values, 600);
      const mae = r.backtest!.meanAbsoluteError;
      expect(mae.holt_winters! / mae.seasonal_naive!).toBeGreaterThanOrEqual(0.7);
      // No autocorrelation (Ljung-Box): the forest's lag features have nothing to learn.
      expect(mae).not.toHaveProperty('random_forest');
      expect(r.model).toBe('recent_mean');
      expect(r.backtest!.relativeToSeasonalNaive).toBeLessThan(0.9);
      expect(Math.abs(r.predictedValue - 100)).toBeLessThan(1);
      // Tried anyway, the forest does no better than the recent mean (within 5 %).
      const tried = forecastSeries(times, values, 600, { forestIndependenceP: 1 });
      expect(tried.backtest!.meanAbsoluteError.random_forest).toBeGreaterThan(
        0.95 * mae.recent_mean!,
      );
    }
  });

  it('tries the forest on an autocorrelated series Holt-Winters does not forecast widely better', () => {
    for (const seed of [1, 2, 3]) {
      const { times, values } = autoregressive(300, seed);
      const mae = forecastSeries(times, values, 600).backtest!.meanAbsoluteError;
      expect(mae.holt_winters! / mae.seasonal_naive!).toBeGreaterThanOrEqual(0.7);
      expect(mae.random_forest).toBeGreaterThan(0);
    }
  });

  it('leaves the forest out of series shorter than forestMinPoints', () => {
    const { times, values } = autoregressive(90, 1);
    expect(forecastSeries(times, values, 600).backtest!.meanAbsoluteError).not.toHaveProperty(
      'random_forest',
    );
    const r = forecastSeries(times, values, 600, { forestMinPoints: 40 });
    expect(r.backtest!.meanAbsoluteError.random_forest).toBeGreaterThan(0);
  });

  it('trains the forest on the most recent rows only', () => {
    // The target depends on the first feature, and the dependence flips halfway: before
    // origin 150 a high feature is followed by 10, afterwards by 0.
    const n = 300;
    const random = seededRandom(5);
    const features = Array.from({ length: n }, () => [random(), random(), random()]);
    const values = Array.from({ length: n }, (_, i) => {
      if (i === 0) return 0;
      const o = i - 1;
      const high = features[o]![0]! >= 0.5;
      return (o < 150 === high ? 10 : 0) + random() - 0.5;
    });
    const recent = fitForestForecaster(values, features, 1, n, { maxTrainingRows: 100 })!;
    const all = fitForestForecaster(values, features, 1, n, { maxTrainingRows: n })!;
    // Origins after the flip, with a high and a low first feature.
    const highOrigin = [...features.keys()].findLast((o) => features[o]![0]! >= 0.8)!;
    const lowOrigin = [...features.keys()].findLast((o) => features[o]![0]! <= 0.2)!;
    const [recentHigh, recentLow] = recent([highOrigin, lowOrigin]);
    expect(recentHigh).toBeLessThan(2);
    expect(recentLow).toBeGreaterThan(8);
    const [allHigh, allLow] = all([highOrigin, lowOrigin]);
    expect(allHigh).toBeGreaterThan(recentHigh! + 2);
    expect(allLow).toBeLessThan(recentLow! - 2);
  });
});
