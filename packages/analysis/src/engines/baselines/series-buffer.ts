/**
 * The recent points of one series kept in memory: times, values and a running sequence
 * number, bounded to `capacity` points (the oldest are dropped).
 */
export class SeriesBuffer {
  readonly metric: string;
  private readonly _capacity: number;
  private _times: number[] = [];
  private _values: number[] = [];
  private _firstSeq = 0;

  constructor(metric: string, capacity: number) {
    this.metric = metric;
    this._capacity = capacity;
  }

  /** Appends a point. */
  push(timestampMillis: number, value: number): void {
    this._times.push(timestampMillis);
    this._values.push(value);
    // Trim in batches so that appending stays amortised O(1).
    if (this._values.length > this._capacity + Math.max(16, this._capacity >> 3)) {
      const drop = this._values.length - this._capacity;
      this._times.splice(0, drop);
      this._values.splice(0, drop);
      this._firstSeq += drop;
    }
  }

  /** Sequence number the next point will get (all points ever pushed). */
  get nextSeq(): number {
    return this._firstSeq + this._values.length;
  }

  /** Number of points kept (at most capacity after trimming). */
  get size(): number {
    return Math.min(this._values.length, this._capacity);
  }

  /** Kept points, oldest first (at most `capacity`). */
  points(): { times: number[]; values: number[]; firstSeq: number } {
    const skip = Math.max(0, this._values.length - this._capacity);
    return {
      times: this._times.slice(skip),
      values: this._values.slice(skip),
      firstSeq: this._firstSeq + skip,
    };
  }
}
