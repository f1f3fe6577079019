/**
 * The most recent `capacity` values of a stream kept in sorted order as well as in arrival
 * order, so that their median costs O(1) and a push O(capacity) element moves (no sort, no
 * allocation): the rolling medians of the anomaly features on the per-point path.
 */
export class SortedWindow {
  private readonly _arrival: Float64Array;
  private readonly _sorted: Float64Array;
  private _next = 0;
  private _size = 0;

  /** @param capacity how many of the most recent values are kept (>= 1) */
  constructor(readonly capacity: number) {
    this._arrival = new Float64Array(Math.max(1, capacity));
    this._sorted = new Float64Array(Math.max(1, capacity));
  }

  /** How many values are held (at most `capacity`). */
  get size(): number {
    return this._size;
  }

  /** Appends `value` (not NaN), dropping the oldest one when full. */
  push(value: number): void {
    const sorted = this._sorted;
    let n = this._size;
    if (n === this._arrival.length) {
      // Remove the oldest value from the sorted copy.
      const old = this._arrival[this._next]!;
      let at = lowerBound(sorted, n, old);
      if (sorted[at] !== old) at = n - 1; // unreachable for non-NaN values; stay in bounds
      sorted.copyWithin(at, at + 1, n);
      n--;
    } else {
      this._size++;
    }
    const at = lowerBound(sorted, n, value);
    sorted.copyWithin(at + 1, at, n);
    sorted[at] = value;
    this._arrival[this._next] = value;
    this._next = (this._next + 1) % this._arrival.length;
  }

  /** Median of the values held; NaN when empty. */
  median(): number {
    const n = this._size;
    if (n === 0) return Number.NaN;
    const mid = n >> 1;
    return n % 2 === 1 ? this._sorted[mid]! : (this._sorted[mid - 1]! + this._sorted[mid]!) / 2;
  }

  /** Forgets every value. */
  clear(): void {
    this._next = 0;
    this._size = 0;
  }
}

/** First index in `sorted[0..n)` whose value is >= `value`. */
function lowerBound(sorted: Float64Array, n: number, value: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
