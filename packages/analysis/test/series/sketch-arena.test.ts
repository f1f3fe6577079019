import { describe, expect, it } from 'vitest';
import { LogSketch } from '../../src/series/log-sketch.js';
import {
  arenaAdd,
  arenaClearSlot,
  arenaMergeSlotInto,
  arenaSlotEntries,
  arenaUsedEntries,
  createArena,
} from '../../src/series/sketch-arena.js';
import { sketchMapping } from '../../src/series/sketch-mapping.js';
import { seededRandom } from '../helpers/seeded-random.js';

function slotSketch(arena: Int32Array, slot: number): LogSketch {
  const s = new LogSketch({ maxBuckets: 1000 });
  arenaMergeSlotInto(arena, slot, s);
  return s;
}

describe('sketch arena', () => {
  it('keeps each slot sorted and separate, growing as needed', () => {
    let arena = createArena(3, 1);
    arena = arenaAdd(arena, 1, 50, 2, 64);
    arena = arenaAdd(arena, 0, 7, 1, 64);
    arena = arenaAdd(arena, 1, 10, 1, 64);
    arena = arenaAdd(arena, 2, -3, 4, 64);
    arena = arenaAdd(arena, 1, 50, 3, 64);
    arena = arenaAdd(arena, 0, 5, 1, 64);
    expect(arenaSlotEntries(arena, 0)).toEqual([5, 1, 7, 1]);
    expect(arenaSlotEntries(arena, 1)).toEqual([10, 1, 50, 5]);
    expect(arenaSlotEntries(arena, 2)).toEqual([-3, 4]);
    expect(arenaUsedEntries(arena)).toBe(5);
    arenaClearSlot(arena, 1);
    expect(arenaSlotEntries(arena, 1)).toEqual([]);
    expect(arenaSlotEntries(arena, 0)).toEqual([5, 1, 7, 1]);
    expect(arenaSlotEntries(arena, 2)).toEqual([-3, 4]);
    expect(arenaUsedEntries(arena)).toBe(3);
  });

  it('stores counts as uint32 and saturates instead of wrapping', () => {
    let arena = createArena(1);
    arena = arenaAdd(arena, 0, 1, 3_000_000_000, 8);
    expect(arenaSlotEntries(arena, 0)).toEqual([1, 3_000_000_000]);
    arena = arenaAdd(arena, 0, 1, 3_000_000_000, 8);
    expect(arenaSlotEntries(arena, 0)).toEqual([1, 4_294_967_295]);
  });

  it('collapses a full slot exactly as LogSketch does', () => {
    const random = seededRandom(11);
    const mapping = sketchMapping(0.01);
    for (const maxBuckets of [2, 3, 8]) {
      let arena = createArena(2);
      const reference = new LogSketch({ maxBuckets });
      for (let i = 0; i < 400; i++) {
        const v = Math.exp(4 * random());
        const w = 1 + Math.floor(random() * 4);
        arena = arenaAdd(arena, 1, mapping.keyOf(v), w, maxBuckets);
        arena = arenaAdd(arena, 0, mapping.keyOf(1), 1, maxBuckets);
        reference.add(v, w);
      }
      expect(slotSketch(arena, 1).buckets()).toEqual(reference.buckets());
      expect(arenaSlotEntries(arena, 0)).toEqual([mapping.keyOf(1), 400]);
    }
  });
});
