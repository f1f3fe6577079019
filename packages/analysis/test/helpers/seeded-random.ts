/** Seeded pseudo-random sources shared by the tests, so every run sees the same values. */

/** mulberry32: a small seeded generator of numbers uniform in [0, 1); the engines' own. */
export { createSeededRandom as seededRandom } from '../../src/stats/seeded-random.js';

/** Deterministic pseudo-random bytes (32-bit LCG from Numerical Recipes), for garbage payloads. */
export function seededBytes(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}
