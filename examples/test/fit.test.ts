import { describe, expect, it } from 'vitest';
import { computeG2, createGeometry } from '../src/analysis/correlation.js';
import { classicalObjective, fitParameters, robustObjective } from '../src/analysis/fit.js';
import { PARAMETER_NAMES } from '../src/analysis/model.js';
import type { HeterodyneParameters } from '../src/analysis/model.js';
import { DEFAULT_EXPERIMENT, DEFAULT_START, DEFAULT_TRUTH } from '../src/analysis/presets.js';
import { generateDataset } from '../src/analysis/synthetic.js';

const geometry = createGeometry(DEFAULT_EXPERIMENT);
const model = (p: HeterodyneParameters) => computeG2(p, DEFAULT_EXPERIMENT, geometry);

/** Largest relative error over the parameters (alpha is compared absolutely: it is near 0). */
function worstError(p: HeterodyneParameters): number {
  return Math.max(
    ...PARAMETER_NAMES.map((name) =>
      name === 'alpha'
        ? Math.abs(p.alpha - DEFAULT_TRUTH.alpha)
        : Math.abs(p[name] / DEFAULT_TRUTH[name] - 1),
    ),
  );
}

describe('fits on synthetic data', () => {
  it('the classical chi^2 fit recovers the generating parameters within 3% from a start 25-40% off', () => {
    const data = generateDataset({ truth: DEFAULT_TRUTH, experiment: DEFAULT_EXPERIMENT, seed: 1 });
    const fit = fitParameters(classicalObjective(data, model), { start: DEFAULT_START });
    expect(fit.converged).toBe(true);
    expect(worstError(fit.parameters)).toBeLessThan(0.03);
    // A correct model with correct noise: chi^2 per degree of freedom near 1 (sd sqrt(2/3275)).
    expect(fit.value / (data.g2.length - 5)).toBeGreaterThan(0.9);
    expect(fit.value / (data.g2.length - 5)).toBeLessThan(1.1);
  });

  it('the fit is at least as good as the truth in its own objective', () => {
    const data = generateDataset({ truth: DEFAULT_TRUTH, experiment: DEFAULT_EXPERIMENT, seed: 2 });
    const objective = classicalObjective(data, model);
    const fit = fitParameters(objective, { start: DEFAULT_START });
    expect(fit.value).toBeLessThanOrEqual(objective(DEFAULT_TRUTH));
  });

  it('with 2% outliers the robust Huber fit stays within 3% and beats the classical fit', () => {
    const data = generateDataset({
      truth: DEFAULT_TRUTH,
      experiment: DEFAULT_EXPERIMENT,
      seed: 3,
      outlierFraction: 0.02,
      outlierSize: 0.05,
    });
    expect(data.outliers.length).toBeGreaterThan(30);
    const classical = fitParameters(classicalObjective(data, model), { start: DEFAULT_START });
    const robust = fitParameters(robustObjective(data, model), { start: DEFAULT_START });
    expect(worstError(robust.parameters)).toBeLessThan(0.03);
    expect(worstError(robust.parameters)).toBeLessThan(worstError(classical.parameters));
  });

  it('keeps the fitted parameters inside the bounds', () => {
    const data = generateDataset({ truth: DEFAULT_TRUTH, experiment: DEFAULT_EXPERIMENT, seed: 4 });
    const fit = fitParameters(classicalObjective(data, model), {
      start: DEFAULT_START,
      bounds: {
        lower: { dRef: 1, dSample: 1, alpha: -0.5, velocity: 0, fraction: 0.01 },
        upper: { dRef: 1e4, dSample: 1e4, alpha: 0.5, velocity: 30, fraction: 0.5 },
      },
    });
    expect(fit.parameters.velocity).toBeLessThanOrEqual(30);
    expect(fit.parameters.velocity).toBeCloseTo(30, 6);
  });
});
