import { describe, expect, it } from 'vitest';
import {
  budgetRemaining,
  burnRate,
  goodRatio,
  timeToExhaustionSeconds,
} from '../../../src/engines/slo/budget-math.js';
import {
  DEFAULT_BURN_ALERT_WINDOWS,
  burnRateThreshold,
  windowName,
  windowsOf,
} from '../../../src/engines/slo/alert-windows.js';

const DAY = 86_400;

describe('budget arithmetic (values worked by hand)', () => {
  // good, total, objective → good ratio, burn rate, budget remaining
  const cases: [number, number, number, number | undefined, number | undefined, number][] = [
    // 1,000,000 events, 99.9 %: budget 1,000 bad events.
    [1_000_000, 1_000_000, 0.999, 1, 0, 1],
    [999_500, 1_000_000, 0.999, 0.9995, 0.5, 0.5], // 500 bad of 1,000 allowed
    [999_000, 1_000_000, 0.999, 0.999, 1, 0], // exactly spent
    [998_000, 1_000_000, 0.999, 0.998, 2, -1], // 2,000 bad: overspent by one budget
    [980, 1000, 0.999, 0.98, 20, -19], // 2 % errors against 99.9 %: burn 20
    [990, 1000, 0.99, 0.99, 1, 0],
    [85, 100, 0.85, 0.85, 1, 0], // cache hit rate target
    [0, 10, 0.5, 0, 2, -1],
    [0, 0, 0.999, undefined, undefined, 1], // no data: nothing spent, no SLI, no burn
  ];
  it.each(cases)(
    'good %d of %d at objective %d',
    (good, total, objective, ratio, rate, remaining) => {
      const counts = { good, total };
      const r = goodRatio(counts);
      if (ratio === undefined) expect(r).toBeUndefined();
      else expect(r).toBeCloseTo(ratio, 12);
      const b = burnRate(counts, objective);
      if (rate === undefined) expect(b).toBeUndefined();
      else expect(b).toBeCloseTo(rate, 9);
      expect(budgetRemaining(counts, objective)).toBeCloseTo(remaining, 9);
    },
  );

  it('never returns NaN: no budget, negative good, zero total', () => {
    expect(burnRate({ good: 10, total: 10 }, 1)).toBe(0);
    expect(burnRate({ good: 9, total: 10 }, 1)).toBe(Infinity);
    expect(budgetRemaining({ good: 9, total: 10 }, 1)).toBe(-1);
    expect(goodRatio({ good: -5, total: 10 })).toBe(0);
    expect(goodRatio({ good: 15, total: 10 })).toBe(1);
    expect(budgetRemaining({ good: 0, total: 0 }, 0.9)).toBe(1);
  });

  it('time to exhaustion: remaining budget over the burn per second', () => {
    // Half the 30-day budget left, burning at 2x: the whole budget lasts 15 days at 2x, half of it 7.5 days.
    expect(timeToExhaustionSeconds(0.5, 2, 30 * DAY)).toBeCloseTo(7.5 * DAY, 6);
    // Burning at 14.4x with everything left: 30 d / 14.4 = 50 h.
    expect(timeToExhaustionSeconds(1, 14.4, 30 * DAY)).toBeCloseTo(50 * 3600, 6);
    expect(timeToExhaustionSeconds(0, 5, 30 * DAY)).toBe(0);
    expect(timeToExhaustionSeconds(-0.2, 5, 30 * DAY)).toBe(0);
    expect(timeToExhaustionSeconds(0.7, 0, 30 * DAY)).toBeUndefined();
    expect(timeToExhaustionSeconds(0.7, undefined, 30 * DAY)).toBeUndefined();
  });
});

describe('burn alert table', () => {
  it('gives the SRE workbook thresholds for 30 days', () => {
    const t = DEFAULT_BURN_ALERT_WINDOWS.map((r) => burnRateThreshold(r, 30 * DAY));
    expect(t[0]).toBeCloseTo(14.4, 12);
    expect(t[1]).toBeCloseTo(6, 12);
    expect(t[2]).toBeCloseTo(3, 12);
    expect(t[3]).toBeCloseTo(1, 12);
  });

  it.each([
    // period, 1h/2 %, 6h/5 %, 1d/10 %, 3d/10 %
    [7, 3.36, 1.4, 0.7, 7 / 30],
    [28, 13.44, 5.6, 2.8, 28 / 30],
    [90, 43.2, 18, 9, 3],
  ])('scales to a %d-day period', (days, page1, page2, ticket1, ticket2) => {
    const t = DEFAULT_BURN_ALERT_WINDOWS.map((r) => burnRateThreshold(r, days * DAY));
    expect(t[0]).toBeCloseTo(page1, 9);
    expect(t[1]).toBeCloseTo(page2, 9);
    expect(t[2]).toBeCloseTo(ticket1, 9);
    expect(t[3]).toBeCloseTo(ticket2, 9);
  });

  it('names and collects the windows', () => {
    expect(windowsOf(DEFAULT_BURN_ALERT_WINDOWS).map(windowName)).toEqual([
      '5m',
      '30m',
      '1h',
      '2h',
      '6h',
      '1d',
      '3d',
    ]);
    expect(windowName(90)).toBe('90s');
  });
});
