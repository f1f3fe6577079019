import { describe, expect, it } from 'vitest';
import { createCorrelationKernel } from '../src/analysis/correlation-kernel.js';
import { createPairLayout, pointCount } from '../src/analysis/experiment.js';
import type { Experiment } from '../src/analysis/experiment.js';
import type { HeterodyneParameters } from '../src/analysis/parameters.js';
import { DEFAULT_EXPERIMENT, DEFAULT_TRUTH } from '../src/analysis/presets.js';
import { referenceBracket, simpson } from '../src/analysis/reference-model.js';
import { powerLawPrimitive, sampleFraction } from '../src/analysis/transport.js';

// Three frames 1 s apart at q = 0.1 1/Å (q² = 0.01): pairs (1,2) (1,3) (2,3).
const SMALL: Experiment = { q: 0.1, frameSeconds: 1, frames: 3, anglesDegrees: [0, 90] };

const flat = (over: Partial<HeterodyneParameters>): HeterodyneParameters => ({
  j0Ref: 0,
  alphaRef: 0,
  offsetRef: 0,
  j0Sample: 0,
  alphaSample: 0,
  offsetSample: 0,
  v0: 0,
  beta: 0,
  offsetV: 0,
  f0: 0,
  f1: 0,
  f2: 0,
  f3: 0,
  phi0: 0,
  ...over,
});

describe('the heterodyne two-time correlation', () => {
  it('lays out frame pairs i < j row by row', () => {
    const layout = createPairLayout(3);
    expect([...layout.first]).toEqual([0, 0, 1]);
    expect([...layout.second]).toEqual([1, 2, 2]);
    expect(pointCount(SMALL)).toBe(6);
  });

  it('integrates the power laws in closed form (checked by Simpson quadrature)', () => {
    const h = (t: number) => 600 * t ** 0.2 + 200;
    const closed = powerLawPrimitive(600, 0.2, 200, 7) - powerLawPrimitive(600, 0.2, 200, 2);
    expect(Math.abs(closed / simpson(h, 2, 7) - 1)).toBeLessThan(1e-8);
    expect(powerLawPrimitive(3, 0, 1, 2)).toBe(8); // 3t + t at t = 2
  });

  it('clips the sample fraction to [0, 1]', () => {
    expect(sampleFraction(flat({ f0: 2, f3: 0 }), 1)).toBe(1);
    expect(sampleFraction(flat({ f0: -1, f3: 0.5 }), 1)).toBe(0);
    // f0 exp(f1 (t - f2)) + f3 = 0.2 e^{0.1 (3 - 1)} + 0.1
    expect(sampleFraction(flat({ f0: 0.2, f1: 0.1, f2: 1, f3: 0.1 }), 3)).toBeCloseTo(
      0.2 * Math.exp(0.2) + 0.1,
      14,
    );
  });

  it('reduces to one decaying component when the sample fraction is 0', () => {
    // J_r = 50 Å²/s: q² ∫J dt = 0.01 * 50 * tau = tau / 2, so the bracket is exp(-tau / 2).
    const kernel = createCorrelationKernel(SMALL);
    const m = kernel.evaluate(flat({ offsetRef: 50 }));
    const expected = [0.5, 1, 0.5].map((x) => Math.exp(-x));
    for (const a of [0, 1]) {
      for (let k = 0; k < 3; k++) expect(m[a * 3 + k]).toBeCloseTo(expected[k] as number, 6);
    }
  });

  it('carries the flow in the cross term along the flow only', () => {
    // Equal components (f = 1/2), no decay, v = pi Å/s along phi0 = 0: Phi = 0.1 * pi * tau... so
    // take q = 0.1 and v = 10 pi: Phi = pi * tau. Bracket = (1 + cos Phi) / 2.
    const kernel = createCorrelationKernel(SMALL);
    const m = kernel.evaluate(flat({ f3: 0.5, offsetV: 10 * Math.PI }));
    expect(m[0]).toBeCloseTo(0, 6); // tau = 1 along the flow: the fields cancel
    expect(m[1]).toBeCloseTo(1, 6); // tau = 2: back in phase
    expect(m[3]).toBeCloseTo(1, 6); // 90°: no projected velocity, no phase
    expect(m[4]).toBeCloseTo(1, 6);
  });

  it('agrees with the float64 reference path to single precision', () => {
    const kernel = createCorrelationKernel(DEFAULT_EXPERIMENT);
    const fast = kernel.evaluate(DEFAULT_TRUTH);
    const reference = referenceBracket(DEFAULT_TRUTH, DEFAULT_EXPERIMENT);
    expect(fast).toBeInstanceOf(Float32Array);
    let worst = 0;
    for (let k = 0; k < reference.length; k++) {
      worst = Math.max(worst, Math.abs((fast[k] as number) - (reference[k] as number)));
    }
    expect(worst).toBeLessThan(5e-7);
  });

  it('with a 32-entry phase table errs by far more than the verification tolerance', () => {
    const coarse = createCorrelationKernel(DEFAULT_EXPERIMENT, { phaseTableSize: 32 });
    const fast = coarse.evaluate(DEFAULT_TRUTH);
    const reference = referenceBracket(DEFAULT_TRUTH, DEFAULT_EXPERIMENT);
    const worst = Math.max(...reference.map((r, k) => Math.abs((fast[k] as number) - r)));
    expect(worst).toBeGreaterThan(1e-4);
  });

  it('is even in phi0 - phi', () => {
    const kernel = createCorrelationKernel({ ...SMALL, anglesDegrees: [30] });
    const a = kernel.evaluate({ ...DEFAULT_TRUTH, phi0: 45 });
    const b = kernel.evaluate({ ...DEFAULT_TRUTH, phi0: 15 });
    expect([...a]).toEqual([...b]);
  });

  it('refuses a phase table too small to interpolate', () => {
    expect(() => createCorrelationKernel(SMALL, { phaseTableSize: 2 })).toThrow(/phaseTableSize/);
  });
});
