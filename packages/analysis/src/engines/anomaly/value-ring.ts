/**
 * A fixed-capacity ring of numbers: the most recent `capacity` values of a stream, O(1) to
 * push and to read by age.
 */
export class ValueRing {
  private readonly _values: Float64Array;
  private _next = 0;
  private _size = 0;

  /** @param capacity how many of the most recent values are kept (>= 1) */
  constructor(readonly capacity: number) {
    this._values = new Float64Array(Math.max(1, capacity));
  }

  /** How many values are held (at most `capacity`). */
  get size(): number {
    return this._size;
  }

  /** Appends `value`, dropping the oldest one when full. */
  push(value: number): void {
    this._values[this._next] = value;
    this._next = (this._next + 1) % this._values.length;
    if (this._size < this._values.length) this._size++;
  }

  /** The value pushed `age` pushes ago (0 = the latest); NaN when not held. */
  ago(age: number): number {
    if (age < 0 || age >= this._size) return Number.NaN;
    const n = this._values.length;
    return this._values[(this._next - 1 - age + 2 * n) % n] as number;
  }

  /** Copies the latest `count` values (oldest first) into `out`; returns how many were copied. */
  copyLatest(count: number, out: Float64Array): number {
    const k = Math.min(count, this._size, out.length);
    const values = this._values;
    const n = values.length;
    // The oldest of the k values, then forward, wrapping once at the end of the buffer.
    let at = (this._next - k + n) % n;
    for (let i = 0; i < k; i++) {
      out[i] = values[at]!;
      if (++at === n) at = 0;
    }
    return k;
  }

  /** Forgets every value. */
  clear(): void {
    this._next = 0;
    this._size = 0;
  }
}
