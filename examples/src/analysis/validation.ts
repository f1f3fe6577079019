/**
 * Validation of untrusted input (an experiment description, a dataset, a starting guess)
 * before any array is sized from it: the security check of the analysis.
 */
import { pointCount } from './experiment.js';
import type { Experiment } from './experiment.js';
import { PARAMETER_NAMES } from './parameters.js';
import type { HeterodyneParameters, ParameterBounds } from './parameters.js';
import type { Dataset } from './synthetic.js';

/** An expected failure is a value. */
export type Validation = { ok: true } | { ok: false; error: string };

/** Limits on untrusted input, so that a malformed file cannot exhaust memory or time. */
export interface InputLimits {
  /** Most frames accepted (pairs grow with its square). @default 2000 */
  readonly maxFrames: number;
  /** Most angles accepted. @default 360 */
  readonly maxAngles: number;
  /** Most data points accepted. @default 5_000_000 */
  readonly maxPoints: number;
}

/** Default {@link InputLimits}. */
export const DEFAULT_LIMITS: InputLimits = {
  maxFrames: 2000,
  maxAngles: 360,
  maxPoints: 5_000_000,
};

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks an experiment: positive finite q and frame time, integer frames, angles, sizes. */
export function validateExperiment(e: Experiment, limits = DEFAULT_LIMITS): Validation {
  for (const key of ['q', 'frameSeconds'] as const) {
    if (!finite(e[key]) || e[key] <= 0) {
      return { ok: false, error: `experiment.${key}: must be a finite number > 0, got ${e[key]}` };
    }
  }
  if (!Number.isInteger(e.frames) || e.frames < 2 || e.frames > limits.maxFrames) {
    return {
      ok: false,
      error: `experiment.frames: must be an integer in [2, ${limits.maxFrames}], got ${e.frames}`,
    };
  }
  if (!Array.isArray(e.anglesDegrees) || e.anglesDegrees.length === 0) {
    return { ok: false, error: 'experiment.anglesDegrees: must be a non-empty array' };
  }
  if (e.anglesDegrees.length > limits.maxAngles) {
    return {
      ok: false,
      error: `experiment.anglesDegrees: at most ${limits.maxAngles} angles, got ${e.anglesDegrees.length}`,
    };
  }
  for (const [i, phi] of e.anglesDegrees.entries()) {
    if (!finite(phi) || Math.abs(phi) > 360) {
      return {
        ok: false,
        error: `experiment.anglesDegrees[${i}]: must be a finite angle in [-360, 360], got ${phi}`,
      };
    }
  }
  if (pointCount(e) > limits.maxPoints) {
    return {
      ok: false,
      error: `experiment: ${pointCount(e)} points exceed the limit of ${limits.maxPoints}`,
    };
  }
  return { ok: true };
}

/** Checks a dataset: a valid experiment, arrays of the implied size, finite c2, sigma > 0. */
export function validateDataset(data: Dataset, limits = DEFAULT_LIMITS): Validation {
  const experiment = validateExperiment(data.experiment, limits);
  if (!experiment.ok) return experiment;
  const expected = pointCount(data.experiment);
  for (const key of ['c2', 'sigma'] as const) {
    if (!(data[key] instanceof Float64Array) || data[key].length !== expected) {
      return {
        ok: false,
        error: `dataset.${key}: must be a Float64Array of ${expected} values, got ${data[key]?.length}`,
      };
    }
  }
  for (let k = 0; k < expected; k++) {
    const c = data.c2[k];
    const s = data.sigma[k];
    if (!finite(c)) return { ok: false, error: `dataset.c2[${k}]: not finite (${c})` };
    if (!finite(s) || s <= 0) {
      return { ok: false, error: `dataset.sigma[${k}]: must be finite and > 0, got ${s}` };
    }
  }
  return { ok: true };
}

/** Checks a starting guess: every parameter finite and inside the bounds. */
export function validateParameters(p: HeterodyneParameters, bounds: ParameterBounds): Validation {
  for (const key of PARAMETER_NAMES) {
    const v = p[key];
    if (!finite(v) || v < bounds.lower[key] || v > bounds.upper[key]) {
      return {
        ok: false,
        error: `parameters.${key}: must be in [${bounds.lower[key]}, ${bounds.upper[key]}], got ${v}`,
      };
    }
  }
  return { ok: true };
}
