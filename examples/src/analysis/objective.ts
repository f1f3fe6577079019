/**
 * The objective the fits minimize: the weighted chi² of the data against the model, the
 * per-angle contrast and offset solved by linear least squares at every evaluation.
 */
import type { CorrelationKernel } from './correlation-kernel.js';
import { evaluationKey } from './evaluation-cache.js';
import type { EvaluationCache } from './evaluation-cache.js';
import { toVector } from './parameters.js';
import type { HeterodyneParameters } from './parameters.js';
import { solveScaling } from './scaling.js';
import type { Dataset } from './synthetic.js';

/** An objective to minimize over the parameters. */
export type Objective = (p: HeterodyneParameters) => number;

/** Options of {@link createObjective}. */
export interface ObjectiveOptions {
  /** The data. */
  readonly dataset: Dataset;
  /** The warmed-up model of the data's experiment. */
  readonly kernel: CorrelationKernel;
  /** Extra weight per point (the robust fit's), default 1. */
  readonly weights?: Float64Array;
  /** A cache of evaluations; absent: every evaluation computes. */
  readonly cache?: EvaluationCache;
  /**
   * What the value depends on besides the parameters (dataset, weights version), as part of
   * the cache key. Required with `cache`.
   */
  readonly cacheContext?: string;
}

/** Builds the weighted chi² objective, optionally cached. */
export function createObjective(options: ObjectiveOptions): Objective {
  const { dataset, kernel, weights, cache, cacheContext } = options;
  if (cache !== undefined && cacheContext === undefined) {
    throw new TypeError('createObjective: cacheContext is required with a cache');
  }
  const angles = dataset.experiment.anglesDegrees.length;
  const buffer = new Float32Array(kernel.points);
  const compute = (p: HeterodyneParameters) =>
    solveScaling(kernel.evaluate(p, buffer), dataset.c2, dataset.sigma, angles, weights).chiSquared;
  if (cache === undefined) return compute;
  return (p) =>
    cache.getOrCompute(evaluationKey(cacheContext as string, toVector(p)), () => compute(p));
}
