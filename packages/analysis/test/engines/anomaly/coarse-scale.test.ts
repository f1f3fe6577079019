import { describe, expect, it } from 'vitest';
import { CoarseScale } from '../../../src/engines/anomaly/coarse-scale.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const STEP = 300_000; // 5 minutes
const T0 = Date.UTC(2025, 0, 1);

/** Gaussian noise (Box-Muller) from a seeded uniform source. */
function gaussian(seed: number): () => number {
  const u = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * Runs a coarse scale of 8-point blocks over `values`; the smallest verdict before `from`
 * (past the first 600 points) and within 100 points from `from`, and every verdict's p.
 */
function run(values: readonly number[], from: number) {
  const coarse = new CoarseScale(8, 4096, 8192, 128);
  let before = 1;
  let after = 1;
  let afterReason: string | undefined;
  const pValues: number[] = [];
  values.forEach((v, i) => {
    const verdict = coarse.judge(v);
    pValues.push(verdict.pValue);
    if (i >= 600 && i < from) before = Math.min(before, verdict.pValue);
    if (i >= from && i < from + 100 && verdict.pValue < after) {
      after = verdict.pValue;
      afterReason = verdict.reason;
    }
    coarse.learn(T0 + i * STEP, v, i >= 32);
  });
  return { before, after, afterReason, pValues };
}

describe('coarse scale', () => {
  it('fires on a shift of the level by two standard deviations of the noise', () => {
    for (const seed of [1, 2, 3]) {
      const noise = gaussian(seed);
      const values = Array.from({ length: 3000 }, (_, i) => 50 + (i < 2000 ? 0 : 2) + noise());
      const { before, after, afterReason } = run(values, 2000);
      expect(before).toBeGreaterThan(1e-4);
      expect(after).toBeLessThan(3e-5);
      expect(['spike', 'sudden_change', 'level_shift']).toContain(afterReason);
    }
  });

  it('stays quiet on steady noise', () => {
    for (const seed of [1, 2, 3]) {
      const noise = gaussian(seed);
      const values = Array.from({ length: 3000 }, () => 50 + noise());
      const { before, after } = run(values, 2000);
      expect(Math.min(before, after)).toBeGreaterThan(1e-4);
    }
  });

  it('judges only the points that complete a block of 8', () => {
    const noise = gaussian(4);
    const values = Array.from({ length: 2000 }, (_, i) => 50 + (i === 1600 ? 40 : 0) + noise());
    const { pValues } = run(values, 1600);
    pValues.forEach((p, i) => {
      if (i % 8 !== 7) expect(p).toBe(1);
    });
    // The spike reaches the coarse scale through its block's mean (points 1600-1607).
    expect(pValues[1607]).toBeLessThan(1e-4);
    expect(pValues.slice(600).filter((p) => p < 1).length).toBeGreaterThan(20);
  });

  it('follows the period of the original scale when it is a whole number of blocks', () => {
    const coarse = new CoarseScale(8, 4096, 8192, 128);
    coarse.followPeriod(288); // a day of 5-minute points: 36 blocks
    expect(coarse.period).toBe(36);
    coarse.followPeriod(60); // an hour of 1-minute points: 7.5 blocks, no phase lines up
    expect(coarse.period).toBe(0);
    coarse.followPeriod(8); // one block: no cycle at the coarse scale
    expect(coarse.period).toBe(0);
  });
});
