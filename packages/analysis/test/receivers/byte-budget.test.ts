import { describe, expect, it } from 'vitest';
import { createByteBudget, openShare } from '../../src/receivers/byte-budget.js';

describe('byte budget for bodies in flight', () => {
  it('refuses past the limit while others hold bytes, and returns what a share held', () => {
    const budget = createByteBudget(100);
    const a = openShare(budget);
    const b = openShare(budget);
    expect(a.grow(60)).toBe(true);
    expect(b.grow(30)).toBe(true);
    expect(b.grow(20)).toBe(false);
    expect(budget.fits(10)).toBe(true);
    expect(budget.fits(11)).toBe(false);
    a.releaseAll();
    a.releaseAll();
    expect(budget.used).toBe(30);
    expect(b.grow(20)).toBe(true);
    b.releaseAll();
    expect(budget.used).toBe(0);
  });

  it('lets a request alone grow past the limit, so a body larger than the budget is served', () => {
    const budget = createByteBudget(100);
    const alone = openShare(budget);
    expect(alone.grow(80)).toBe(true);
    expect(alone.grow(80)).toBe(true);
    expect(budget.used).toBe(160);
    const other = openShare(budget);
    expect(other.grow(1)).toBe(false);
    alone.releaseAll();
    expect(other.grow(1)).toBe(true);
  });
});
