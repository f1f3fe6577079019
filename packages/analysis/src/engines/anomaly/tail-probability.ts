/**
 * The empirical upper-tail probability P(X >= x) of a stream of non-negative values (such as
 * |z| scores), from a histogram with logarithmic bins, so that a value is judged against how
 * often values that large have happened before in the same stream. Beyond the largest value
 * seen, the tail is extrapolated as a power law (Pareto with index `tailIndex`), so that
 * "twice the worst ever seen" is rarer than "just the worst ever seen".
 *
 * Counts decay by halving once they reach `capacity`, so the estimate follows a changing
 * stream while costing O(bins) memory.
 */
export class TailProbability {
  private readonly _counts: Float64Array;
  private _total = 0;
  private _max = 0;

  /**
   * @param capacity number of (decayed) observations at which all counts are halved
   * @param tailIndex power-law index of the tail beyond the largest value seen
   */
  constructor(
    private readonly _capacity: number,
    private readonly _tailIndex = 4,
  ) {
    this._counts = new Float64Array(BIN_COUNT);
  }

  /** Number of (decayed) observations. */
  get count(): number {
    return this._total;
  }

  /** Adds a non-negative value. */
  add(value: number): void {
    const v = Math.abs(value);
    this._counts[binOf(v)]! += 1;
    this._total += 1;
    if (v > this._max) this._max = v;
    if (this._total >= this._capacity) {
      for (let i = 0; i < BIN_COUNT; i++) this._counts[i]! *= 0.5;
      this._total *= 0.5;
      this._max *= 0.9;
    }
  }

  /**
   * The `q`-quantile (0 <= q <= 1) of the values seen, to the resolution of the bins (the
   * geometric middle of the bin that holds it; 0 when that is the zero bin or nothing was seen).
   */
  quantile(q: number): number {
    if (this._total <= 0) return 0;
    const target = Math.min(1, Math.max(0, q)) * this._total;
    let below = 0;
    for (let i = 0; i < BIN_COUNT; i++) {
      below += this._counts[i]!;
      if (below >= target) return i === 0 ? 0 : Math.pow(2, MIN_LOG2 + (i - 0.5) / PER_OCTAVE);
    }
    return this._max;
  }

  /**
   * P(X >= value), with the current value counted as one more observation (so the result is
   * never below 1 / (n + 1) within the range seen). 1 for an empty history.
   */
  pValue(value: number): number {
    const v = Math.abs(value);
    if (this._total <= 0) return 1;
    const bin = binOf(v);
    // Count the shorter side: the bins below (most values lie in the lower bins) or above.
    // The counts are integers halved a few times, which sum exactly in floating point.
    let above = 0;
    if (bin > BIN_COUNT >> 1) {
      for (let i = bin; i < BIN_COUNT; i++) above += this._counts[i]!;
    } else {
      let below = 0;
      for (let i = 0; i < bin; i++) below += this._counts[i]!;
      above = Math.max(0, this._total - below);
    }
    const p = (above + 1) / (this._total + 1);
    if (v <= this._max || this._max <= 0) return Math.min(1, p);
    return Math.min(1, p * Math.pow(this._max / v, this._tailIndex));
  }
}

// Bins: 0, then 8 per octave from 2^-10 to 2^30 (values beyond go into the end bins).
const MIN_LOG2 = -10;
const MAX_LOG2 = 30;
const PER_OCTAVE = 8;
const BIN_COUNT = 2 + (MAX_LOG2 - MIN_LOG2) * PER_OCTAVE;

function binOf(v: number): number {
  if (!(v > 0)) return 0;
  const b = Math.floor((Math.log2(v) - MIN_LOG2) * PER_OCTAVE) + 1;
  return b < 1 ? 1 : b >= BIN_COUNT ? BIN_COUNT - 1 : b;
}
