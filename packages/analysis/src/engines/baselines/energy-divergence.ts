/**
 * The empirical energy divergence Q̂ of E-Divisive means (Matteson & James, 2014, α = 1)
 * over one window of a (possibly multivariate) series, and the search for the split that
 * maximises it.
 *
 * For a segment Z[s..κ) split at τ into X = Z[s..τ) (n points) and Y = Z[τ..κ) (m points):
 *
 *   Q̂(τ, κ) = 2/(n+m) ΣΣ|X_i − Y_j| − 2m/((n+m)(n−1)) Σ_{i<k}|X_i − X_k|
 *             − 2n/((n+m)(m−1)) Σ_{j<k}|Y_j − Y_k|
 *
 * (the within-sample terms vanish for a sample of one point). The candidate of a segment is
 * the τ of the pair (τ, κ) with the largest Q̂, where κ ranges over every end up to the
 * segment's end: a shorter Y keeps a later change from diluting an earlier one.
 */

/** A proposed split: `index` is the first point of the new segment. */
export interface SplitCandidate {
  /** Index (in the window) of the first point after the change. */
  index: number;
  /** The divergence Q̂ that the split reaches. */
  qhat: number;
}

/**
 * Precomputed within-range distance sums of one window, so that every Q̂(s, τ, κ) costs O(1).
 * `within(a, b)` = Σ_{a<=i<k<b} |Z_i − Z_k|.
 */
export interface EnergyWindow {
  /** Number of points in the window. */
  readonly length: number;
  /** Σ of pairwise distances of the points in [a, b). */
  within(a: number, b: number): number;
  /** Best split of the segment [start, stop) (stop - start >= 2); undefined when shorter. */
  bestSplit(start: number, stop: number): SplitCandidate | undefined;
}

/**
 * Builds the distance sums of `points` (each point one value per dimension; all points of
 * the same dimension, finite). Memory and time O(n²) in the window length. With `scratch`
 * (at least (n + 1)² values) the table lives there instead of a new array: the caller must
 * not use the window once it hands the same scratch to another one. Scanning many short
 * series allocates no table per window that way.
 */
export function createEnergyWindow(
  points: readonly (readonly number[])[],
  scratch?: Float64Array,
): EnergyWindow {
  const n = points.length;
  const size = n + 1;
  // table[a * size + b] = within(a, b) for 0 <= a <= b <= n. Every entry read is written
  // first except within(a, a + 1) = 0, which a reused table must reset.
  const table =
    scratch !== undefined && scratch.length >= size * size
      ? scratch
      : new Float64Array(size * size);
  if (table === scratch) for (let a = 0; a < n; a++) table[a * size + a + 1] = 0;
  // column[a] = Σ_{i=a}^{c-1} d(i, c) for the current c, built from a = c-1 down to 0;
  // within(a, c + 1) = within(a, c) + Σ_{i=a}^{c-1} d(i, c).
  const column = new Float64Array(n + 1);
  if (points.every((p) => p.length === 1)) {
    // Univariate windows (the usual case) read a flat copy: no per-pair array indirection.
    const x = Float64Array.from(points, (p) => p[0]!);
    for (let c = 1; c < n; c++) {
      const xc = x[c]!;
      column[c] = 0;
      for (let a = c - 1; a >= 0; a--) column[a] = column[a + 1]! + Math.abs(x[a]! - xc);
      for (let a = 0; a < c; a++) table[a * size + c + 1] = table[a * size + c]! + column[a]!;
    }
  } else {
    const distance = (i: number, k: number): number => {
      const p = points[i]!;
      const q = points[k]!;
      let ss = 0;
      for (let d = 0; d < p.length; d++) ss += (p[d]! - q[d]!) ** 2;
      return Math.sqrt(ss);
    };
    for (let c = 1; c < n; c++) {
      column[c] = 0;
      for (let a = c - 1; a >= 0; a--) column[a] = column[a + 1]! + distance(a, c);
      for (let a = 0; a < c; a++) table[a * size + c + 1] = table[a * size + c]! + column[a]!;
    }
  }
  const within = (a: number, b: number): number => (b - a < 2 ? 0 : table[a * size + b]!);

  return {
    length: n,
    within,
    bestSplit(start: number, stop: number): SplitCandidate | undefined {
      if (stop - start < 2) return undefined;
      // within(a, a + 1) is 0 in the table, so every within() below is a plain table read.
      let found = false;
      let bestIndex = 0;
      let bestQ = 0;
      const startRow = start * size;
      for (let tau = start + 1; tau < stop; tau++) {
        const nx = tau - start;
        const wx = table[startRow + tau]!;
        const tauRow = tau * size;
        for (let kappa = tau + 1; kappa <= stop; kappa++) {
          const my = kappa - tau;
          const total = nx + my;
          const wy = table[tauRow + kappa]!;
          const cross = table[startRow + kappa]! - wx - wy;
          let q = (2 / total) * cross;
          if (nx > 1) q -= ((2 * my) / (total * (nx - 1))) * wx;
          if (my > 1) q -= ((2 * nx) / (total * (my - 1))) * wy;
          // First maximum in (τ, κ) order wins ties, so results are deterministic.
          if (!found || q > bestQ) {
            found = true;
            bestIndex = tau;
            bestQ = q;
          }
        }
      }
      const best: SplitCandidate | undefined = found
        ? { index: bestIndex, qhat: bestQ }
        : undefined;
      return best;
    },
  };
}
