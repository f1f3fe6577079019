import { describe, expect, it } from 'vitest';
import { createRateWindow } from '../../src/service/rate-window.js';

describe('rate window', () => {
  it('sums the events of the last window seconds', () => {
    const w = createRateWindow(60);
    w.add(1_000, 5); // second 1
    w.add(1_999, 5); // still second 1
    w.add(30_000, 20); // second 30
    expect(w.total(30_500)).toBe(30);
    // At second 61 the window covers seconds 2..61: second 1 left it.
    expect(w.total(61_000)).toBe(20);
    expect(w.total(89_999)).toBe(20);
    expect(w.total(90_000)).toBe(0);
  });

  it('reuses slots after wrap-around without carrying old counts', () => {
    const w = createRateWindow(3);
    w.add(0, 1);
    w.add(1_000, 2);
    w.add(2_000, 3);
    w.add(3_000, 4); // overwrites second 0's slot
    expect(w.total(3_000)).toBe(2 + 3 + 4);
  });

  it('averages per second over the window, or over the elapsed time when younger', () => {
    const w = createRateWindow(60);
    for (let s = 100; s < 160; s++) w.add(s * 1000, 2);
    expect(w.perSecond(159_000)).toBe(2);
    // Started at second 150: 10 seconds elapsed (150..159), 20 events in them.
    const fresh = createRateWindow(60);
    for (let s = 150; s < 160; s++) fresh.add(s * 1000, 2);
    expect(fresh.perSecond(159_000, 150_000)).toBe(2);
    expect(fresh.perSecond(159_000)).toBeCloseTo(20 / 60, 12);
  });

  it('counts late additions in the newest second instead of losing them', () => {
    const w = createRateWindow(60);
    w.add(10_000, 1);
    w.add(9_000, 1);
    expect(w.total(10_000)).toBe(2);
  });

  it('rejects a window that is not a positive integer', () => {
    expect(() => createRateWindow(0)).toThrow('windowSeconds: must be a positive integer, got 0');
  });
});
