import { describe, expect, it } from 'vitest';
import { createEvaluationCache, evaluationKey } from '../src/analysis/evaluation-cache.js';

describe('the evaluation cache', () => {
  it('computes on a miss, answers a hit without computing, and counts both', () => {
    const cache = createEvaluationCache(4);
    let computed = 0;
    const f = (v: number) => () => (computed++, v);
    expect(cache.getOrCompute('a', f(1))).toBe(1);
    expect(cache.getOrCompute('a', f(99))).toBe(1);
    expect([computed, cache.hits, cache.misses]).toEqual([1, 1, 1]);
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = createEvaluationCache(2);
    cache.getOrCompute('a', () => 1);
    cache.getOrCompute('b', () => 2);
    cache.getOrCompute('a', () => 0); // a is now the most recent
    cache.getOrCompute('c', () => 3); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.getOrCompute('a', () => -1)).toBe(1);
    expect(cache.getOrCompute('b', () => -2)).toBe(-2);
  });

  it('shrinks on resize and refuses a capacity below 1', () => {
    const cache = createEvaluationCache(8);
    for (const k of 'abcdefgh') cache.getOrCompute(k, () => 0);
    cache.resize(3);
    expect(cache.size).toBe(3);
    expect(() => cache.resize(0)).toThrow(/capacity/);
    expect(() => createEvaluationCache(1.5)).toThrow(/capacity/);
  });

  it('keys on the exact bits of every parameter and on the context', () => {
    const x = [600, 0.2, 200];
    expect(evaluationKey('d1', x)).toBe(evaluationKey('d1', [...x]));
    expect(evaluationKey('d1', x)).not.toBe(evaluationKey('d2', x));
    expect(evaluationKey('d1', x)).not.toBe(evaluationKey('d1', [600, 0.2 + 2 ** -52, 200]));
  });
});
