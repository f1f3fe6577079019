import { describe, expect, it } from 'vitest';
import { counterTiers } from '../../../src/engines/slo/counter-tiers.js';
import { countAtOrBelow } from '../../../src/engines/slo/histogram-threshold.js';
import { SlotCounters } from '../../../src/engines/slo/slot-counters.js';

const T = Date.UTC(2026, 0, 1);
const S = 1000;

describe('slot counters', () => {
  it('sum a window from whole slots and prorate the oldest, partly covered one', () => {
    const c = new SlotCounters([{ slotSeconds: 10, slots: 10 }]);
    // One event pair per second from T+1 s to T+50 s: slot k holds seconds (10k, 10k + 10].
    for (let s = 1; s <= 50; s++) c.add(T + s * S, 1, 2);
    expect(c.sum(T + 50 * S, 20)).toEqual({ good: 20, total: 40 }); // whole slots
    // (T+25, T+50]: half of slot (20, 30] and two whole ones.
    expect(c.sum(T + 50 * S, 25)).toEqual({ good: 25, total: 50 });
    // A window longer than the history holds what there is.
    expect(c.sum(T + 50 * S, 80)).toEqual({ good: 50, total: 100 });
    // An event exactly at a window's start is outside it: (T+40, T+50].
    expect(c.sum(T + 50 * S, 10)).toEqual({ good: 10, total: 20 });
  });

  it('forget slots that leave the ring, and count events too old to place as dropped', () => {
    const c = new SlotCounters([{ slotSeconds: 10, slots: 3 }]);
    c.add(T + 5 * S, 1, 1);
    c.add(T + 45 * S, 2, 2); // slot (40, 50]: the ring now holds (20, 50]
    expect(c.sum(T + 45 * S, 20)).toEqual({ good: 2, total: 2 });
    c.add(T + 5 * S, 7, 7); // slot (0, 10] is gone
    expect(c.droppedEvents).toBe(7);
    c.add(T + 25 * S, 1, 1); // still held
    expect(c.sum(T + 50 * S, 30)).toEqual({ good: 3, total: 3 });
  });

  it('answer each window from the finest tier that covers it', () => {
    const c = new SlotCounters([
      { slotSeconds: 1, slots: 12 },
      { slotSeconds: 60, slots: 5 },
    ]);
    for (let s = 1; s <= 240; s++) c.add(T + s * S, s > 230 ? 0 : 1, 1);
    expect(c.sum(T + 240 * S, 10)).toEqual({ good: 0, total: 10 }); // 1 s slots
    expect(c.sum(T + 240 * S, 180)).toEqual({ good: 170, total: 180 }); // 60 s slots
  });

  it('agree with a plain sum of the events for every aligned window (seeded random events)', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const c = new SlotCounters([{ slotSeconds: 10, slots: 50 }]);
    const events: [number, number, number][] = [];
    for (let s = 10; s <= 3000; s += 10) {
      const good = Math.floor(random() * 100);
      const bad = Math.floor(random() * 5);
      c.add(T + s * S, good, good + bad);
      events.push([s, good, good + bad]);
      if (s % 70 !== 0) continue;
      // Windows from one slot to the whole ring, ending now: direct sums and ring complements.
      for (const w of [10, 60, 240, 250, 260, 400, 490]) {
        const want = { good: 0, total: 0 };
        for (const [t, g, n] of events) {
          if (t > s - w && t <= s) {
            want.good += g;
            want.total += n;
          }
        }
        const got = c.sum(T + s * S, w);
        expect(got.good).toBeCloseTo(want.good, 6);
        expect(got.total).toBeCloseTo(want.total, 6);
      }
    }
  });

  it('persist and restore, also into a coarser resolution', () => {
    const a = new SlotCounters([{ slotSeconds: 10, slots: 20 }]);
    for (let s = 1; s <= 100; s++) a.add(T + s * S, s % 2, 1);
    const state = JSON.parse(JSON.stringify(a.toState())) as ReturnType<SlotCounters['toState']>;
    const same = new SlotCounters([{ slotSeconds: 10, slots: 20 }]);
    expect(same.restore(state)).toBe(1);
    expect(same.sum(T + 100 * S, 60)).toEqual(a.sum(T + 100 * S, 60));
    same.add(T + 101 * S, 1, 1);
    expect(same.sum(T + 101 * S, 1)).toEqual({ good: 1, total: 1 });
    const coarse = new SlotCounters([{ slotSeconds: 20, slots: 10 }]);
    expect(coarse.restore(state)).toBe(1);
    expect(coarse.sum(T + 100 * S, 100)).toEqual({ good: 50, total: 100 });
  });

  it('size the tiers from the windows: 30 s, 10 min and 1 h slots for the defaults and 30 days', () => {
    const tiers = counterTiers([300, 1800, 3600, 7200, 21_600, 86_400, 259_200, 30 * 86_400]);
    expect(tiers).toEqual([
      { slotSeconds: 30, slots: 242 },
      { slotSeconds: 600, slots: 146 },
      { slotSeconds: 3600, slots: 722 },
    ]);
    const bytes = new SlotCounters(tiers).memoryBytes;
    expect(bytes).toBe((242 + 146 + 722) * 16);
  });
});

describe('good events below a histogram threshold', () => {
  const buckets = { bounds: [0.1, 0.5, 1], counts: [50, 40, 6, 4] };
  it.each([
    // threshold, good, approximate
    [0.1, 50, false],
    [0.5, 90, false],
    [1, 96, false],
    [0.3, 50 + 40 * 0.5, true], // (0.1, 0.5]: half of 40
    [0.05, 25, true], // [0, 0.1]: half of 50
    [0.75, 90 + 6 * 0.5, true],
    [5, 96, true], // above the last bound: the open bucket counts as slower
  ])('threshold %d s', (threshold, good, approximate) => {
    expect(countAtOrBelow(buckets, threshold)).toEqual({ good, total: 100, approximate });
  });
});
