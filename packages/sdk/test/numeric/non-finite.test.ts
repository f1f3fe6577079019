import { describe, expect, it } from 'vitest';
import { countNonFinite } from '../../src/numeric/non-finite.js';

const LIMITS = { maxDepth: 4, maxElements: 10_000 };

describe('countNonFinite', () => {
  it.each([
    ['a finite number', 1.5, 0],
    ['NaN', Number.NaN, 1],
    ['-Infinity', -Infinity, 1],
    ['a string', 'NaN', 0],
    ['undefined', undefined, 0],
    ['an array', [1, Number.NaN, Infinity, 2], 2],
    ['a Float64Array', new Float64Array([Number.NaN, 0, -Infinity]), 2],
    ['a Float32Array', new Float32Array([Infinity, 1]), 1],
    ['an Int32Array (cannot hold non-finite values)', new Int32Array([1, 2]), 0],
    ['nested objects', { a: [Number.NaN], b: { c: new Float64Array([Infinity]) }, d: 1 }, 2],
    [
      'a class instance',
      new (class {
        x = Number.NaN;
        y = [Infinity];
      })(),
      2,
    ],
    ['a Map (opaque)', new Map([[1, Number.NaN]]), 0],
  ])('%s → %i', (_label, value, expected) => {
    expect(countNonFinite(value, LIMITS)).toBe(expected);
  });

  it('visits at most maxElements numbers', () => {
    const values = new Float64Array(100).fill(Number.NaN);
    expect(countNonFinite(values, { maxDepth: 4, maxElements: 30 })).toBe(30);
    expect(countNonFinite([values, values], { maxDepth: 4, maxElements: 150 })).toBe(150);
  });

  it('opens at most maxDepth container levels', () => {
    const nested = [[[Number.NaN]], Number.NaN];
    expect(countNonFinite(nested, { maxDepth: 1, maxElements: 100 })).toBe(1);
    expect(countNonFinite(nested, { maxDepth: 3, maxElements: 100 })).toBe(2);
  });

  it('bounds the walk by maxElements even when the result holds no numbers', () => {
    // 30 keys that all lead back to the object: opening 4 levels would mean 30^4 reads.
    let reads = 0;
    const wide: Record<string, unknown> = {};
    for (let k = 0; k < 30; k++) {
      Object.defineProperty(wide, `k${k}`, { enumerable: true, get: () => (reads++, wide) });
    }
    expect(countNonFinite(wide, { maxDepth: 4, maxElements: 1000 })).toBe(0);
    // Reads that reach depth 4 find a container left closed and cost one element each: 1000
    // of them. The other reads open a container: ceil(1000 / 30) = 34 at depth 3, 2 at
    // depth 2 (30 + 4 of those), 1 at depth 1. Without the charge it was 30 + 30^2 + 30^3
    // + 30^4 = 837930 reads.
    expect(reads).toBe(1000 + 34 + 2 + 1);
    // Strings count as elements: a NaN after 20 of them is past a budget of 10.
    const labels = [...Array.from({ length: 20 }, (_, i) => `label ${i}`), Number.NaN];
    expect(countNonFinite(labels, { maxDepth: 4, maxElements: 10 })).toBe(0);
    expect(countNonFinite(labels, { maxDepth: 4, maxElements: 21 })).toBe(1);
  });

  it('terminates on cyclic objects', () => {
    const a: Record<string, unknown> = { v: Number.NaN };
    a.self = a;
    expect(countNonFinite(a, { maxDepth: 3, maxElements: 100 })).toBe(3);
  });
});
