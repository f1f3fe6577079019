/**
 * The robust fit: Huber's M-estimator by iteratively reweighted least squares (IRLS).
 *
 * Pass 1 is the classical chi² fit. After each pass, every point's standardized residual
 * `r = (c2 - model) / sigma` is computed (sigma is known, so no scale is estimated) and the
 * point gets the Huber weight `w = min(1, k / |r|)` with `k = 1.345`; the next pass refits all
 * parameters and the per-angle scaling to the weighted chi² from the previous optimum. A
 * point within k standard deviations keeps full weight; an outlier pulls with a bounded
 * force `k |r|` instead of `r²`. The passes stop when no weight moves by more than 1e-3 or
 * after `passes`.
 */
import { HUBER_K } from './chi-squared.js';
import type { CorrelationKernel } from './correlation-kernel.js';
import type { EvaluationCache } from './evaluation-cache.js';
import { fitParameters } from './fit.js';
import type { FitOptions, FitResult } from './fit.js';
import { createObjective } from './objective.js';
import type { HeterodyneParameters } from './parameters.js';
import { solveScaling } from './scaling.js';
import type { Dataset } from './synthetic.js';

/** Options of {@link robustFit}. */
export interface RobustFitOptions extends FitOptions {
  /** The data. */
  readonly dataset: Dataset;
  /** The warmed-up model of the data's experiment. */
  readonly kernel: CorrelationKernel;
  /** Most IRLS passes (the first is the unweighted fit). @default 3 */
  readonly passes?: number;
  /** Huber's tuning constant, in standard deviations. @default 1.345 */
  readonly k?: number;
  /** Evaluation cache, with the context its keys start with. */
  readonly cache?: { readonly cache: EvaluationCache; readonly context: string };
}

/** Outcome of a robust fit. */
export interface RobustFitResult extends FitResult {
  /** IRLS passes run. */
  readonly passes: number;
  /** Points whose final weight is below 1 (residual beyond k standard deviations). */
  readonly downweighted: number;
  /** The final weight of every point. */
  readonly weights: Float64Array;
}

/** Huber IRLS around {@link fitParameters}. */
export function robustFit(options: RobustFitOptions): RobustFitResult {
  const { dataset, kernel } = options;
  const k = options.k ?? HUBER_K;
  const maxPasses = options.passes ?? 3;
  const angles = dataset.experiment.anglesDegrees.length;
  let weights: Float64Array = new Float64Array(dataset.c2.length).fill(1);
  let start: HeterodyneParameters = options.start;
  let result: FitResult | undefined;
  let iterations = 0;
  let evaluations = 0;
  let pass = 0;
  while (pass < maxPasses) {
    pass++;
    const objective = createObjective({
      dataset,
      kernel,
      weights,
      ...(options.cache
        ? { cache: options.cache.cache, cacheContext: `${options.cache.context}|irls${pass}` }
        : {}),
    });
    result = fitParameters(objective, {
      ...options,
      start,
      ...(pass > 1 ? { nelderMead: { initialStep: 0.05, ...options.nelderMead } } : {}),
    });
    iterations += result.iterations;
    evaluations += result.evaluations;
    start = result.parameters;
    const next = huberWeights(result.parameters, dataset, kernel, angles, weights, k);
    const moved = next.some((w, i) => Math.abs(w - (weights[i] as number)) > 1e-3);
    weights = next;
    if (!moved) break;
  }
  const last = result as FitResult;
  return {
    ...last,
    iterations,
    evaluations,
    passes: pass,
    downweighted: weights.reduce((n, w) => n + (w < 1 ? 1 : 0), 0),
    weights,
  };
}

function huberWeights(
  p: HeterodyneParameters,
  dataset: Dataset,
  kernel: CorrelationKernel,
  angles: number,
  current: Float64Array,
  k: number,
): Float64Array {
  const bracket = kernel.evaluate(p);
  const { contrasts, offsets } = solveScaling(bracket, dataset.c2, dataset.sigma, angles, current);
  const pairs = dataset.c2.length / angles;
  const out = new Float64Array(dataset.c2.length);
  for (let i = 0; i < out.length; i++) {
    const a = Math.floor(i / pairs);
    const model = (offsets[a] as number) + (contrasts[a] as number) * (bracket[i] as number);
    const r = Math.abs(((dataset.c2[i] as number) - model) / (dataset.sigma[i] as number));
    out[i] = r <= k ? 1 : k / r;
  }
  return out;
}
