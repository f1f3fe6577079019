import { chiSquared, huberObjective } from './chi-squared.js';
import { PARAMETER_NAMES, fromVector, toVector } from './model.js';
import type { HeterodyneParameters } from './model.js';
import { nelderMead } from './nelder-mead.js';
import type { NelderMeadOptions } from './nelder-mead.js';
import type { Dataset } from './synthetic.js';

/** Evaluates the model at every data point for some parameters. */
export type ModelFunction = (p: HeterodyneParameters) => Float64Array;

/** An objective to minimize over the parameters. */
export type Objective = (p: HeterodyneParameters) => number;

/** Box constraints on the parameters. */
export interface ParameterBounds {
  /** Lower bounds. */
  readonly lower: HeterodyneParameters;
  /** Upper bounds. */
  readonly upper: HeterodyneParameters;
}

/**
 * Physical bounds: diffusion and velocity non-negative (the model is even in `v`), the
 * exponent away from -1 where the integral of t^alpha diverges at 0, and `fraction <= 0.5`
 * so that "sample" names the weaker component and the component swap cannot happen.
 */
export const DEFAULT_BOUNDS: ParameterBounds = {
  lower: { dRef: 1e-3, dSample: 1e-3, alpha: -0.9, velocity: 0, fraction: 1e-3 },
  upper: { dRef: 1e6, dSample: 1e6, alpha: 0.9, velocity: 1e4, fraction: 0.5 },
};

/**
 * Smallest scale of each parameter: the optimizer works on `parameter / scale`, with the
 * scale taken from the starting value but never below these, so that a start at 0 still
 * gives the simplex a sensible size.
 */
const SCALE_FLOOR: HeterodyneParameters = {
  dRef: 1,
  dSample: 1,
  alpha: 0.1,
  velocity: 1,
  fraction: 0.01,
};

/** Options of {@link fitParameters}. */
export interface FitOptions {
  /** Starting guess. */
  readonly start: HeterodyneParameters;
  /** Box constraints. @default DEFAULT_BOUNDS */
  readonly bounds?: ParameterBounds;
  /**
   * Restarts of the simplex from the best point found, which recovers from a simplex that
   * collapsed early (a known weakness of Nelder–Mead). @default 3
   */
  readonly restarts?: number;
  /** Nelder–Mead settings, in the scaled coordinates (1 = the start's magnitude). */
  readonly nelderMead?: NelderMeadOptions;
}

/** Outcome of a fit. */
export interface FitResult {
  /** Best parameters found. */
  readonly parameters: HeterodyneParameters;
  /** Objective at the best parameters. */
  readonly value: number;
  /** Nelder–Mead iterations, summed over restarts. */
  readonly iterations: number;
  /** Objective evaluations, summed over restarts. */
  readonly evaluations: number;
  /** Whether the last run met its tolerances. */
  readonly converged: boolean;
}

/** Minimizes `objective` over the parameters with bounded, restarted Nelder–Mead. */
export function fitParameters(objective: Objective, options: FitOptions): FitResult {
  const bounds = options.bounds ?? DEFAULT_BOUNDS;
  const startVector = toVector(options.start);
  const scale = PARAMETER_NAMES.map((name, i) =>
    Math.max(Math.abs(startVector[i] ?? 0), SCALE_FLOOR[name]),
  );
  const toScaled = (x: readonly number[]) => x.map((v, i) => v / (scale[i] ?? 1));
  const fromScaled = (u: readonly number[]) => u.map((v, i) => v * (scale[i] ?? 1));
  const nmOptions: NelderMeadOptions = {
    initialStep: 0.2,
    xTolerance: 1e-7,
    fTolerance: 1e-9,
    maxEvaluations: 4000,
    maxIterations: 4000,
    ...options.nelderMead,
    lower: toScaled(toVector(bounds.lower)),
    upper: toScaled(toVector(bounds.upper)),
  };
  const scaledObjective = (u: readonly number[]) => objective(fromVector(fromScaled(u)));

  let result = nelderMead(scaledObjective, toScaled(startVector), nmOptions);
  let iterations = result.iterations;
  let evaluations = result.evaluations;
  for (let r = 0; r < (options.restarts ?? 3); r++) {
    const again = nelderMead(scaledObjective, result.x, { ...nmOptions, initialStep: 0.05 });
    iterations += again.iterations;
    evaluations += again.evaluations;
    const improved = again.value < result.value - 1e-9 * Math.abs(result.value);
    if (again.value <= result.value) result = again;
    if (!improved) break;
  }
  return {
    parameters: fromVector(fromScaled(result.x)),
    value: result.value,
    iterations,
    evaluations,
    converged: result.converged,
  };
}

/** The classical least-squares objective: chi^2 of the model against the data. */
export function classicalObjective(data: Dataset, model: ModelFunction): Objective {
  return (p) => chiSquared(data.g2, model(p), data.sigma);
}

/** The robust objective: twice the summed Huber loss of the standardized residuals. */
export function robustObjective(data: Dataset, model: ModelFunction): Objective {
  return (p) => huberObjective(data.g2, model(p), data.sigma);
}
