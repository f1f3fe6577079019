/**
 * The Nelder–Mead downhill simplex method, in the form analysed by Lagarias, Reeds, Wright
 * and Wright, "Convergence properties of the Nelder–Mead simplex method in low dimensions",
 * SIAM J. Optim. 9 (1998): reflection 1, expansion 2, contraction 1/2, shrink 1/2.
 *
 * Bounds are handled by projecting every trial point onto the box. Derivative-free, so it
 * suits objectives such as the Huber loss whose second derivative jumps.
 */

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Step of the initial simplex along each axis (one value for all, or one per axis). @default 0.1 */
  readonly initialStep?: number | readonly number[];
  /** Lower bounds per axis. @default -Infinity */
  readonly lower?: readonly number[];
  /** Upper bounds per axis. @default +Infinity */
  readonly upper?: readonly number[];
  /** Converged when every vertex is within this distance (max norm) of the best. @default 1e-6 */
  readonly xTolerance?: number;
  /** ... and every vertex value within this of the best value. @default 1e-8 */
  readonly fTolerance?: number;
  /** Iteration limit. @default 200 * dimension */
  readonly maxIterations?: number;
  /** Objective evaluation limit. @default 400 * dimension */
  readonly maxEvaluations?: number;
}

/** Outcome of a minimization. */
export interface NelderMeadResult {
  /** The best point found. */
  readonly x: number[];
  /** The objective at `x`. */
  readonly value: number;
  /** Iterations run. */
  readonly iterations: number;
  /** Objective evaluations used. */
  readonly evaluations: number;
  /** Whether the tolerances were met (false: stopped by a limit). */
  readonly converged: boolean;
}

interface Vertex {
  x: number[];
  f: number;
}

/**
 * Minimizes `objective` from `start`. A NaN objective value counts as +Infinity, so the
 * simplex moves away from where the model breaks down.
 */
export function nelderMead(
  objective: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  if (n === 0) throw new RangeError('nelderMead: start must have at least one coordinate');
  const lower = options.lower ?? new Array<number>(n).fill(-Infinity);
  const upper = options.upper ?? new Array<number>(n).fill(Infinity);
  const step = options.initialStep ?? 0.1;
  const xTolerance = options.xTolerance ?? 1e-6;
  const fTolerance = options.fTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 200 * n;
  const maxEvaluations = options.maxEvaluations ?? 400 * n;

  let evaluations = 0;
  const project = (x: number[]): number[] =>
    x.map((v, i) => Math.min(upper[i] ?? Infinity, Math.max(lower[i] ?? -Infinity, v)));
  const evaluate = (x: number[]): Vertex => {
    const p = project(x);
    evaluations++;
    const f = objective(p);
    return { x: p, f: Number.isNaN(f) ? Infinity : f };
  };
  const along = (from: number[], to: number[], t: number): number[] =>
    from.map((v, i) => v + t * ((to[i] ?? 0) - v));

  const simplex: Vertex[] = [evaluate([...start])];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    const s = typeof step === 'number' ? step : (step[i] ?? 0.1);
    // Step inwards when the outward step would leave the box, to keep the simplex full-rank.
    x[i] = (x[i] ?? 0) + ((x[i] ?? 0) + s > (upper[i] ?? Infinity) ? -s : s);
    simplex.push(evaluate(x));
  }

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0] as Vertex;
    const worst = simplex[n] as Vertex;
    const secondWorst = simplex[n - 1] as Vertex;
    if (hasConverged(simplex, xTolerance, fTolerance)) {
      converged = true;
      break;
    }
    iterations++;

    const centroid = new Array<number>(n).fill(0);
    for (let v = 0; v < n; v++) {
      const vx = (simplex[v] as Vertex).x;
      for (let i = 0; i < n; i++) centroid[i] = (centroid[i] ?? 0) + (vx[i] ?? 0) / n;
    }

    const reflected = evaluate(along(centroid, worst.x, -1));
    if (reflected.f < best.f) {
      const expanded = evaluate(along(centroid, worst.x, -2));
      simplex[n] = expanded.f < reflected.f ? expanded : reflected;
      continue;
    }
    if (reflected.f < secondWorst.f) {
      simplex[n] = reflected;
      continue;
    }
    if (reflected.f < worst.f) {
      const outside = evaluate(along(centroid, worst.x, -0.5));
      if (outside.f <= reflected.f) {
        simplex[n] = outside;
        continue;
      }
    } else {
      const inside = evaluate(along(centroid, worst.x, 0.5));
      if (inside.f < worst.f) {
        simplex[n] = inside;
        continue;
      }
    }
    for (let v = 1; v <= n; v++) {
      simplex[v] = evaluate(along(best.x, (simplex[v] as Vertex).x, 0.5));
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  const best = simplex[0] as Vertex;
  return { x: best.x, value: best.f, iterations, evaluations, converged };
}

function hasConverged(simplex: readonly Vertex[], xTolerance: number, fTolerance: number) {
  const best = simplex[0] as Vertex;
  for (let v = 1; v < simplex.length; v++) {
    const vertex = simplex[v] as Vertex;
    if (!(Math.abs(vertex.f - best.f) <= fTolerance)) return false;
    for (let i = 0; i < best.x.length; i++) {
      if (Math.abs((vertex.x[i] ?? 0) - (best.x[i] ?? 0)) > xTolerance) return false;
    }
  }
  return true;
}
