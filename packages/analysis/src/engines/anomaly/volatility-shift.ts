import { SortedWindow } from './sorted-window.js';

/** Cap on one |z| so that a single extreme step cannot make the median non-finite. */
const MAX_Z = 1e6;

/**
 * How restless the series has become: the median of the last `window` |z| values of the
 * first difference (each step already scaled by the robust sigma of the steps over a long
 * history, `anomaly-features.ts`), so the result is a short-term dispersion over the long-term
 * one. For an unchanged stream it stays near 0.67 (the median |z| of a normal step); a
 * change of regime to larger steps (a service that starts to thrash, a sensor that turns
 * noisy) raises it for as long as it lasts. Being a median, a single spike moves it little:
 * that is the spike and step features' concern.
 */
export class VolatilityShift {
  private readonly _window: SortedWindow;

  /** @param window points of the short-term dispersion (>= 1) */
  constructor(window: number) {
    this._window = new SortedWindow(window);
  }

  /** Adds the latest point's |z| of the first difference and returns the rolling median. */
  next(stepZ: number): number {
    const a = Math.abs(stepZ);
    this._window.push(a < MAX_Z ? a : MAX_Z);
    return this._window.median();
  }
}
