/**
 * Time-bucketed sketches of one series, packed into one `Int32Array` ("arena") so a series
 * pays for one typed array instead of one per time slot.
 *
 * Layout: `[slots, 0, start(slot 0) .. start(slot S-1), end, entries...]`: the entries are
 * `(sortKey, count)` int pairs, each slot's entries sorted by key, the slots' segments laid
 * out in slot order, and `start(j)` the index of slot j's first int (`end` the index past
 * the last entry). Finding a slot is O(1); only inserting a new key or clearing a slot
 * moves the later segments. Counts are stored as uint32 bit patterns (read with `>>> 0`)
 * and saturate at 2^32 - 1 per bucket per slot.
 *
 * Each slot is a sketch with the same collapsing rule as {@link LogSketch} (keep the
 * `maxBuckets` highest keys; lower weight goes to the lowest kept key), so a slot merged into
 * a `LogSketch` equals the sketch of the slot's raw inputs.
 */
import type { LogSketch } from './log-sketch.js';

const SLOTS = 0;
const STARTS = 2;
const MAX_COUNT = 4_294_967_295;

function headerInts(slots: number): number {
  return STARTS + slots + 1;
}

/** Creates an arena for `slots` time slots with room for `initialEntries` entries. */
export function createArena(slots: number, initialEntries = 8): Int32Array {
  const header = headerInts(slots);
  const arena = new Int32Array(header + 2 * initialEntries);
  arena[SLOTS] = slots;
  arena.fill(header, STARTS, STARTS + slots + 1);
  return arena;
}

/** Ints in use (header and entries): the arena's used prefix. */
export function arenaUsedInts(arena: Int32Array): number {
  return arena[STARTS + (arena[SLOTS] as number)] as number;
}

/** Entries in use across all slots. */
export function arenaUsedEntries(arena: Int32Array): number {
  return (arenaUsedInts(arena) - headerInts(arena[SLOTS] as number)) / 2;
}

/** Number of entries (buckets) of `slot`. */
export function arenaSlotLength(arena: Int32Array, slot: number): number {
  return ((arena[STARTS + slot + 1] as number) - (arena[STARTS + slot] as number)) / 2;
}

/** Index in `arena` of the first int of `slot`'s segment. */
export function arenaSlotStart(arena: Int32Array, slot: number): number {
  return arena[STARTS + slot] as number;
}

/** Whether an arena's header is consistent with its `slots` and its length. */
export function arenaIsConsistent(arena: Int32Array, slots: number): boolean {
  if (arena.length < headerInts(slots) || arena[SLOTS] !== slots) return false;
  let previous = headerInts(slots);
  for (let j = 0; j <= slots; j++) {
    const start = arena[STARTS + j] as number;
    if (start < previous || (start - previous) % 2 !== 0) return false;
    previous = start;
  }
  return previous <= arena.length;
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
  const start = arena[STARTS + slot] as number;
  const len = ((arena[STARTS + slot + 1] as number) - start) >> 1;
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
  const slots = arena[SLOTS] as number;
  const end = arena[STARTS + slots] as number;
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
  for (let j = slot + 1; j <= slots; j++) target[STARTS + j] = (target[STARTS + j] as number) + 2;
  return target;
}

/** Empties `slot`. */
export function arenaClearSlot(arena: Int32Array, slot: number): void {
  const start = arena[STARTS + slot] as number;
  const ints = (arena[STARTS + slot + 1] as number) - start;
  if (ints === 0) return;
  const slots = arena[SLOTS] as number;
  arena.copyWithin(start, start + ints, arena[STARTS + slots] as number);
  for (let j = slot + 1; j <= slots; j++) arena[STARTS + j] = (arena[STARTS + j] as number) - ints;
}

/** Adds `slot`'s buckets to `sketch` (bucket weights only; see `LogSketch.addToBucket`). */
export function arenaMergeSlotInto(arena: Int32Array, slot: number, sketch: LogSketch): void {
  const start = arena[STARTS + slot] as number;
  for (let at = (arena[STARTS + slot + 1] as number) - 2; at >= start; at -= 2) {
    sketch.addToBucket(arena[at] as number, (arena[at + 1] as number) >>> 0);
  }
}

/** `slot`'s buckets as flat `[key, count, key, count, ...]`. */
export function arenaSlotEntries(arena: Int32Array, slot: number): number[] {
  const out: number[] = [];
  const end = arena[STARTS + slot + 1] as number;
  for (let at = arena[STARTS + slot] as number; at < end; at += 2) {
    out.push(arena[at] as number, (arena[at + 1] as number) >>> 0);
  }
  return out;
}

function addCount(arena: Int32Array, at: number, weight: number): void {
  const next = ((arena[at] as number) >>> 0) + weight;
  arena[at] = next > MAX_COUNT ? MAX_COUNT : next;
}
