import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS } from '../src/analysis/parameters.js';
import { DEFAULT_EXPERIMENT, DEFAULT_START, DEFAULT_TRUTH } from '../src/analysis/presets.js';
import { generateDataset } from '../src/analysis/synthetic.js';
import {
  validateDataset,
  validateExperiment,
  validateParameters,
} from '../src/analysis/validation.js';

const data = generateDataset({ truth: DEFAULT_TRUTH, experiment: DEFAULT_EXPERIMENT, seed: 1 });

describe('input validation', () => {
  it('accepts the synthetic dataset and the default start', () => {
    expect(validateDataset(data)).toEqual({ ok: true });
    expect(validateParameters(DEFAULT_START, DEFAULT_BOUNDS)).toEqual({ ok: true });
  });

  it('names what is wrong with an experiment before sizing anything from it', () => {
    expect(validateExperiment({ ...DEFAULT_EXPERIMENT, q: -1 })).toEqual({
      ok: false,
      error: 'experiment.q: must be a finite number > 0, got -1',
    });
    expect(validateExperiment({ ...DEFAULT_EXPERIMENT, frames: 1e9 })).toEqual({
      ok: false,
      error: 'experiment.frames: must be an integer in [2, 2000], got 1000000000',
    });
    expect(validateExperiment({ ...DEFAULT_EXPERIMENT, anglesDegrees: [0, Number.NaN] })).toEqual({
      ok: false,
      error: 'experiment.anglesDegrees[1]: must be a finite angle in [-360, 360], got NaN',
    });
    expect(
      validateExperiment(
        { ...DEFAULT_EXPERIMENT, frames: 2000 },
        { maxFrames: 2000, maxAngles: 360, maxPoints: 1000 },
      ),
    ).toEqual({ ok: false, error: 'experiment: 7996000 points exceed the limit of 1000' });
  });

  it('finds a non-finite value or a wrong-sized array in a dataset', () => {
    const c2 = data.c2.slice();
    c2[17] = Number.POSITIVE_INFINITY;
    expect(validateDataset({ ...data, c2 })).toEqual({
      ok: false,
      error: 'dataset.c2[17]: not finite (Infinity)',
    });
    expect(validateDataset({ ...data, sigma: new Float64Array(3) })).toEqual({
      ok: false,
      error: 'dataset.sigma: must be a Float64Array of 1104 values, got 3',
    });
  });

  it('refuses a start outside the bounds', () => {
    expect(validateParameters({ ...DEFAULT_START, f3: 2 }, DEFAULT_BOUNDS)).toEqual({
      ok: false,
      error: 'parameters.f3: must be in [0, 1], got 2',
    });
  });
});
