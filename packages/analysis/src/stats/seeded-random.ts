/**
 * Deterministic uniform numbers in [0, 1) from a 32-bit seed (the mulberry32 generator), so
 * that models with random parts (isolation forests, random forests, k-means starts) give the
 * same result for the same data.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `fn` with `Math.random` replaced by a seeded generator and restores it afterwards.
 * Third-party models that draw from `Math.random` (and take no generator) become
 * reproducible this way; `fn` must be synchronous, so nothing else observes the swap.
 */
export function withSeededMathRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = createSeededRandom(seed);
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
