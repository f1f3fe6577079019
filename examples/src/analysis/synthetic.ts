import { referenceBracket } from './reference-model.js';
import type { Experiment } from './experiment.js';
import type { HeterodyneParameters } from './parameters.js';
import { createRng } from './rng.js';
import { scaledModel } from './scaling.js';

/** Measured c2 values of one experiment, in the point layout of `PairLayout`. */
export interface Dataset {
  /** The set-up the values were measured with. */
  readonly experiment: Experiment;
  /** c2 per point (angle-major, then frame pair). */
  readonly c2: Float64Array;
  /** Standard deviation of each point's noise. */
  readonly sigma: Float64Array;
}

/** Options of {@link generateDataset}. */
export interface SyntheticOptions {
  /** Parameters the data is generated from. */
  readonly truth: HeterodyneParameters;
  /** The experiment. */
  readonly experiment: Experiment;
  /** Contrast of each angle. @default 0.3 for every angle */
  readonly contrasts?: readonly number[];
  /** Offset of each angle. @default 1 for every angle */
  readonly offsets?: readonly number[];
  /** RNG seed; the same seed gives the same data. */
  readonly seed: number;
  /** Standard deviation of the Gaussian noise on every point. @default 0.002 */
  readonly noiseSigma?: number;
  /** Fraction of points hit by an outlier (a detector "zinger"), in [0, 1). @default 0 */
  readonly outlierFraction?: number;
  /** Size of an outlier on top of the noise, in units of c2. @default 0.05 */
  readonly outlierSize?: number;
}

/** A synthetic dataset and what went into it. */
export interface SyntheticDataset extends Dataset {
  /** Noise-free model values. */
  readonly clean: Float64Array;
  /** Indices of the points that received an outlier. */
  readonly outliers: readonly number[];
}

/**
 * Generates noisy c2 data from known parameters with the float64 reference model: per-angle
 * scaling, Gaussian noise of standard deviation `noiseSigma`, and on a random
 * `outlierFraction` of the points a positive spike of 0.5 to 1.5 times `outlierSize`.
 */
export function generateDataset(options: SyntheticOptions): SyntheticDataset {
  const { truth, experiment, seed } = options;
  const angles = experiment.anglesDegrees.length;
  const contrasts = options.contrasts ?? new Array<number>(angles).fill(0.3);
  const offsets = options.offsets ?? new Array<number>(angles).fill(1);
  const noiseSigma = options.noiseSigma ?? 0.002;
  const outlierFraction = options.outlierFraction ?? 0;
  const outlierSize = options.outlierSize ?? 0.05;
  const rng = createRng(seed);
  const clean = scaledModel(referenceBracket(truth, experiment), contrasts, offsets);
  const c2 = new Float64Array(clean.length);
  const outliers: number[] = [];
  for (let k = 0; k < clean.length; k++) {
    let value = (clean[k] as number) + noiseSigma * rng.normal();
    if (rng.uniform() < outlierFraction) {
      value += outlierSize * (0.5 + rng.uniform());
      outliers.push(k);
    }
    c2[k] = value;
  }
  return {
    experiment,
    c2,
    sigma: new Float64Array(clean.length).fill(noiseSigma),
    clean,
    outliers,
  };
}
