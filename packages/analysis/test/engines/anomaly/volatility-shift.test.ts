import { describe, expect, it } from 'vitest';
import { VolatilityShift } from '../../../src/engines/anomaly/volatility-shift.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/** Gaussian noise (Box-Muller) from a seeded uniform source. */
function gaussian(seed: number): () => number {
  const u = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * Runs a volatility shift over `count` step z-scores; returns the smallest tail probability
 * before `from` (past the first 600 points) and from `from` to `from + 64`.
 */
function run(step: (i: number) => number, count: number, from: number) {
  const shift = new VolatilityShift(16, 8192, 128);
  let before = 1;
  let after = 1;
  const dispersions: number[] = [];
  for (let i = 0; i < count; i++) {
    const p = shift.judge(step(i));
    dispersions.push(shift.dispersion);
    if (i >= 600 && i < from) before = Math.min(before, p);
    if (i >= from && i < from + 64) after = Math.min(after, p);
    shift.learn();
  }
  return { before, after, dispersions };
}

describe('volatility shift', () => {
  it('fires when the steps turn three times larger, with no change of level', () => {
    for (const seed of [1, 2, 3]) {
      const noise = gaussian(seed);
      const { before, after } = run((i) => (i < 2000 ? 1 : 3) * noise(), 3000, 2000);
      // Before: about the rarest of ~1,400 ordinary windows (1e-3 or more); after: beyond
      // every window seen, extrapolated down the power-law tail.
      expect(before).toBeGreaterThan(1e-3);
      expect(after).toBeLessThan(3e-4);
      expect(after).toBeLessThan(before / 10);
    }
  });

  it('stays quiet on steady noise, and a lone spike barely moves it', () => {
    for (const seed of [1, 2, 3]) {
      const noise = gaussian(seed);
      const { before, after, dispersions } = run((i) => (i === 2000 ? 1000 : noise()), 3000, 2000);
      // Nothing rarer than the length of the history explains (about 1 / 2,000).
      expect(Math.min(before, after)).toBeGreaterThan(3e-4);
      // The median of 16 normal |z| stays near 0.67; the spike shifts it by one rank at most.
      const steady = dispersions.slice(600);
      expect(Math.min(...steady)).toBeGreaterThan(0.2);
      expect(Math.max(...steady)).toBeLessThan(1.6);
      expect(dispersions[2000]! - dispersions[1999]!).toBeLessThan(0.5);
    }
  });

  it('does not judge a small wobble of a regular series extreme', () => {
    // A noise-free series repeats its steps: every earlier dispersion is 0.8, so a move to
    // 0.9 is beyond everything seen, but far less than sampling alone gives for 16 steps.
    const before = [0.8, 0.8, 1.2, 0.8, 0.8, 1.2, 0.8];
    const after = [0.9, 0.9, 1.2, 0.9, 0.9, 1.2, 0.9];
    const { before: pBefore, after: pAfter } = run(
      (i) => (i < 2000 ? before : after)[i % 7]!,
      3000,
      2000,
    );
    expect(pBefore).toBe(1);
    expect(pAfter).toBe(1);
  });

  it('keeps a single non-finite-sized step finite', () => {
    const shift = new VolatilityShift(4, 8192, 1);
    for (let i = 0; i < 8; i++) shift.judge(1e300);
    expect(Number.isFinite(shift.dispersion)).toBe(true);
  });
});
