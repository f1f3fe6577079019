/**
 * Fixed-capacity ring buffers of timestamped samples in a `Float64Array`.
 *
 * A ring occupies `2 + capacity * columns` doubles starting at `base`:
 * `[head, length, time[capacity], column1[capacity], column2[capacity]?]`, where `head` is
 * the physical index of the next write and column 0 is the timestamp. Many rings live in
 * one array (see `slab.ts`), so the functions take `(buf, base)` rather than an object;
 * {@link RingBuffer} wraps one ring in its own array for standalone use.
 */

/** Doubles used by a ring of `capacity` samples with `columns` columns (time included). */
export function ringDoubles(capacity: number, columns: number): number {
  return 2 + capacity * columns;
}

/** Number of samples held. */
export function ringLength(buf: Float64Array, base: number): number {
  return buf[base + 1] as number;
}

/** Appends a sample; the oldest is overwritten when the ring is full. */
export function ringPush(
  buf: Float64Array,
  base: number,
  capacity: number,
  columns: number,
  time: number,
  a: number,
  b: number,
): void {
  const head = buf[base] as number;
  const data = base + 2;
  buf[data + head] = time;
  buf[data + capacity + head] = a;
  if (columns > 2) buf[data + 2 * capacity + head] = b;
  buf[base] = head + 1 === capacity ? 0 : head + 1;
  const len = buf[base + 1] as number;
  if (len < capacity) buf[base + 1] = len + 1;
}

/**
 * Physical slot of the `i`-th sample counted from the oldest (0) to the newest
 * (`length - 1`); add `column * capacity` to address other columns.
 */
export function ringSlot(buf: Float64Array, base: number, capacity: number, i: number): number {
  const head = buf[base] as number;
  const len = buf[base + 1] as number;
  let physical = head - len + i;
  if (physical < 0) physical += capacity;
  return base + 2 + physical;
}

/** Adds `a` (and `b`) to the newest sample's columns; no-op on an empty ring. */
export function ringAddToNewest(
  buf: Float64Array,
  base: number,
  capacity: number,
  columns: number,
  a: number,
  b: number,
): void {
  const len = buf[base + 1] as number;
  if (len === 0) return;
  const at = ringSlot(buf, base, capacity, len - 1);
  buf[at + capacity] = (buf[at + capacity] as number) + a;
  if (columns > 2) buf[at + 2 * capacity] = (buf[at + 2 * capacity] as number) + b;
}

/** Empties the ring. */
export function ringClear(buf: Float64Array, base: number): void {
  buf[base] = 0;
  buf[base + 1] = 0;
}

/** A standalone ring buffer of `(time, value...)` samples backed by one `Float64Array`. */
export class RingBuffer {
  /** The backing array (header + columns). */
  readonly buffer: Float64Array;

  /**
   * @param capacity samples kept (>= 1)
   * @param columns columns per sample including the timestamp (2 or 3)
   */
  constructor(
    readonly capacity: number,
    readonly columns = 2,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring buffer capacity: must be an integer >= 1, got ${capacity}`);
    }
    if (columns !== 2 && columns !== 3) {
      throw new RangeError(`ring buffer columns: must be 2 or 3, got ${columns}`);
    }
    this.buffer = new Float64Array(ringDoubles(capacity, columns));
  }

  /** Samples held. */
  get length(): number {
    return ringLength(this.buffer, 0);
  }

  /** Appends a sample, overwriting the oldest when full. */
  push(time: number, a: number, b = 0): void {
    ringPush(this.buffer, 0, this.capacity, this.columns, time, a, b);
  }

  /** Column `column` (0 = time) of the `i`-th oldest sample. */
  get(i: number, column = 1): number {
    if (i < 0 || i >= this.length) throw new RangeError(`ring buffer index ${i} out of range`);
    return this.buffer[
      ringSlot(this.buffer, 0, this.capacity, i) + column * this.capacity
    ] as number;
  }

  /** Copies of the columns, oldest first. */
  toArrays(): number[][] {
    const out: number[][] = [];
    for (let c = 0; c < this.columns; c++) {
      const col: number[] = [];
      for (let i = 0; i < this.length; i++) col.push(this.get(i, c));
      out.push(col);
    }
    return out;
  }
}
