import { computeG2, createGeometry } from './correlation.js';
import type { Experiment, HeterodyneParameters } from './model.js';
import { createRng } from './rng.js';

/** Measured g2 values of one experiment, in the point layout of `PairLayout`. */
export interface Dataset {
  /** The set-up the values were measured with. */
  readonly experiment: Experiment;
  /** g2 per point (angle-major, then frame pair). */
  readonly g2: Float64Array;
  /** Standard deviation of each point's noise. */
  readonly sigma: Float64Array;
}

/** Options of {@link generateDataset}. */
export interface SyntheticOptions {
  /** Parameters the data is generated from. */
  readonly truth: HeterodyneParameters;
  /** The experiment. */
  readonly experiment: Experiment;
  /** RNG seed; the same seed gives the same data. */
  readonly seed: number;
  /** Standard deviation of the Gaussian noise added to every point. @default 0.002 */
  readonly noiseSigma?: number;
  /**
   * Fraction of points hit by an outlier (a detector artefact such as a cosmic-ray "zinger"),
   * in [0, 1). @default 0
   */
  readonly outlierFraction?: number;
  /** Size of an outlier, added on top of the noise, in units of g2. @default 0.05 */
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
 * Generates noisy g2 data from known parameters: the model, plus Gaussian noise of standard
 * deviation `noiseSigma`, plus, on a random `outlierFraction` of the points, a positive
 * spike of between 0.5 and 1.5 times `outlierSize`.
 */
export function generateDataset(options: SyntheticOptions): SyntheticDataset {
  const { truth, experiment, seed } = options;
  const noiseSigma = options.noiseSigma ?? 0.002;
  const outlierFraction = options.outlierFraction ?? 0;
  const outlierSize = options.outlierSize ?? 0.05;
  const rng = createRng(seed);
  const clean = computeG2(truth, experiment, createGeometry(experiment));
  const g2 = new Float64Array(clean.length);
  const outliers: number[] = [];
  for (let k = 0; k < clean.length; k++) {
    let value = (clean[k] ?? 0) + noiseSigma * rng.normal();
    if (rng.uniform() < outlierFraction) {
      value += outlierSize * (0.5 + rng.uniform());
      outliers.push(k);
    }
    g2[k] = value;
  }
  return {
    experiment,
    g2,
    sigma: new Float64Array(clean.length).fill(noiseSigma),
    clean,
    outliers,
  };
}
