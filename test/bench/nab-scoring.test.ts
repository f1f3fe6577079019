import { describe, expect, it } from 'vitest';
import {
  NAB_PROFILES,
  nabScore,
  prepareFile,
  probationaryRows,
  scaledSigmoid,
} from '../../bench/lib/nab-scoring.js';

// 1,000 rows one second apart (probation: 150 rows) and one window over rows 500..599.
const TIMES = Array.from({ length: 1000 }, (_, i) => i * 1000);
const WINDOW: Array<[number, number]> = [[500_000, 599_000]];
const file = (detect: (i: number) => boolean) =>
  prepareFile(
    TIMES,
    TIMES.map((_, i) => (detect(i) ? 1 : 0)),
    WINDOW,
  );

describe('NAB scoring', () => {
  it('has the published sigmoid values and probationary period', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3.5)).toBe(-1);
    expect(probationaryRows(1000)).toBe(150);
    expect(probationaryRows(22_695)).toBe(750);
  });

  it('scores a detection at the window start 100 and detecting nothing 0', () => {
    expect(nabScore([file((i) => i === 500)], NAB_PROFILES.standard).score).toBeCloseTo(100, 9);
    expect(nabScore([file(() => false)], NAB_PROFILES.standard).score).toBe(0);
  });

  it('weights a late detection by the sigmoid and counts only the earliest in a window', () => {
    // Row 599 is the window's last: position -(1/100), sigmoid 0.0250 / 0.98661.
    const late = nabScore([file((i) => i === 599)], NAB_PROFILES.standard);
    expect(late.raw).toBeCloseTo(scaledSigmoid(-0.01) / scaledSigmoid(-1), 12);
    const both = nabScore([file((i) => i === 550 || i === 599)], NAB_PROFILES.standard);
    expect(both.raw).toBeCloseTo(scaledSigmoid(-0.5) / scaledSigmoid(-1), 12);
  });

  it('charges A_FP for a detection before any window, less shortly after one, none in probation', () => {
    const before = nabScore([file((i) => i === 300 || i === 500)], NAB_PROFILES.standard);
    expect(before.raw).toBeCloseTo(1 - 0.11, 12);
    // 10 rows after the window (width 100): position 10 / 99.
    const after = nabScore([file((i) => i === 500 || i === 609)], NAB_PROFILES.reward_low_FP_rate);
    expect(after.raw).toBeCloseTo(1 + 0.22 * scaledSigmoid(10 / 99), 12);
    const probation = nabScore([file((i) => i === 100 || i === 500)], NAB_PROFILES.standard);
    expect(probation.raw).toBeCloseTo(1, 12);
  });

  it('chooses the threshold that maximises the total', () => {
    // Score 0.9 on a false positive, 0.5 at the window start: detecting both (threshold
    // 0.5) is worth 1 - 0.11, better than nothing (-1).
    const scores = TIMES.map((_, i) => (i === 300 ? 0.9 : i === 500 ? 0.5 : 0));
    const r = nabScore([prepareFile(TIMES, scores, WINDOW)], NAB_PROFILES.standard);
    expect(r.threshold).toBe(0.5);
    expect(r).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    // Under reward_low_FN_rate a miss costs 2.
    const none = nabScore(
      [
        prepareFile(
          TIMES,
          TIMES.map(() => 0),
          WINDOW,
        ),
      ],
      NAB_PROFILES.reward_low_FN_rate,
    );
    expect(none.raw).toBe(-2);
  });
});
