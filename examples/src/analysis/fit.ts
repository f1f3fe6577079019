/**
 * Bounded, scaled, restarted Nelder–Mead over a chosen subset of the 14 parameters.
 */
import { nelderMead } from './nelder-mead.js';
import type { NelderMeadOptions } from './nelder-mead.js';
import type { Objective } from './objective.js';
import { DEFAULT_BOUNDS, PARAMETER_NAMES, fromVector, toVector } from './parameters.js';
import type { HeterodyneParameters, ParameterBounds, ParameterName } from './parameters.js';

/**
 * The parameters fitted by default: all but `f2`. `f0 exp(f1 (t - f2))` equals
 * `f0 exp(-f1 f2) exp(f1 t)`, so `f0` and `f2` cannot both be determined; `f2` is held at its
 * start and `f0` absorbs the shift.
 */
export const DEFAULT_FREE: readonly ParameterName[] = PARAMETER_NAMES.filter((n) => n !== 'f2');

/**
 * Smallest scale of each parameter: the optimizer works on `parameter / scale`, the scale
 * taken from the start but never below these, so a start at 0 still gives a sensible simplex.
 */
const SCALE_FLOOR: Readonly<Record<ParameterName, number>> = {
  j0Ref: 10,
  alphaRef: 0.1,
  offsetRef: 10,
  j0Sample: 10,
  alphaSample: 0.1,
  offsetSample: 10,
  v0: 1,
  beta: 0.1,
  offsetV: 1,
  f0: 0.05,
  f1: 0.01,
  f2: 1,
  f3: 0.05,
  phi0: 5,
};

/** Options of {@link fitParameters}. */
export interface FitOptions {
  /** Starting guess (also the value of every parameter not in `free`). */
  readonly start: HeterodyneParameters;
  /** The parameters to fit. @default DEFAULT_FREE */
  readonly free?: readonly ParameterName[];
  /** Box constraints. @default DEFAULT_BOUNDS */
  readonly bounds?: ParameterBounds;
  /**
   * Restarts of the simplex from the best point found; they recover from a simplex that
   * collapsed early, a known weakness of Nelder–Mead in many dimensions. @default 4
   */
  readonly restarts?: number;
  /** Nelder–Mead settings, in scaled coordinates (1 = the start's magnitude). */
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

/** Minimizes `objective` over the free parameters within the bounds. */
export function fitParameters(objective: Objective, options: FitOptions): FitResult {
  const bounds = options.bounds ?? DEFAULT_BOUNDS;
  const free = (options.free ?? DEFAULT_FREE).map((name) => {
    const index = PARAMETER_NAMES.indexOf(name);
    if (index < 0) throw new RangeError(`fitParameters: unknown parameter ${String(name)}`);
    return index;
  });
  const base = toVector(options.start);
  const lower = toVector(bounds.lower);
  const upper = toVector(bounds.upper);
  const scale = free.map((i) =>
    Math.max(Math.abs(base[i] as number), SCALE_FLOOR[PARAMETER_NAMES[i] as ParameterName]),
  );
  const full = (u: readonly number[]) => {
    const x = [...base];
    free.forEach((i, k) => (x[i] = (u[k] as number) * (scale[k] as number)));
    return fromVector(x);
  };
  const nmOptions: NelderMeadOptions = {
    initialStep: 0.2,
    xTolerance: 1e-6,
    fTolerance: 1e-7,
    maxEvaluations: 6000,
    maxIterations: 6000,
    ...options.nelderMead,
    lower: free.map((i, k) => (lower[i] as number) / (scale[k] as number)),
    upper: free.map((i, k) => (upper[i] as number) / (scale[k] as number)),
  };
  const scaled = (u: readonly number[]) => objective(full(u));
  const start = free.map((i, k) => (base[i] as number) / (scale[k] as number));

  let result = nelderMead(scaled, start, nmOptions);
  let iterations = result.iterations;
  let evaluations = result.evaluations;
  for (let r = 0; r < (options.restarts ?? 4); r++) {
    const again = nelderMead(scaled, result.x, { ...nmOptions, initialStep: 0.05 });
    iterations += again.iterations;
    evaluations += again.evaluations;
    const improved = again.value < result.value - 1e-9 * Math.abs(result.value);
    if (again.value <= result.value) result = again;
    if (!improved) break;
  }
  return {
    parameters: full(result.x),
    value: result.value,
    iterations,
    evaluations,
    converged: result.converged,
  };
}
