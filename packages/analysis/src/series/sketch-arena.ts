/**
 * Time-bucketed sketches of one series, packed into one `Int32Array` ("arena") so a series
 * pays for one typed array instead of one per time slot.
 *
 * Layout: `[slots, usedEntries, length(slot 0) .. length(slot S-1), entries...]`, where the
 * entries are `(sortKey, count)` int pairs, each slot's entries sorted by key and the slots'
 * segments laid out in slot order. Counts are stored as uint32 bit patterns (read with
 * `>>> 0`) and saturate at 2^32 - 1 per bucket per slot.
 *
 * Each slot is a sketch with the same collapsing rule as {@link LogSketch} (keep the
 * `maxBuckets` highest keys; lower weight goes to the lowest kept key), so a slot merged into
 * a `LogSketch` equals the sketch of the slot's raw inputs.
 */
import type { LogSketch } from './log-sketch.js';

const SLOTS = 0;
const USED = 1;
const HEADER = 2;
const MAX_COUNT = 4_294_967_295;

/** Creates an arena for `slots` time slots with room for `initialEntries` entries. */
export function createArena(slots: number, initialEntries = 8): Int32Array {
  const arena = new Int32Array(HEADER + slots + 2 * initialEntries);
  arena[SLOTS] = slots;
  return arena;
}

/** Entries in use across all slots. */
export function arenaUsedEntries(arena: Int32Array): number {
  return arena[USED] as number;
}

/** Number of entries (buckets) of `slot`. */
export function arenaSlotLength(arena: Int32Array, slot: number): number {
  return arena[HEADER + slot] as number;
}

/** Index in `arena` of the first int of `slot`'s segment. */
export function arenaSlotStart(arena: Int32Array, slot: number): number {
  const slots = arena[SLOTS] as number;
  let start = HEADER + slots;
  for (let j = 0; j < slot; j++) start += 2 * (arena[HEADER + j] as number);
  return start;
}

/**
 * Adds `weight` (a positive integer) at sort key `key` in `slot`. Returns the arena, which
 * is a new, larger array when the old one was full.
 */
export function arenaAdd(
  arena: Int32Array,
  slot: number,
  key: number,
  weight: number,
  maxBuckets: number,
): Int32Array {
  const start = arenaSlotStart(arena, slot);
  const len = arena[HEADER + slot] as number;
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arena[start + 2 * mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo < len && arena[start + 2 * lo] === key) {
    addCount(arena, start + 2 * lo + 1, weight);
    return arena;
  }
  if (len >= maxBuckets) {
    if (lo === 0) {
      addCount(arena, start + 1, weight);
      return arena;
    }
    // Drop the lowest entry; its weight goes to the lowest entry that stays.
    const collapsed = (arena[start + 1] as number) >>> 0;
    if (lo > 1) arena.copyWithin(start, start + 2, start + 2 * lo);
    const at = start + 2 * (lo - 1);
    arena[at] = key;
    arena[at + 1] = 0;
    addCount(arena, at + 1, weight);
    addCount(arena, start + 1, collapsed);
    return arena;
  }
  const used = arena[USED] as number;
  const slots = arena[SLOTS] as number;
  const end = HEADER + slots + 2 * used;
  let target = arena;
  if (end + 2 > arena.length) {
    target = new Int32Array(Math.max(end + 2, Math.ceil(arena.length * 1.5)));
    target.set(arena.subarray(0, end));
  }
  const pos = start + 2 * lo;
  target.copyWithin(pos + 2, pos, end);
  target[pos] = key;
  target[pos + 1] = 0;
  addCount(target, pos + 1, weight);
  target[HEADER + slot] = len + 1;
  target[USED] = used + 1;
  return target;
}

/** Empties `slot`. */
export function arenaClearSlot(arena: Int32Array, slot: number): void {
  const len = arena[HEADER + slot] as number;
  if (len === 0) return;
  const start = arenaSlotStart(arena, slot);
  const used = arena[USED] as number;
  const end = HEADER + (arena[SLOTS] as number) + 2 * used;
  arena.copyWithin(start, start + 2 * len, end);
  arena[HEADER + slot] = 0;
  arena[USED] = used - len;
}

/** Adds `slot`'s buckets to `sketch` (bucket weights only; see `LogSketch.addToBucket`). */
export function arenaMergeSlotInto(arena: Int32Array, slot: number, sketch: LogSketch): void {
  const start = arenaSlotStart(arena, slot);
  const len = arena[HEADER + slot] as number;
  for (let i = len - 1; i >= 0; i--) {
    sketch.addToBucket(arena[start + 2 * i] as number, (arena[start + 2 * i + 1] as number) >>> 0);
  }
}

/** `slot`'s buckets as flat `[key, count, key, count, ...]`. */
export function arenaSlotEntries(arena: Int32Array, slot: number): number[] {
  const start = arenaSlotStart(arena, slot);
  const len = arena[HEADER + slot] as number;
  const out: number[] = new Array<number>(2 * len);
  for (let i = 0; i < len; i++) {
    out[2 * i] = arena[start + 2 * i] as number;
    out[2 * i + 1] = (arena[start + 2 * i + 1] as number) >>> 0;
  }
  return out;
}

function addCount(arena: Int32Array, at: number, weight: number): void {
  const next = ((arena[at] as number) >>> 0) + weight;
  arena[at] = next > MAX_COUNT ? MAX_COUNT : next;
}
