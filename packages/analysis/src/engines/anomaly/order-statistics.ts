/**
 * Median and MAD of `values[0..length)` by selection (expected O(n), no sort), the same
 * figures as a sort-based median: the robust scale trackers' refresh. `values` is reordered;
 * `work` (at least `length` numbers) receives the absolute deviations. Both NaN when empty.
 */
export function selectMedianAndMad(
  values: Float64Array,
  length: number,
  work: Float64Array,
): { median: number; mad: number } {
  if (length <= 0) return { median: Number.NaN, mad: Number.NaN };
  const median = selectMedian(values, length);
  for (let i = 0; i < length; i++) work[i] = Math.abs(values[i]! - median);
  return { median, mad: selectMedian(work, length) };
}

/** Median of `a[0..n)` (n >= 1), reordering `a`. */
export function selectMedian(a: Float64Array, n: number): number {
  const mid = n >> 1;
  select(a, n, mid);
  if (n % 2 === 1) return a[mid]!;
  // After selection every value before `mid` is <= a[mid]: the lower middle is their maximum.
  let below = a[0]!;
  for (let i = 1; i < mid; i++) if (a[i]! > below) below = a[i]!;
  return (below + a[mid]!) / 2;
}

/**
 * Reorders `a[0..n)` so that `a[k]` holds the k-th smallest value, everything before it is <=
 * and everything after it >= (Hoare partitioning around the median of three).
 */
function select(a: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const m = (lo + hi) >> 1;
    // Median of three as the pivot, which also guards both scans.
    if (a[m]! < a[lo]!) swap(a, m, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[m]!) swap(a, hi, m);
    const pivot = a[m]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
