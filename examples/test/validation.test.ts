import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS } from '../src/analysis/fit.js';
import { DEFAULT_EXPERIMENT, DEFAULT_START } from '../src/analysis/presets.js';
import { generateDataset } from '../src/analysis/synthetic.js';
import { DEFAULT_TRUTH } from '../src/analysis/presets.js';
import {
  validateDataset,
  validateExperiment,
  validateParameters,
} from '../src/analysis/validation.js';

describe('input validation', () => {
  it('accepts the default experiment, a generated dataset and the default start', () => {
    expect(validateExperiment(DEFAULT_EXPERIMENT)).toEqual({ ok: true });
    const data = generateDataset({ truth: DEFAULT_TRUTH, experiment: DEFAULT_EXPERIMENT, seed: 5 });
    expect(validateDataset(data)).toEqual({ ok: true });
    expect(validateParameters(DEFAULT_START, DEFAULT_BOUNDS.lower, DEFAULT_BOUNDS.upper)).toEqual({
      ok: true,
    });
  });

  it.each([
    [{ q: -1 }, /experiment.q: must be a finite number > 0, got -1/],
    [{ frameSeconds: Number.NaN }, /experiment.frameSeconds/],
    [{ frames: 2.5 }, /experiment.frames: must be an integer in \[2, 2000\], got 2.5/],
    [{ frames: 1_000_000 }, /experiment.frames/],
    [{ anglesDegrees: [] }, /experiment.anglesDegrees: must be a non-empty array/],
    [{ anglesDegrees: [0, 720] }, /experiment.anglesDegrees\[1\]: must be a finite angle/],
    [{ flowAngleDegrees: Infinity }, /experiment.flowAngleDegrees/],
    [{ anglesDegrees: Array.from({ length: 361 }, () => 0) }, /at most 360 angles, got 361/],
  ])('rejects experiment %o', (patch, message) => {
    const result = validateExperiment({ ...DEFAULT_EXPERIMENT, ...patch });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('rejects point counts over the limit before anything is allocated', () => {
    const result = validateExperiment(
      { ...DEFAULT_EXPERIMENT, frames: 2000 },
      {
        maxFrames: 2000,
        maxAngles: 360,
        maxPoints: 1000,
      },
    );
    expect(!result.ok && result.error).toMatch(/8004000 points exceed the limit of 1000/);
  });

  it('rejects datasets with wrong sizes, non-finite values or bad noise levels', () => {
    const data = generateDataset({ truth: DEFAULT_TRUTH, experiment: DEFAULT_EXPERIMENT, seed: 6 });
    const short = { ...data, g2: data.g2.subarray(1) };
    expect(validateDataset(short)).toEqual({
      ok: false,
      error: 'dataset.g2: must be a Float64Array of 3280 values, got 3279',
    });
    const nan = { ...data, g2: Float64Array.from(data.g2) };
    nan.g2[17] = Number.NaN;
    expect(validateDataset(nan)).toEqual({ ok: false, error: 'dataset.g2[17]: not finite (NaN)' });
    const zeroSigma = { ...data, sigma: Float64Array.from(data.sigma) };
    zeroSigma.sigma[3] = 0;
    expect(validateDataset(zeroSigma)).toEqual({
      ok: false,
      error: 'dataset.sigma[3]: must be finite and > 0, got 0',
    });
  });

  it('rejects starting parameters outside the bounds', () => {
    const result = validateParameters(
      { ...DEFAULT_START, fraction: 0.7 },
      DEFAULT_BOUNDS.lower,
      DEFAULT_BOUNDS.upper,
    );
    expect(result).toEqual({
      ok: false,
      error: 'parameters.fraction: must be in [0.001, 0.5], got 0.7',
    });
  });
});
