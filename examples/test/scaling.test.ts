import { describe, expect, it } from 'vitest';
import { scaledModel, solveScaling } from '../src/analysis/scaling.js';

describe('per-angle contrast and offset by least squares', () => {
  it('recovers the scaling of noise-free data exactly, angle by angle', () => {
    const bracket = [1, 0.5, 0.25, 0.1, 0.9, 0.3];
    const c2 = scaledModel(bracket, [0.3, 0.2], [1, 1.05]);
    const fit = solveScaling(bracket, c2, new Array(6).fill(0.01), 2);
    expect([...fit.contrasts].map((c) => +c.toFixed(12))).toEqual([0.3, 0.2]);
    expect([...fit.offsets].map((o) => +o.toFixed(12))).toEqual([1, 1.05]);
    expect(fit.chiSquared).toBeLessThan(1e-20);
  });

  it('solves the weighted normal equations (hand-worked: a line through three points)', () => {
    // y = [1, 2, 4] at x = [0, 1, 2], equal weights: slope 1.5, intercept 5/6;
    // residuals [1/6, -1/3, 1/6], chi² = (1/36 + 1/9 + 1/36) / sigma² with sigma = 1.
    const fit = solveScaling([0, 1, 2], [1, 2, 4], [1, 1, 1], 1);
    expect(fit.contrasts[0]).toBeCloseTo(1.5, 12);
    expect(fit.offsets[0]).toBeCloseTo(5 / 6, 12);
    expect(fit.chiSquared).toBeCloseTo(1 / 6, 12);
    // A zero weight removes the third point: the line through the first two.
    const weighted = solveScaling([0, 1, 2], [1, 2, 4], [1, 1, 1], 1, [1, 1, 0]);
    expect(weighted.contrasts[0]).toBeCloseTo(1, 12);
    expect(weighted.chiSquared).toBeCloseTo(0, 12);
  });

  it('names a length mismatch', () => {
    expect(() => solveScaling([1], [1, 2], [1, 1], 1)).toThrow(/length mismatch/);
    expect(() => solveScaling([1, 2, 3], [1, 2, 3], [1, 1, 1], 2)).toThrow(/split into 2 angles/);
  });
});
