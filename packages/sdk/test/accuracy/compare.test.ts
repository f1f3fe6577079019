import { describe, expect, it } from 'vitest';
import { compareResults, comparisonAccuracy, numbersMatch } from '../../src/accuracy/compare.js';

const LIMITS = { maxDepth: 4, maxElements: 10_000 };
const TOL = { relative: 1e-6, absolute: 0 };

describe('numbersMatch', () => {
  it.each([
    [1, 1, TOL, true],
    [1 + 1e-7, 1, TOL, true], // |d| = 1e-7 <= 1e-6 * 1
    [1 + 2e-6, 1, TOL, false], // 2e-6 > 1e-6
    [1e-12, 0, TOL, false], // relative tolerance alone cannot accept anything against 0
    [1e-12, 0, { relative: 1e-6, absolute: 1e-9 }, true], // the absolute part can
    [Number.NaN, Number.NaN, TOL, true],
    [Number.NaN, 1, TOL, false],
    [Infinity, Infinity, TOL, true],
    [1e308, Infinity, { relative: 1, absolute: 0 }, false], // inf - x never within tolerance
    [-Infinity, Infinity, TOL, false],
  ])('%d vs reference %d with %o: %s', (actual, reference, tolerance, expected) => {
    expect(numbersMatch(actual, reference, tolerance)).toBe(expected);
  });
});

describe('compareResults', () => {
  it.each([
    ['equal scalars', 2, 2, 1, 1],
    ['arrays within and outside tolerance', [1, 2, 3, 4], [1, 2.5, 3, 4], 3, 4],
    ['typed arrays', new Float64Array([1, 2]), new Float64Array([1, 2 + 1e-9]), 2, 2],
    ['typed array against plain array', new Float32Array([0.5, 1.5]), [0.5, 1.5], 2, 2],
    // The longer side's extra elements count as compared, unmatched: 2 of 3.
    ['arrays of different length', [1, 2, 3], [1, 2], 2, 3],
    // Keys on one side only count: x matches, y differs, z missing → 1 of 3.
    ['objects', { x: 1, y: 2 }, { x: 1, y: 3, z: 4 }, 1, 3],
    [
      'nested results',
      { params: new Float64Array([1, 2]), chi2: 10, meta: { ok: true, label: 'fit' } },
      { params: new Float64Array([1, 2]), chi2: 10.5, meta: { ok: true, label: 'fit' } },
      4,
      5,
    ],
    // A number against a 3-element array: 1 + 3 leaves, none matched.
    ['shape mismatch', 5, [5, 5, 5], 0, 4],
    ['empty arrays', [], [], 0, 0],
    ['NaN where the reference has NaN', [Number.NaN, 1], [Number.NaN, 1], 2, 2],
  ])('%s', (_label, actual, reference, matched, compared) => {
    const result = compareResults(actual, reference, TOL, LIMITS);
    expect(result).toEqual({ matched, compared, truncated: false });
  });

  it('defines achieved accuracy as matched / compared, and 1 when nothing was compared', () => {
    expect(comparisonAccuracy({ matched: 3, compared: 4, truncated: false })).toBe(0.75);
    expect(comparisonAccuracy({ matched: 0, compared: 0, truncated: false })).toBe(1);
  });

  it('stops at the element bound and says so', () => {
    const big = new Float64Array(100).fill(1);
    const result = compareResults(big, big, TOL, { maxDepth: 4, maxElements: 10 });
    expect(result).toEqual({ matched: 10, compared: 10, truncated: true });
  });

  it('stops at the depth bound and says so', () => {
    const deep = { a: { b: { c: [1, 2] } } };
    // maxDepth 2 opens the root and `a`; `b` is not opened.
    const result = compareResults(deep, deep, TOL, { maxDepth: 2, maxElements: 100 });
    expect(result).toEqual({ matched: 0, compared: 0, truncated: true });
    expect(compareResults(deep, deep, TOL, { maxDepth: 4, maxElements: 100 }).matched).toBe(2);
  });

  it('bounds the walk by maxElements on wide cyclic values', () => {
    // 30 keys that all lead back to the object: opening 4 levels would mean 30^4 visits.
    let reads = 0;
    const wide: Record<string, unknown> = {};
    for (let k = 0; k < 30; k++) {
      Object.defineProperty(wide, `k${k}`, { enumerable: true, get: () => (reads++, wide) });
    }
    const result = compareResults(wide, wide, TOL, { maxDepth: 4, maxElements: 1000 });
    expect(result).toEqual({ matched: 0, compared: 0, truncated: true });
    // Each visit reads the key on both sides. 1000 visits reach depth 4 and are charged; the
    // others open a level: ceil(1000 / 30) = 34 at depth 3, 2 at depth 2, 1 at depth 1.
    expect(reads).toBe(2 * (1000 + 34 + 2 + 1));
  });

  it('terminates on cyclic values', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    const result = compareResults(a, a, TOL, LIMITS);
    expect(result.truncated).toBe(true);
    expect(result.matched).toBe(result.compared);
  });
});
