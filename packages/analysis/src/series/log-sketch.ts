import { sketchMapping } from './sketch-mapping.js';
import type { SketchMapping } from './sketch-mapping.js';

/** Options of a {@link LogSketch}. */
export interface LogSketchOptions {
  /**
   * Relative accuracy `a` of quantiles: a returned quantile is within `a * |x|` of the true
   * value `x` of that rank (for ranks above the collapsed buckets).
   * @default 0.01
   */
  relativeAccuracy?: number;
  /**
   * Most buckets kept. Past it the lowest buckets are collapsed into the lowest kept one,
   * so upper quantiles keep their accuracy and memory stays bounded.
   * @default 128
   */
  maxBuckets?: number;
}

/** The JSON form of a sketch: sort keys and counts as parallel arrays. */
export interface LogSketchJson {
  relativeAccuracy: number;
  maxBuckets: number;
  keys: number[];
  counts: number[];
  count: number;
  sum: number;
  /** `null` when the sketch is empty. */
  min: number | null;
  max: number | null;
}

/**
 * A mergeable relative-error quantile sketch (DDSketch-style, see `sketch-mapping.ts`) with
 * a collapsing-lowest bucket store.
 *
 * Merging is exact: merging two sketches gives the same buckets as one sketch fed with the
 * union of their inputs, whatever the order, because collapsing keeps "the `maxBuckets`
 * highest keys, everything lower added to the lowest of them", and the union's threshold is
 * never below either operand's. Replicas can therefore combine their sketches.
 *
 * Quantiles use the lower-rank definition: `quantile(q)` estimates the element of rank
 * `floor(q * (n - 1))` of the sorted inputs (0-based), clamped to the exact min and max.
 */
export class LogSketch {
  /** The value-to-bucket mapping. */
  readonly mapping: SketchMapping;
  /** Most buckets kept. */
  readonly maxBuckets: number;
  private _keys: number[] = [];
  private _counts: number[] = [];
  private _count = 0;
  private _sum = 0;
  private _min = Infinity;
  private _max = -Infinity;

  constructor(options: LogSketchOptions = {}) {
    this.mapping = sketchMapping(options.relativeAccuracy ?? 0.01);
    const maxBuckets = options.maxBuckets ?? 128;
    if (!Number.isInteger(maxBuckets) || maxBuckets < 2) {
      throw new RangeError(`maxBuckets: must be an integer >= 2, got ${maxBuckets}`);
    }
    this.maxBuckets = maxBuckets;
  }

  /** Total weight added. */
  get count(): number {
    return this._count;
  }
  /** Sum of the values added (weighted). */
  get sum(): number {
    return this._sum;
  }
  /** Exact smallest value added, or NaN when empty. */
  get min(): number {
    return this._count > 0 ? this._min : NaN;
  }
  /** Exact largest value added, or NaN when empty. */
  get max(): number {
    return this._count > 0 ? this._max : NaN;
  }
  /** Number of buckets in use. */
  get bucketCount(): number {
    return this._keys.length;
  }

  /** Adds `value` with integer-or-fractional `weight` (> 0). Non-finite values are ignored. */
  add(value: number, weight = 1): void {
    if (!Number.isFinite(value) || !(weight > 0)) return;
    this.addToBucket(this.mapping.keyOf(value), weight);
    this._count += weight;
    this._sum += value * weight;
    if (value < this._min) this._min = value;
    if (value > this._max) this._max = value;
  }

  /**
   * Adds `weight` to the bucket with sort key `key` without touching count, sum, min or max;
   * callers that add buckets directly account for those with {@link addSummary}.
   */
  addToBucket(key: number, weight: number): void {
    const keys = this._keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo < keys.length && keys[lo] === key) {
      this._counts[lo] = (this._counts[lo] as number) + weight;
      return;
    }
    if (keys.length >= this.maxBuckets) {
      if (lo === 0) {
        // Below every kept bucket: collapses into the lowest one.
        this._counts[0] = (this._counts[0] as number) + weight;
        return;
      }
      // The lowest bucket collapses into the lowest bucket that stays, making room; that
      // is the new key itself when it lands just above the dropped one.
      const collapsed = this._counts[0] as number;
      keys.shift();
      this._counts.shift();
      lo -= 1;
      if (lo === 0) weight += collapsed;
      else this._counts[0] = (this._counts[0] as number) + collapsed;
    }
    keys.splice(lo, 0, key);
    this._counts.splice(lo, 0, weight);
  }

  /** Accounts for weight added through {@link addToBucket}. */
  addSummary(count: number, sum: number, min: number, max: number): void {
    this._count += count;
    if (Number.isFinite(sum)) this._sum += sum;
    if (min < this._min) this._min = min;
    if (max > this._max) this._max = max;
  }

  /** Merges `other` (same relative accuracy) into this sketch. */
  merge(other: LogSketch): void {
    if (other.mapping !== this.mapping) {
      throw new RangeError(
        `cannot merge sketches of relative accuracy ${other.mapping.relativeAccuracy} and ${this.mapping.relativeAccuracy}`,
      );
    }
    // Highest keys first, so collapsing only ever happens below what was already inserted.
    for (let i = other._keys.length - 1; i >= 0; i--) {
      this.addToBucket(other._keys[i] as number, other._counts[i] as number);
    }
    if (other._count > 0) this.addSummary(other._count, other._sum, other._min, other._max);
  }

  /**
   * The estimated `q`-quantile (`q` in [0, 1]), or NaN when the sketch is empty or `q` is
   * out of range.
   */
  quantile(q: number): number {
    if (this._count <= 0 || !(q >= 0 && q <= 1)) return NaN;
    const bucketTotal = this._counts.reduce((a, b) => a + b, 0);
    const rank = q * (bucketTotal - 1);
    let cumulative = 0;
    for (let i = 0; i < this._keys.length; i++) {
      cumulative += this._counts[i] as number;
      if (cumulative > rank) {
        const v = this.mapping.valueOf(this._keys[i] as number);
        return Math.min(Math.max(v, this._min), this._max);
      }
    }
    return this._max;
  }

  /** The buckets as `[sortKey, count]` pairs, ascending. */
  buckets(): [number, number][] {
    return this._keys.map((k, i) => [k, this._counts[i] as number]);
  }

  /** Rough heap footprint in bytes (two double arrays plus the object). */
  memoryBytes(): number {
    return 120 + 2 * (32 + 8 * this._keys.length);
  }

  /** A plain JSON-able copy. */
  toJSON(): LogSketchJson {
    return {
      relativeAccuracy: this.mapping.relativeAccuracy,
      maxBuckets: this.maxBuckets,
      keys: this._keys.slice(),
      counts: this._counts.slice(),
      count: this._count,
      sum: this._sum,
      min: this._count > 0 ? this._min : null,
      max: this._count > 0 ? this._max : null,
    };
  }

  /** Rebuilds a sketch from {@link toJSON} output. */
  static fromJSON(json: LogSketchJson): LogSketch {
    const sketch = new LogSketch({
      relativeAccuracy: json.relativeAccuracy,
      maxBuckets: json.maxBuckets,
    });
    if (json.keys.length !== json.counts.length) {
      throw new RangeError(
        `sketch: keys (${json.keys.length}) and counts (${json.counts.length}) differ in length`,
      );
    }
    for (let i = json.keys.length - 1; i >= 0; i--) {
      sketch.addToBucket(json.keys[i] as number, json.counts[i] as number);
    }
    if (json.count > 0) {
      sketch.addSummary(json.count, json.sum, json.min ?? Infinity, json.max ?? -Infinity);
    }
    return sketch;
  }
}
