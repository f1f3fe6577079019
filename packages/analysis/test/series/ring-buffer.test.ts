import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/series/ring-buffer.js';

describe('RingBuffer', () => {
  it.each([
    { capacity: 3, pushes: 0, times: [] },
    { capacity: 3, pushes: 2, times: [1, 2] },
    { capacity: 3, pushes: 3, times: [1, 2, 3] },
    { capacity: 3, pushes: 4, times: [2, 3, 4] },
    { capacity: 3, pushes: 7, times: [5, 6, 7] },
    { capacity: 1, pushes: 5, times: [5] },
  ])(
    'keeps the newest $capacity of $pushes samples, oldest first',
    ({ capacity, pushes, times }) => {
      const ring = new RingBuffer(capacity, 3);
      for (let i = 1; i <= pushes; i++) ring.push(i, i * 10, i * 100);
      expect(ring.length).toBe(times.length);
      expect(ring.toArrays()).toEqual([times, times.map((t) => t * 10), times.map((t) => t * 100)]);
    },
  );

  it('is backed by one Float64Array of header + capacity * columns', () => {
    const ring = new RingBuffer(4, 2);
    expect(ring.buffer).toBeInstanceOf(Float64Array);
    expect(ring.buffer.length).toBe(2 + 4 * 2);
  });

  it('rejects bad shapes and out-of-range reads', () => {
    expect(() => new RingBuffer(0)).toThrow(/capacity/);
    expect(() => new RingBuffer(2, 4)).toThrow(/columns/);
    const ring = new RingBuffer(2);
    ring.push(1, 1);
    expect(() => ring.get(1)).toThrow(/out of range/);
  });
});
