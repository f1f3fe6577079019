/** Small numeric helpers shared by the templates and the canary check. */

/** Rounds for evidence (6 significant digits), so stored numbers stay readable. */
export function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}

/** Laplace's rule of succession: the estimated probability after `k` successes in `n`. */
export function succession(k: number, n: number): number {
  return (k + 1) / (n + 2);
}

/** Clamps to [0, 1]. */
export function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
