/**
 * A small seeded random number generator, so that synthetic data (and every test built on
 * it) is the same on every run.
 */

/** A source of uniform numbers in [0, 1) and standard normal numbers. */
export interface Rng {
  /** A uniform number in [0, 1). */
  uniform(): number;
  /** A standard normal number (mean 0, standard deviation 1). */
  normal(): number;
}

/**
 * Mulberry32 (a 32-bit state generator by Tommy Ettinger) for uniforms, and the Box–Muller
 * transform for normals. Not cryptographic; plenty for synthetic data.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spare: number | undefined;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    // 1 - u is in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { uniform, normal };
}
