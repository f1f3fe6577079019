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

  it('terminates on cyclic objects', () => {
    const a: Record<string, unknown> = { v: Number.NaN };
    a.self = a;
    expect(countNonFinite(a, { maxDepth: 3, maxElements: 100 })).toBe(3);
  });
});
