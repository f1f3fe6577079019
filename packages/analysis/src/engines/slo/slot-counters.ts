/**
 * Compact per-interval good/total counters over long windows, at several resolutions.
 *
 * Each tier is a ring of fixed-length slots (fine slots for the short burn windows, coarse
 * ones for days); every addition goes to the slot of its time in every tier, so a window is
 * answered by the finest tier that covers it. The oldest slot a window only partly covers is
 * prorated by the covered share of its length (events are assumed even within a slot).
 * Slot k of length L covers `(k × L, (k + 1) × L]`, like the windows `(at − w, at]`.
 * Memory is `16 bytes × Σ slots` per counter set, independent of traffic.
 */
import type { GoodTotal } from './budget-math.js';
import { decodeFloats, encodeFloats } from './float-codec.js';

/** One resolution. */
export interface SlotTierOptions {
  /** Length of one slot, in seconds (a whole number ≥ 1). */
  slotSeconds: number;
  /** Slots kept: the tier answers windows up to `(slots - 1) × slotSeconds`. */
  slots: number;
}

/** The serialisable state of one tier. */
export interface SlotTierState {
  slotSeconds: number;
  /** Absolute index (`ceil(time / slot length) - 1`) of the newest slot; -1 when empty. */
  head: number;
  /** Good counts, oldest slot first (`slots` values), as base64 float64 (`float-codec.ts`). */
  good: string | number[];
  /** Total counts, oldest slot first, as base64 float64. */
  total: string | number[];
}

class SlotTier {
  readonly slotMillis: number;
  readonly slots: number;
  readonly good: Float64Array;
  readonly total: Float64Array;
  /** Absolute slot index of the newest slot, -1 before the first addition. */
  head = -1;
  /** Running sums of every slot in the ring. */
  ringGood = 0;
  ringTotal = 0;

  constructor(
    readonly slotSeconds: number,
    slots: number,
  ) {
    this.slotMillis = slotSeconds * 1000;
    this.slots = slots;
    this.good = new Float64Array(slots);
    this.total = new Float64Array(slots);
  }

  /** Moves the head forward to `index`, clearing the slots it passes. */
  advance(index: number): void {
    if (this.head < 0) {
      this.head = index;
      return;
    }
    if (index <= this.head) return;
    const steps = Math.min(index - this.head, this.slots);
    for (let i = 1; i <= steps; i++) {
      const pos = (this.head + i) % this.slots;
      this.ringGood -= this.good[pos] as number;
      this.ringTotal -= this.total[pos] as number;
      this.good[pos] = 0;
      this.total[pos] = 0;
    }
    const turned = Math.floor(index / this.slots) !== Math.floor(this.head / this.slots);
    this.head = index;
    // Re-add the ring once per turn so rounding in the running sums cannot build up.
    if (turned) this._resum();
  }

  private _resum(): void {
    let good = 0;
    let total = 0;
    for (let i = 0; i < this.slots; i++) {
      good += this.good[i] as number;
      total += this.total[i] as number;
    }
    this.ringGood = good;
    this.ringTotal = total;
  }

  /** The slot holding `timeMillis`: slot k covers `(k × length, (k + 1) × length]`. */
  indexOf(timeMillis: number): number {
    return Math.ceil(timeMillis / this.slotMillis) - 1;
  }

  /** Adds to the slot of `timeMillis`; false when that slot has already left the ring. */
  add(timeMillis: number, good: number, total: number): boolean {
    const index = this.indexOf(timeMillis);
    this.advance(index);
    if (index <= this.head - this.slots) return false;
    const pos = index % this.slots;
    this.good[pos] = (this.good[pos] as number) + good;
    this.total[pos] = (this.total[pos] as number) + total;
    this.ringGood += good;
    this.ringTotal += total;
    return true;
  }

  /**
   * Sums the window `(fromMillis, atMillis]`, prorating the oldest, partly covered slot. A
   * window over most of the ring is answered as the ring's running sums minus the slots
   * outside it, so a 30-day window reads a few slots, not 720.
   */
  sum(fromMillis: number, atMillis: number, out: GoodTotal): void {
    out.good = 0;
    out.total = 0;
    if (this.head < 0) return;
    const last = Math.min(this.indexOf(atMillis), this.head);
    const oldest = this.indexOf(fromMillis);
    const ringOldest = this.head - this.slots + 1;
    const first = Math.max(oldest, ringOldest);
    if (last < first) return;
    const share =
      first === oldest
        ? Math.min(1, Math.max(0, ((oldest + 1) * this.slotMillis - fromMillis) / this.slotMillis))
        : 1;
    if (2 * (last - first + 1) <= this.slots) {
      for (let index = first; index <= last; index++) {
        const pos = index % this.slots;
        const w = index === first ? share : 1;
        out.good += (this.good[pos] as number) * w;
        out.total += (this.total[pos] as number) * w;
      }
      return;
    }
    let good = this.ringGood;
    let total = this.ringTotal;
    for (let index = ringOldest; index < first; index++) {
      const pos = index % this.slots;
      good -= this.good[pos] as number;
      total -= this.total[pos] as number;
    }
    for (let index = last + 1; index <= this.head; index++) {
      const pos = index % this.slots;
      good -= this.good[pos] as number;
      total -= this.total[pos] as number;
    }
    const firstPos = first % this.slots;
    good -= (this.good[firstPos] as number) * (1 - share);
    total -= (this.total[firstPos] as number) * (1 - share);
    out.good = Math.max(0, good);
    out.total = Math.max(0, total);
  }

