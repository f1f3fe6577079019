import { describe, expect, it } from 'vitest';
import { createCorrelationKernel } from '../src/analysis/correlation-kernel.js';
import { frameTimes } from '../src/analysis/experiment.js';
import { fitParameters } from '../src/analysis/fit.js';
import { createObjective } from '../src/analysis/objective.js';
import type { HeterodyneParameters } from '../src/analysis/parameters.js';
import { DEFAULT_EXPERIMENT, DEFAULT_START, DEFAULT_TRUTH } from '../src/analysis/presets.js';
import { robustFit } from '../src/analysis/robust-fit.js';
import { generateDataset } from '../src/analysis/synthetic.js';
import { powerLawPrimitive, sampleFraction } from '../src/analysis/transport.js';

const kernel = createCorrelationKernel(DEFAULT_EXPERIMENT);
const times = [...frameTimes(DEFAULT_EXPERIMENT)];
const FREE = 13;
const dof = (points: number) => points - FREE - 2 * DEFAULT_EXPERIMENT.anglesDegrees.length;

/**
 * How far a fit is from the truth in what the data determines: the integrals of the two
 * transport coefficients and of the velocity from the first frame to every later one
 * (largest relative error), the sample fraction at every frame (largest absolute error), and
 * the flow direction (degrees). The individual power-law parameters are not: over one decade
 * of time `J0 t^alpha + offset` admits a valley of near-equivalent (J0, alpha, offset).
 */
function recovery(p: HeterodyneParameters) {
  const integralError = (of: (q: HeterodyneParameters) => [number, number, number]) => {
    const [a, b, c] = of(p);
    const [ta, tb, tc] = of(DEFAULT_TRUTH);
    const t0 = times[0] as number;
    return Math.max(
      ...times.slice(1).map((t) => {
        const fit = powerLawPrimitive(a, b, c, t) - powerLawPrimitive(a, b, c, t0);
        const truth = powerLawPrimitive(ta, tb, tc, t) - powerLawPrimitive(ta, tb, tc, t0);
        return Math.abs(fit / truth - 1);
      }),
    );
  };
  return {
    transportRef: integralError((q) => [q.j0Ref, q.alphaRef, q.offsetRef]),
    transportSample: integralError((q) => [q.j0Sample, q.alphaSample, q.offsetSample]),
    velocity: integralError((q) => [q.v0, q.beta, q.offsetV]),
    fraction: Math.max(
      ...times.map((t) => Math.abs(sampleFraction(p, t) - sampleFraction(DEFAULT_TRUTH, t))),
    ),
    phi0: Math.abs(p.phi0 - DEFAULT_TRUTH.phi0),
  };
}

/** The stated tolerances of the recovery. */
const TOLERANCE = {
  transportRef: 0.1,
  transportSample: 0.06,
  velocity: 0.03,
  fraction: 0.01,
  phi0: 0.5,
};

function expectRecovered(p: HeterodyneParameters) {
  const r = recovery(p);
  for (const [key, limit] of Object.entries(TOLERANCE)) {
    expect(r[key as keyof typeof r], key).toBeLessThan(limit);
  }
}

describe('fitting the 14-parameter heterodyne model', () => {
  it.each([1, 2])(
    'the classical chi² fit recovers the transport, flow and fraction from a start 10 to 30 percent off (seed %i)',
    (seed) => {
      const data = generateDataset({ truth: DEFAULT_TRUTH, experiment: DEFAULT_EXPERIMENT, seed });
      const fit = fitParameters(createObjective({ dataset: data, kernel }), {
        start: DEFAULT_START,
      });
      expectRecovered(fit.parameters);
      // A correct model with the true noise: chi² per degree of freedom near 1 (sd 0.04).
      const reduced = fit.value / dof(data.c2.length);
      expect(reduced).toBeGreaterThan(0.85);
      expect(reduced).toBeLessThan(1.15);
      // At least as good as the truth in its own objective.
      expect(fit.value).toBeLessThanOrEqual(
        createObjective({ dataset: data, kernel })(DEFAULT_TRUTH),
      );
      // f2 is held (it is degenerate with f0).
      expect(fit.parameters.f2).toBe(DEFAULT_START.f2);
    },
  );

  it('with 2% outliers the Huber IRLS fit stays within tolerance where the chi² fit does not', () => {
    const data = generateDataset({
      truth: DEFAULT_TRUTH,
      experiment: DEFAULT_EXPERIMENT,
      seed: 1,
      outlierFraction: 0.02,
    });
    expect(data.outliers.length).toBeGreaterThan(10);
    const classical = fitParameters(createObjective({ dataset: data, kernel }), {
      start: DEFAULT_START,
    });
    const robust = robustFit({ dataset: data, kernel, start: DEFAULT_START, passes: 5 });
    expectRecovered(robust.parameters);
    expect(recovery(classical.parameters).transportRef).toBeGreaterThan(TOLERANCE.transportRef);
    // Every outlier (25 sigma and more) ends up downweighted.
    for (const k of data.outliers) expect(robust.weights[k]).toBeLessThan(0.1);
  });

  it('keeps the fitted parameters inside the bounds', () => {
    const data = generateDataset({ truth: DEFAULT_TRUTH, experiment: DEFAULT_EXPERIMENT, seed: 4 });
    const upper = { ...DEFAULT_TRUTH, j0Ref: 1e6, alphaRef: 0.9, offsetRef: 1e5, j0Sample: 1e6 };
    const fit = fitParameters(createObjective({ dataset: data, kernel }), {
      start: DEFAULT_START,
      free: ['v0', 'phi0'],
      bounds: {
        lower: { ...DEFAULT_TRUTH, v0: 0, phi0: -90 },
        upper: { ...upper, v0: 20, phi0: 90 },
      },
    });
    expect(fit.parameters.v0).toBeLessThanOrEqual(20);
    expect(fit.parameters.v0).toBeCloseTo(20, 6);
  });
});
