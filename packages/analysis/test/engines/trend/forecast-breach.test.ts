import { describe, expect, it } from 'vitest';
import { findBreach } from '../../../src/engines/trend/forecast-breach.js';
import type { BreachLimits } from '../../../src/engines/trend/forecast-breach.js';
import type { ForecastResult } from '../../../src/engines/trend/forecast.js';
import type { TrendResult } from '../../../src/engines/trend/types.js';

function trend(
  slope: number,
  significant: boolean,
  polarity?: TrendResult['polarity'],
): TrendResult {
  return {
    metric: 'm',
    direction: 'stable',
    ...(polarity ? { polarity } : {}),
    points: 100,
    slopePerSecond: slope,
    relativeChange: 0,
    pValue: significant ? 0.001 : 0.5,
    tau: 0,
    significant,
  };
}

function forecast(predicted: number, half: number): ForecastResult {
  return {
    model: 'holt_winters',
    horizonSeconds: 600,
    horizonPoints: 60,
    predictedValue: predicted,
    lower: predicted - half,
    upper: predicted + half,
    coverage: 0.95,
    targetTimeMillis: 0,
    period: 0,
  };
}

const upper10: BreachLimits = { limit: { upper: 10, source: 'slo:x' } };
const lower10: BreachLimits = { limit: { lower: 10, source: 'slo:y' } };
const band: BreachLimits = { band: { lower: 4, upper: 6 } };

describe('forecast breach', () => {
  it.each([
    // [case, trend, forecast, limits, expected side/confident or undefined]
    [
      'whole interval above an upper limit',
      trend(0, false),
      forecast(12, 1),
      upper10,
      { side: 'upper', confident: true },
    ],
    [
      'prediction above, rising significantly',
      trend(1, true),
      forecast(10.5, 2),
      upper10,
      { side: 'upper', confident: false },
    ],
    [
      'prediction above, no significant trend',
      trend(1, false),
      forecast(10.5, 2),
      upper10,
      undefined,
    ],
    ['prediction below the upper limit', trend(1, true), forecast(9.5, 0.1), upper10, undefined],
    [
      'whole interval below a lower limit',
      trend(0, false),
      forecast(8, 1),
      lower10,
      { side: 'lower', confident: true },
    ],
    [
      'prediction below, falling significantly',
      trend(-1, true),
      forecast(9.5, 2),
      lower10,
      { side: 'lower', confident: false },
    ],
    [
      'lower-is-better: above the band',
      trend(0, false, 'lower_is_better'),
      forecast(7, 0.5),
      band,
      { side: 'upper', confident: true },
    ],
    [
      'lower-is-better: below the band is fine',
      trend(0, false, 'lower_is_better'),
      forecast(3, 0.5),
      band,
      undefined,
    ],
    [
      'higher-is-better: below the band',
      trend(0, false, 'higher_is_better'),
      forecast(3, 0.5),
      band,
      { side: 'lower', confident: true },
    ],
    [
      'unknown polarity: both sides',
      trend(0, false),
      forecast(3, 0.5),
      band,
      { side: 'lower', confident: true },
    ],
    ['inside the band', trend(0, false), forecast(5, 0.5), band, undefined],
  ] as const)('%s', (_name, t, f, limits, expected) => {
    const breach = findBreach(t, f, limits);
    if (expected === undefined) expect(breach).toBeUndefined();
    else expect(breach).toMatchObject(expected);
  });

  it('never breaches on a forecast without numbers', () => {
    expect(findBreach(trend(1, true), forecast(Number.NaN, 1), upper10)).toBeUndefined();
  });
});
