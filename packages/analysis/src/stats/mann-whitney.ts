/**
 * Mann-Whitney U test (Wilcoxon rank-sum), two-sided: exact null distribution for small
 * samples without ties, otherwise the normal approximation with tie correction and
 * continuity correction.
 */
import { normalSf } from './distributions.js';

/** Outcome of a Mann-Whitney U test. */
export interface MannWhitneyResult {
  /** U statistic of the first sample (number of pairs where a > b, ties counting 1/2). */
  u: number;
  /** Two-sided p-value; 1 when either sample is empty. */
  pValue: number;
  /** Whether the p-value comes from the exact distribution. */
  exact: boolean;
  /** Common-language effect size: U / (n1 n2), the probability that a > b (ties 1/2). */
  effect: number;
}

/** Largest n1 · n2 for which the exact distribution is computed (without ties). */
const EXACT_LIMIT = 2_500;

/** Number of ways to reach each U with sizes (m, n), by the standard recurrence. */
function exactUCounts(m: number, n: number): Float64Array {
  // counts[k][u] for sample sizes (i, k) built up; use a 2-D table over (i, j) rolling in i.
  const maxU = m * n;
  // table[j] holds the distribution for (i, j) as an array; build with recurrence
  // f(i, j, u) = f(i-1, j, u - j) + f(i, j-1, u).
  let prev: Float64Array[] = [];
  for (let j = 0; j <= n; j++) {
    const row = new Float64Array(maxU + 1);
    row[0] = 1;
    prev.push(row);
  }
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = [];
    const first = new Float64Array(maxU + 1);
    first[0] = 1;
    cur.push(first);
    for (let j = 1; j <= n; j++) {
      const row = new Float64Array(maxU + 1);
      const up = prev[j]!;
      const left = cur[j - 1]!;
      const limit = i * j;
      for (let u = 0; u <= limit; u++) {
        row[u] = (u >= j ? up[u - j]! : 0) + left[u]!;
      }
      cur.push(row);
    }
    prev = cur;
  }
  return prev[n]!;
}

/** Two-sided Mann-Whitney U test comparing samples `a` and `b` (finite values expected). */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: 0, pValue: 1, exact: true, effect: 0.5 };
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort(
    (x, y) => x.v - y.v,
  );
  const n = n1 + n2;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j + 2) / 2; // average of ranks i+1 .. j+1
    const size = j - i + 1;
    tieTerm += size * size * size - size;
    for (let k = i; k <= j; k++) if (all[k]!.g === 0) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const effect = u / (n1 * n2);
  const meanU = (n1 * n2) / 2;
  if (tieTerm === 0 && n1 * n2 <= EXACT_LIMIT) {
    const counts = exactUCounts(n1, n2);
    let total = 0;
    for (const c of counts) total += c;
    // Two-sided: twice the smaller tail, capped at 1.
    const uLow = Math.min(u, n1 * n2 - u);
    let tail = 0;
    for (let k = 0; k <= uLow; k++) tail += counts[k]!;
    return { u, pValue: Math.min(1, (2 * tail) / total), exact: true, effect };
  }
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (sigma === 0) return { u, pValue: 1, exact: false, effect };
  const z = Math.max(0, Math.abs(u - meanU) - 0.5) / sigma;
  return { u, pValue: Math.min(1, 2 * normalSf(z)), exact: false, effect };
}
