/**
 * Time slices: the budget counted in slices of fixed length instead of events. A slice is
 * good when its own good share reaches the slice objective (OpenSLO `timeSliceTarget`); a
 * slice without events is not counted. Slices are aligned to multiples of their length
 * since the epoch; a slice closes once the evaluation time reaches its end.
 */
import type { GoodTotal } from './budget-math.js';

/** A closed slice. */
export interface ClosedSlice {
  /** Slice end, ms since the epoch (where the slice is recorded). */
  endMillis: number;
  good: boolean;
}

/** Accumulates event counts per slice of one group and closes slices. */
export class EventSlices {
  private readonly _open = new Map<number, GoodTotal>();

  constructor(
    private readonly _sliceMillis: number,
    private readonly _sliceObjective: number,
  ) {}

  /** Adds events observed at `atMillis` (they belong to the slice holding it). */
  add(atMillis: number, good: number, total: number): void {
    // An evaluation exactly at a slice end reports events of the slice that just ended.
    const index = Math.ceil(atMillis / this._sliceMillis) - 1;
    const slice = this._open.get(index);
    if (slice) {
      slice.good += good;
      slice.total += total;
    } else if (total > 0) {
      this._open.set(index, { good, total });
    }
  }

  /** Whether a slice is still open (holds events not yet counted). */
  get hasOpen(): boolean {
    return this._open.size > 0;
  }

  /** Closes every slice that ended at or before `atMillis`, oldest first. */
  close(atMillis: number): ClosedSlice[] {
    const out: ClosedSlice[] = [];
    for (const [index, slice] of [...this._open].sort((a, b) => a[0] - b[0])) {
      const end = (index + 1) * this._sliceMillis;
      if (end > atMillis) continue;
      this._open.delete(index);
      if (slice.total > 0) {
        out.push({ endMillis: end, good: slice.good / slice.total >= this._sliceObjective });
      }
    }
    return out;
  }
}

/**
 * A gauge in slices: a slice is good when its worst value satisfies `op threshold`. Samples
 * are read again at each evaluation from the last closed slice on, so late samples of an
 * open slice still count; a slice closes `graceMillis` after its end.
 */
export class GaugeSlices {
  private _closedUntil = -Infinity;

  constructor(
    private readonly _sliceMillis: number,
    private readonly _op: '<' | '<=' | '>' | '>=',
    private readonly _threshold: number,
    private readonly _graceMillis: number,
  ) {}

  /**
   * From when samples are needed (exclusive): the end of the last closed slice, or, before
   * the first close, everything the series view still holds.
   */
  readFrom(): number {
    return this._closedUntil;
  }

  /**
   * Closes the slices that ended `graceMillis` before `atMillis`, given every sample with time
   * in `(readFrom(at), at]` (of all series of the group).
   */
  close(atMillis: number, samples: Iterable<{ timeMillis: number; value: number }>): ClosedSlice[] {
    const from = this._closedUntil;
    const closeUntil =
      Math.floor((atMillis - this._graceMillis) / this._sliceMillis) * this._sliceMillis;
    if (closeUntil <= from) return [];
    const upper = this._op === '<' || this._op === '<=';
    const worst = new Map<number, number>();
    for (const s of samples) {
      if (s.timeMillis <= from || s.timeMillis > closeUntil || !Number.isFinite(s.value)) continue;
      const index = Math.ceil(s.timeMillis / this._sliceMillis) - 1;
      const prev = worst.get(index);
      if (prev === undefined || (upper ? s.value > prev : s.value < prev))
        worst.set(index, s.value);
    }
    this._closedUntil = closeUntil;
    return [...worst]
      .sort((a, b) => a[0] - b[0])
      .map(([index, value]) => ({
        endMillis: (index + 1) * this._sliceMillis,
        good: this._meets(value),
      }));
  }

  private _meets(value: number): boolean {
    switch (this._op) {
      case '<':
        return value < this._threshold;
      case '<=':
        return value <= this._threshold;
      case '>':
        return value > this._threshold;
      default:
        return value >= this._threshold;
    }
  }

  /** Persisted state. */
  get closedUntil(): number {
    return this._closedUntil;
  }

  /** Restores persisted state. */
  set closedUntil(value: number) {
    if (Number.isFinite(value)) this._closedUntil = value;
  }
}
