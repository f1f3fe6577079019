import { MAD_TO_SIGMA } from '../../stats/robust-statistics.js';
import { selectMedianAndMad } from './order-statistics.js';
import { ValueRing } from './value-ring.js';

/**
 * The robust scale (sigma estimate) of a stream of residuals: 1.4826 x MAD over the most
 * recent `capacity` residuals, recomputed every `refreshEvery` pushes (so the cost per point
 * stays small). When more than half the residuals are equal (MAD = 0, as on a flat line or a
 * series of repeated values), the mean absolute deviation from the median stands in, and
 * when that is 0 too, `floor()` does.
 */
export class RobustScaleTracker {
  private readonly _ring: ValueRing;
  private _sinceRefresh = 0;
  private _scale = Number.NaN;
  private _center = 0;

  constructor(
    capacity: number,
    private readonly _refreshEvery: number,
  ) {
    this._ring = new ValueRing(capacity);
  }

  /** Number of residuals held. */
  get count(): number {
    return this._ring.size;
  }

  /** The median residual at the last refresh (0 before the first). */
  get center(): number {
    return this._center;
  }

  /** Adds a residual (finite values only). */
  push(residual: number): void {
    this._ring.push(residual);
    this._sinceRefresh++;
    const size = this._ring.size;
    // Refresh often while the history is short, then every `refreshEvery` pushes.
    if (this._sinceRefresh >= Math.min(this._refreshEvery, Math.max(1, size >> 2))) {
      this._refresh();
    }
  }

  /** Sigma estimate of the residuals; NaN before any residual. May be 0 (see the class doc). */
  scale(): number {
    return this._scale;
  }

  private _refresh(): void {
    this._sinceRefresh = 0;
    // Scratch space shared by every tracker: refreshes never overlap (single-threaded).
    if (sharedValues.length < this._ring.size) {
      sharedValues = new Float64Array(this._ring.capacity);
      sharedWork = new Float64Array(this._ring.capacity);
    }
    const values = sharedValues;
    const n = this._ring.copyLatest(this._ring.size, values);
    const { median, mad } = selectMedianAndMad(values, n, sharedWork);
    this._center = median;
    if (mad > 0) {
      this._scale = MAD_TO_SIGMA * mad;
      return;
    }
    // sharedWork holds |x - median| for the n residuals (in some order).
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sharedWork[i] as number;
    // The mean absolute deviation of a normal sample is sigma * sqrt(2/pi).
    this._scale = n > 0 ? (sum / n) * 1.2533 : Number.NaN;
  }
}

let sharedValues = new Float64Array(1024);
let sharedWork = new Float64Array(1024);
