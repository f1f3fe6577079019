/**
 * Statistics of a change point: the two sides' means and spreads, Student's t-test between
 * them, and the relative size of the change. For a multivariate series every dimension is
 * tested and the smallest p-value, Bonferroni-corrected for the number of dimensions, stands
 * for the point. Optionally the sample sizes are shrunk for autocorrelated residuals.
 */
import { studentTTestFromStats } from '../../stats/t-tests.js';

/** Statistics of one change point (per the first dimension when there are several). */
export interface ChangePointStats {
  /** Mean before the change (first dimension). */
  meanBefore: number;
  /** Mean after the change (first dimension). */
  meanAfter: number;
  /** Population standard deviation before the change (0 for one point). */
  stdBefore: number;
  /** Population standard deviation after the change (0 for one point). */
  stdAfter: number;
  /** Two-sided p-value of Student's t-test (Bonferroni-corrected over dimensions). */
  pValue: number;
  /**
   * Relative size of the change: max(|after/before − 1|, |before/after − 1|), the largest over
   * dimensions; a side with mean 0 contributes 0 (no relative change is defined).
   */
  magnitude: number;
  /**
   * Standardised size: |after − before| over the pooled standard deviation of the two sides
   * (Cohen's d), the largest over dimensions; Infinity when both sides are constant and differ.
   */
  effectSize: number;
}

interface Side {
  n: number;
  mean: number;
  std: number;
}

interface SideSums extends Side {
  /** Σ of squared residuals about the side's mean. */
  ss: number;
  /** Σ of products of consecutive residuals (lag 1). */
  lagProduct: number;
}

function side(dim: readonly number[], from: number, to: number): SideSums {
  const n = to - from;
  let sum = 0;
  for (let i = from; i < to; i++) sum += dim[i]!;
  const mean = sum / n;
  let ss = 0;
  let lagProduct = 0;
  for (let i = from; i < to; i++) {
    const r = dim[i]! - mean;
    ss += r * r;
    if (i > from) lagProduct += r * (dim[i - 1]! - mean);
  }
  return { n, mean, std: n >= 2 ? Math.sqrt(ss / n) : 0, ss, lagProduct };
}

/** Largest lag-1 autocorrelation used for the effective sample size. */
const MAX_AUTOCORRELATION = 0.99;

/**
 * Lag-1 autocorrelation of the residuals of both sides about their own means, clamped to
 * [0, 0.99]: independent noise gives ~0, a trend or a random walk inside the segments ~1.
 */
function residualAutocorrelation(before: SideSums, after: SideSums): number {
  const ss = before.ss + after.ss;
  if (!(ss > 0)) return 0;
  const rho = (before.lagProduct + after.lagProduct) / ss;
  return Math.min(MAX_AUTOCORRELATION, Math.max(0, rho));
}

/** A side with its size shrunk to the effective number of independent points. */
function effective(s: SideSums, rho: number): Side {
  if (rho === 0) return s;
  return { n: (s.n * (1 - rho)) / (1 + rho), mean: s.mean, std: s.std };
}

function relativeMagnitude(before: number, after: number): number {
  const forward = before === 0 ? 0 : after / before - 1;
  const backward = after === 0 ? 0 : before / after - 1;
  return Math.max(Math.abs(forward), Math.abs(backward));
}

/**
 * Compares the ranges [from, index) and [index, to) of every dimension of `dims`
 * (dimension-major: dims[d][i]). Both ranges must be non-empty.
 */
export function compareSides(
  dims: readonly (readonly number[])[],
  from: number,
  index: number,
  to: number,
  correctAutocorrelation = false,
): ChangePointStats {
  let first: { before: Side; after: Side } | undefined;
  let minP = 1;
  let magnitude = 0;
  let effectSize = 0;
  for (const dim of dims) {
    const before = side(dim, from, index);
    const after = side(dim, index, to);
    first ??= { before, after };
    // The spreads enter the pooled variance as population deviations, the way the published
    // Hunter/Otava detector calls its t-test; the golden cases depend on it.
    // With `correctAutocorrelation`, each side counts as n(1 − ρ)/(1 + ρ) independent points
    // (the AR(1) effective sample size), so trends and slow wander inside the segments do not
    // pass for level shifts.
    const rho = correctAutocorrelation ? residualAutocorrelation(before, after) : 0;
    const p = studentTTestFromStats(effective(before, rho), effective(after, rho)).pValue;
    if (p < minP) minP = p;
    magnitude = Math.max(magnitude, relativeMagnitude(before.mean, after.mean));
    const pooled = Math.sqrt(
      (before.n * before.std ** 2 + after.n * after.std ** 2) / (before.n + after.n),
    );
    const diff = Math.abs(after.mean - before.mean);
    const d = pooled > 0 ? diff / pooled : diff > 0 ? Infinity : 0;
    effectSize = Math.max(effectSize, d);
  }
  const f = first!;
  return {
    meanBefore: f.before.mean,
    meanAfter: f.after.mean,
    stdBefore: f.before.std,
    stdAfter: f.after.std,
    pValue: Math.min(1, minP * dims.length),
    magnitude,
    effectSize,
  };
}
