import type { Experiment } from './experiment.js';
import type { HeterodyneParameters } from './parameters.js';

/**
 * A small XPCS experiment: q = 0.01 1/Å, 24 frames 0.8 s apart (276 frame pairs), four
 * detector sectors, so that the flow direction is seen from both sides.
 */
export const DEFAULT_EXPERIMENT: Experiment = {
  q: 0.01,
  frameSeconds: 0.8,
  frames: 24,
  anglesDegrees: [0, 45, 90, 135],
};

/**
 * Parameters the synthetic data is generated from: a slowly super-diffusive reference, a
 * faster sub-diffusive sample, an accelerating flow at 10° and a sample fraction relaxing from
 * about 0.49 to 0.31 over the measurement.
 */
export const DEFAULT_TRUTH: HeterodyneParameters = {
  j0Ref: 600,
  alphaRef: 0.2,
  offsetRef: 200,
  j0Sample: 2000,
  alphaSample: -0.1,
  offsetSample: 500,
  v0: 30,
  beta: 0.3,
  offsetV: 10,
  f0: 0.3,
  f1: -0.05,
  f2: 0,
  f3: 0.2,
  phi0: 10,
};

/** A starting guess 10-30% off the truth (f2 is held, see `DEFAULT_FREE`). */
export const DEFAULT_START: HeterodyneParameters = {
  j0Ref: 750,
  alphaRef: 0.1,
  offsetRef: 150,
  j0Sample: 1600,
  alphaSample: 0,
  offsetSample: 600,
  v0: 25,
  beta: 0.2,
  offsetV: 12,
  f0: 0.25,
  f1: -0.04,
  f2: 0,
  f3: 0.25,
  phi0: 5,
};
