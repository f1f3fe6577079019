import { SortedWindow } from './sorted-window.js';
import { TailProbability } from './tail-probability.js';
import { ValueRing } from './value-ring.js';

/** Cap on one |z| so that a single extreme step cannot make the median non-finite. */
const MAX_Z = 1e6;

/**
 * How restless the series has become, and how unusual that is. The dispersion is the median
 * of the last `window` |z| values of the first difference (each step already scaled by the
 * robust sigma of the steps over a long history, `anomaly-features.ts`), so it is a
 * short-term dispersion over the long-term one: near 0.67 (the median |z| of a normal step)
 * while nothing changes, higher for as long as the steps stay larger (a service that starts
 * to thrash, a sensor that turns noisy). Being a median, a single spike moves it little: that
 * is the spike and step features' concern.
 *
 * The dispersion gets its upper-tail probability against the dispersions of earlier windows
 * that do not overlap the current one (each joins the history `window` points late). Without
 * that lag, a rise in volatility is judged against the partly raised windows just before it,
 * each only a little above the last, and never looks rarer than the largest value seen.
 */
export class VolatilityShift {
  private readonly _window: SortedWindow;
  private readonly _pending: ValueRing;
  private readonly _tail: TailProbability;
  private _dispersion = 0;

  /**
   * @param window points of the short-term dispersion (>= 1)
   * @param tailCapacity decayed observations of the tail probability
   * @param _minTail observations the tail probability needs before it counts
   */
  constructor(
    window: number,
    tailCapacity: number,
    private readonly _minTail: number,
  ) {
    this._window = new SortedWindow(window);
    this._pending = new ValueRing(window);
    this._tail = new TailProbability(tailCapacity);
  }

  /**
   * Adds the latest point's z-score of the first difference and returns the upper-tail
   * probability of the new dispersion (1 until the history is long enough).
   */
  judge(stepZ: number): number {
    const a = Math.abs(stepZ);
    this._window.push(a < MAX_Z ? a : MAX_Z);
    this._dispersion = this._window.median();
    return this._tail.count >= this._minTail ? this._tail.pValue(this._dispersion) : 1;
  }

  /** The dispersion of the last `judge`. */
  get dispersion(): number {
    return this._dispersion;
  }

  /** Records the last dispersion; it joins the history once its window has passed. */
  learn(): void {
    const pending = this._pending;
    if (pending.size === pending.capacity) this._tail.add(pending.ago(pending.capacity - 1));
    pending.push(this._dispersion);
  }
}
