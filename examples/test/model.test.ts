import { describe, expect, it } from 'vitest';
import { computeG2, createGeometry, geometryKey } from '../src/analysis/correlation.js';
import { createPairLayout, fromVector, pointCount, toVector } from '../src/analysis/model.js';
import type { Experiment, HeterodyneParameters } from '../src/analysis/model.js';
import { DEFAULT_EXPERIMENT, DEFAULT_TRUTH } from '../src/analysis/presets.js';
import { referenceG2, simpson } from '../src/analysis/reference-model.js';

// Three frames 1 s apart at q = 0.1 1/Å: q^2 = 0.01, pairs (1,1) (1,2) (1,3) (2,2) (2,3) (3,3).
const SMALL: Experiment = {
  q: 0.1,
  frameSeconds: 1,
  frames: 3,
  anglesDegrees: [0, 90],
  flowAngleDegrees: 0,
  contrast: 0.2,
  offset: 1,
};

describe('two-component heterodyne g2', () => {
  it('lays out frame pairs i <= j row by row', () => {
    const layout = createPairLayout(3);
    expect(layout.pairs).toBe(6);
    expect([...layout.first]).toEqual([0, 0, 0, 1, 1, 2]);
    expect([...layout.second]).toEqual([0, 1, 2, 1, 2, 2]);
    expect(pointCount(SMALL)).toBe(12);
  });

  it('equals offset + contrast on the diagonal t1 = t2, whatever the parameters', () => {
    const g2 = computeG2(DEFAULT_TRUTH, SMALL, createGeometry(SMALL));
    for (const k of [0, 3, 5, 6, 9, 11]) expect(g2[k]).toBeCloseTo(1.2, 12);
  });

  it('matches values worked out by hand', () => {
    // Equal components (f = 1/2, D = 50 Å²/s, alpha = 0): g1 = exp(-0.01 * 50 * tau) = exp(-tau/2).
    // v = 10*pi Å/s: the phase q*cos(0)*v*tau = pi*tau along the flow, 0 across it (90°).
    const p: HeterodyneParameters = {
      dRef: 50,
      dSample: 50,
      alpha: 0,
      velocity: 10 * Math.PI,
      fraction: 0.5,
    };
    const g2 = computeG2(p, SMALL, createGeometry(SMALL));
    const bracket = (tau: number) => {
      const g1sq = Math.exp(-tau);
      // 1/4 g1^2 + 1/4 g1^2 + 1/2 g1^2 cos(phase)
      return (phase: number) => 0.5 * g1sq + 0.5 * g1sq * Math.cos(phase);
    };
    // tau = 1 along the flow: cos(pi) = -1, the two fields cancel exactly.
    expect(g2[1]).toBeCloseTo(1, 12);
    // tau = 2 along the flow: cos(2 pi) = 1, full constructive interference: 1 + 0.2 e^-2.
    expect(g2[2]).toBeCloseTo(1 + 0.2 * Math.exp(-2), 12);
    // across the flow there is no phase: 1 + 0.2 e^-tau.
    expect(g2[6 + 1]).toBeCloseTo(1 + 0.2 * bracket(1)(0), 12);
    expect(g2[6 + 2]).toBeCloseTo(1 + 0.2 * Math.exp(-2), 12);
  });

  it('integrates a time-dependent diffusion coefficient between the two frame times', () => {
    // alpha = 1: integral_1^2 t dt = 1.5, integral_2^3 t dt = 2.5. Only the reference scatters.
    const p: HeterodyneParameters = { dRef: 10, dSample: 0, alpha: 1, velocity: 0, fraction: 0 };
    const g2 = computeG2(p, SMALL, createGeometry(SMALL));
    // g2 = 1 + 0.2 exp(-2 q^2 D I) with q^2 D = 0.1.
    expect(g2[1]).toBeCloseTo(1 + 0.2 * Math.exp(-0.2 * 1.5), 12);
    expect(g2[4]).toBeCloseTo(1 + 0.2 * Math.exp(-0.2 * 2.5), 12);
    // Two-time: the same lag of 1 s decorrelates more later, as D grows with t.
    expect(g2[4]).toBeLessThan(g2[1] ?? 0);
  });

  it('agrees with the independent reference implementation to 1e-9', () => {
    const fast = computeG2(DEFAULT_TRUTH, DEFAULT_EXPERIMENT, createGeometry(DEFAULT_EXPERIMENT));
    const reference = referenceG2(DEFAULT_TRUTH, DEFAULT_EXPERIMENT);
    expect(fast.length).toBe(reference.length);
    let worst = 0;
    for (let k = 0; k < fast.length; k++) {
      worst = Math.max(worst, Math.abs((fast[k] ?? 0) - (reference[k] ?? 0)));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('integrates polynomials up to cubics exactly with Simpson', () => {
    expect(simpson((t) => t ** 3 - 2 * t, 1, 3, 2)).toBeCloseTo(20 - 8, 12);
    expect(simpson(() => 4, 2, 2)).toBe(0);
  });

  it('keys geometry on everything it depends on and round-trips parameter vectors', () => {
    expect(geometryKey(SMALL)).not.toBe(geometryKey({ ...SMALL, anglesDegrees: [0, 45] }));
    expect(geometryKey(SMALL)).toBe(geometryKey({ ...SMALL, contrast: 0.5 }));
    expect(fromVector(toVector(DEFAULT_TRUTH))).toEqual(DEFAULT_TRUTH);
    expect(() => fromVector([1, 2])).toThrow(/has 2 entries, need 5/);
  });
});