  /** Seconds of history this tier answers (a window may need one extra, partial slot). */
  get spanSeconds(): number {
    return (this.slots - 1) * this.slotSeconds;
  }
}

/** Counters of one SLO at several resolutions. */
export class SlotCounters {
  private readonly _tiers: SlotTier[];
  private _dropped = 0;

  /** @param tiers finest first; slot lengths must increase. */
  constructor(tiers: readonly SlotTierOptions[]) {
    if (tiers.length === 0) throw new Error('SlotCounters: at least one tier is required');
    this._tiers = tiers.map((t, i) => {
      if (!(Number.isInteger(t.slotSeconds) && t.slotSeconds >= 1 && t.slots >= 2)) {
        throw new Error(`SlotCounters: tier ${i} needs slotSeconds >= 1 (whole) and slots >= 2`);
      }
      const prev = tiers[i - 1];
      if (prev && t.slotSeconds <= prev.slotSeconds) {
        throw new Error('SlotCounters: tiers must be ordered finest first');
      }
      return new SlotTier(t.slotSeconds, Math.ceil(t.slots));
    });
  }

  /** Records events at `timeMillis` (every tier). Events older than every tier are counted as dropped. */
  add(timeMillis: number, good: number, total: number): void {
    if (!(total > 0) && !(good > 0)) {
      for (const tier of this._tiers) tier.advance(tier.indexOf(timeMillis));
      return;
    }
    let kept = false;
    for (const tier of this._tiers) kept = tier.add(timeMillis, good, total) || kept;
    if (!kept) this._dropped += total;
  }

  /**
   * Good and total events in `(atMillis - windowSeconds, atMillis]`, from the finest tier that
   * covers the window (the coarsest when none does: the answer is then what history holds).
   */
  sum(atMillis: number, windowSeconds: number, out: GoodTotal = { good: 0, total: 0 }): GoodTotal {
    const tier =
      this._tiers.find((t) => t.spanSeconds >= windowSeconds) ??
      (this._tiers[this._tiers.length - 1] as SlotTier);
    tier.sum(atMillis - windowSeconds * 1000, atMillis, out);
    return out;
  }

  /** Events that arrived for a time no tier still holds. */
  get droppedEvents(): number {
    return this._dropped;
  }

  /** Bytes held by the counters' arrays. */
  get memoryBytes(): number {
    let bytes = 0;
    for (const t of this._tiers) bytes += t.good.byteLength + t.total.byteLength;
    return bytes;
  }

  /** The state to persist (oldest slot first in each tier). */
  toState(): SlotTierState[] {
    return this._tiers.map((t) => {
      const good = new Float64Array(t.slots);
      const total = new Float64Array(t.slots);
      if (t.head >= 0) {
        for (let i = t.slots - 1, j = 0; i >= 0; i--, j++) {
          const pos = (((t.head - i) % t.slots) + t.slots) % t.slots;
          good[j] = t.good[pos] as number;
          total[j] = t.total[pos] as number;
        }
      }
      return {
        slotSeconds: t.slotSeconds,
        head: t.head,
        good: encodeFloats(good),
        total: encodeFloats(total),
      };
    });
  }

  /**
   * Restores persisted state. A tier whose slot length no longer matches is rebuilt from the
   * persisted tier with the same or the nearest finer slot length, slot by slot (history at a
   * changed resolution is kept at the coarser of the two). A tier whose data does not decode
   * is skipped. Returns the number of tiers restored.
   */
  restore(states: readonly SlotTierState[]): number {
    let restored = 0;
    for (const tier of this._tiers) {
      const same = states.find((s) => s.slotSeconds === tier.slotSeconds);
      const source =
        same ??
        [...states]
          .filter((s) => s.slotSeconds < tier.slotSeconds && tier.slotSeconds % s.slotSeconds === 0)
          .sort((a, b) => b.slotSeconds - a.slotSeconds)[0];
      if (!source || !(source.head >= 0)) continue;
      const good = decodeFloats(source.good);
      const total = decodeFloats(source.total);
      if (!good || !total || good.length !== total.length) continue;
      const n = good.length;
      for (let i = 0; i < n; i++) {
        if (good[i] === 0 && total[i] === 0) continue;
        const index = source.head - (n - 1 - i);
        // The slot's last instant, which lies in the slot of the same index and length.
        const time = (index + 1) * source.slotSeconds * 1000;
        tier.add(time, good[i] as number, total[i] as number);
      }
      tier.advance(tier.indexOf((source.head + 1) * source.slotSeconds * 1000));
      restored++;
    }
    return restored;
  }
}
