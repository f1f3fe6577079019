import type { Experiment, HeterodyneParameters } from './model.js';

/**
 * A small XPCS experiment: q = 0.01 1/Å, 40 frames 0.5 s apart, four detector sectors from
 * along the flow (0°) to across it (90°), where the heterodyne phase vanishes.
 */
export const DEFAULT_EXPERIMENT: Experiment = {
  q: 0.01,
  frameSeconds: 0.5,
  frames: 40,
  anglesDegrees: [0, 30, 60, 90],
  flowAngleDegrees: 0,
  contrast: 0.3,
  offset: 1,
};

/** Parameters the synthetic data of the examples is generated from. */
export const DEFAULT_TRUTH: HeterodyneParameters = {
  dRef: 800,
  dSample: 3000,
  alpha: 0.15,
  velocity: 40,
  fraction: 0.35,
};

/** A starting guess 25-40% off the truth, as a rough prior estimate would be. */
export const DEFAULT_START: HeterodyneParameters = {
  dRef: 500,
  dSample: 2000,
  alpha: 0,
  velocity: 25,
  fraction: 0.25,
};
