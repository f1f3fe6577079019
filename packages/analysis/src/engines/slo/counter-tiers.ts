/**
 * Chooses the resolutions of an SLO's counters from the windows it must answer: every
 * window is answered by a tier with at least {@link SLOTS_PER_WINDOW} slots across it, so the
 * prorated oldest slot is at most a thirtieth of the window. With the default windows and a
 * 30-day budget: 30 s slots for 2 h, 10 min slots for 1 day, 1 h slots for 30 days
 * (about 1,100 slots, 17 KiB per SLO group).
 */
import type { SlotTierOptions } from './slot-counters.js';

/** Slots a window spans at least in the tier that answers it. */
export const SLOTS_PER_WINDOW = 30;

/** Candidate slot lengths beyond the finest, in seconds. */
const COARSE_SLOTS_SECONDS = [600, 3600];

/** Tiers for `windowsSeconds` (burn windows and the longest budget period). */
export function counterTiers(windowsSeconds: readonly number[]): SlotTierOptions[] {
  const windows = [...windowsSeconds].filter((w) => w > 0).sort((a, b) => a - b);
  const shortest = windows[0] ?? 300;
  const fine = Math.max(1, Math.min(60, Math.floor(shortest / 10)));
  const candidates = [fine, ...COARSE_SLOTS_SECONDS.filter((s) => s > fine)];
  const span = new Map<number, number>();
  for (const w of windows) {
    let chosen = fine;
    for (const s of candidates) if (s * SLOTS_PER_WINDOW <= w) chosen = s;
    span.set(chosen, Math.max(span.get(chosen) ?? 0, w));
  }
  return candidates
    .filter((s) => span.has(s))
    .map((s) => ({ slotSeconds: s, slots: Math.ceil((span.get(s) as number) / s) + 2 }));
}
