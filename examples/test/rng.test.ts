import { describe, expect, it } from 'vitest';
import { createRng } from '../src/analysis/rng.js';

describe('createRng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const seqA = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(seqA);
  });

  it('draws uniforms in [0, 1) and standard normals with mean 0 and variance 1', () => {
    const rng = createRng(2024);
    const n = 20_000;
    let min = 1;
    let max = 0;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Standard error of the mean is 1/sqrt(n) = 0.007; of the variance, sqrt(2/n) = 0.01.
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.04);
  });
});
