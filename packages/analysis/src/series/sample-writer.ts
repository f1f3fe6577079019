/**
 * Writes normalised samples into a series: the ring buffer, the rollup tiers' aggregates
 * and the rollup tiers' sketches. Callers have already decided ordering and deltas.
 */
import type { SeriesEntry } from './internal-types.js';
import { H_LAST_TIME, H_POINTS, H_TOTAL_A, H_TOTAL_B } from './record-layout.js';
import type { SeriesLayout } from './record-layout.js';
import { ringAddToNewest, ringPush } from './ring-buffer.js';
import { arenaAdd, arenaClearSlot, createArena } from './sketch-arena.js';
import type { SketchMapping } from './sketch-mapping.js';

/** Store-wide parameters the writers need. */
export interface WriterContext {
  readonly mapping: SketchMapping;
  readonly maxSketchBuckets: number;
}

/**
 * Moves each tier to the slot of `timeMillis` (clearing slots that rolled over) and leaves
 * the slot indices in `layout.currentSlot` (-1 for a tier the time is too old for).
 */
export function selectSlots(entry: SeriesEntry, timeMillis: number): void {
  const layout = entry.handle.layout;
  const buf = entry.buf;
  for (let t = 0; t < layout.tierBase.length; t++) {
    const tb = entry.base + (layout.tierBase[t] as number);
    const slots = (layout.tiers[t] as { slots: number }).slots;
    const epoch = Math.floor(timeMillis / (layout.periodMillis[t] as number));
    const stored = buf[tb] as number;
    if (stored === 0) {
      for (let s = 0; s < slots; s++) clearSlot(entry, layout, t, s);
      buf[tb] = epoch + 1;
    } else {
      const current = stored - 1;
      if (epoch > current) {
        const n = Math.min(epoch - current, slots);
        for (let k = 1; k <= n; k++) clearSlot(entry, layout, t, (current + k) % slots);
        buf[tb] = epoch + 1;
      } else if (epoch <= current - slots) {
        layout.currentSlot[t] = -1;
        continue;
      }
    }
    layout.currentSlot[t] = epoch % slots;
  }
}

function clearSlot(entry: SeriesEntry, layout: SeriesLayout, tier: number, slot: number): void {
  const at = entry.base + (layout.tierBase[tier] as number) + 1 + slot * layout.aggFields;
  const buf = entry.buf;
  buf[at] = 0;
  buf[at + 1] = 0;
  if (layout.aggFields === 4) {
    buf[at + 2] = Infinity;
    buf[at + 3] = -Infinity;
  }
  if (entry.arena) arenaClearSlot(entry.arena, (layout.sketchSlotBase[tier] as number) + slot);
}

/**
 * Appends a sample at `timeMillis` (the point time `timeNanos`) and adds it to the rollup
 * slots. For a number series `a` is the value; for histogram kinds `a` is the count, `b`
 * the sum (NaN when unknown) and `min`/`max` the observation range (NaN when unknown).
 * With `merge`, a sample not newer than the newest is added to the newest sample instead of
 * appended (overflow streams, where points of many streams meet).
 */
export function appendSample(
  entry: SeriesEntry,
  timeNanos: number,
  a: number,
  b: number,
  min: number,
  max: number,
  merge = false,
): void {
  const layout = entry.handle.layout;
  const buf = entry.buf;
  const base = entry.base;
  const timeMillis = timeNanos / 1e6;
  const last = buf[base + H_LAST_TIME] as number;
  if (merge && last !== 0 && timeNanos <= last) {
    if (layout.kind !== 'gauge' && layout.kind !== 'updowncounter') {
      ringAddToNewest(buf, base + layout.ringBase, layout.ringCapacity, layout.columns, a, b);
    }
  } else {
    ringPush(buf, base + layout.ringBase, layout.ringCapacity, layout.columns, timeMillis, a, b);
    buf[base + H_LAST_TIME] = timeNanos;
  }
  buf[base + H_POINTS] = (buf[base + H_POINTS] as number) + 1;
  if (layout.distribution) {
    buf[base + H_TOTAL_A] = (buf[base + H_TOTAL_A] as number) + a;
    if (b === b) buf[base + H_TOTAL_B] = (buf[base + H_TOTAL_B] as number) + b;
  } else if (layout.kind === 'counter' && a === a) {
    buf[base + H_TOTAL_A] = (buf[base + H_TOTAL_A] as number) + a;
  }
  selectSlots(entry, timeMillis);
  const aggFields = layout.aggFields;
  for (let t = 0; t < layout.tierBase.length; t++) {
    const slot = layout.currentSlot[t] as number;
    if (slot < 0) continue;
    const at = base + (layout.tierBase[t] as number) + 1 + slot * aggFields;
    if (layout.distribution) {
      buf[at] = (buf[at] as number) + a;
      if (b === b) buf[at + 1] = (buf[at + 1] as number) + b;
      if (min < (buf[at + 2] as number)) buf[at + 2] = min;
      if (max > (buf[at + 3] as number)) buf[at + 3] = max;
    } else {
      buf[at] = (buf[at] as number) + 1;
      buf[at + 1] = (buf[at + 1] as number) + a;
      if (aggFields === 4) {
        if (a < (buf[at + 2] as number)) buf[at + 2] = a;
        if (a > (buf[at + 3] as number)) buf[at + 3] = a;
      }
    }
  }
}

/**
 * Adds `value` with integer `weight` to the sketches of the slots chosen by the last
 * {@link appendSample} (call it right after, for the same point).
 */
export function sketchValue(
  context: WriterContext,
  entry: SeriesEntry,
  value: number,
  weight: number,
): void {
  const layout = entry.handle.layout;
  if (!layout.sketch || !(weight >= 1) || value !== value) return;
  const key = context.mapping.keyOf(value);
  const w = Math.round(weight);
  let arena = entry.arena ?? createArena(layout.totalSlots);
  for (let t = 0; t < layout.tierBase.length; t++) {
    const slot = layout.currentSlot[t] as number;
    if (slot < 0) continue;
    arena = arenaAdd(
      arena,
      (layout.sketchSlotBase[t] as number) + slot,
      key,
      w,
      context.maxSketchBuckets,
    );
  }
  entry.arena = arena;
}
