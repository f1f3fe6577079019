import { SortedWindow } from './sorted-window.js';
import { TailProbability } from './tail-probability.js';
import { ValueRing } from './value-ring.js';

/** Cap on one |z| so that a single extreme step cannot make the median non-finite. */
const MAX_Z = 1e6;
/**
 * Standard errors of the median of `window` normal |z| values by which a dispersion must
 * exceed the median of the earlier ones to count at all (see `VolatilityShift`).
 */
const MIN_RISE_STANDARD_ERRORS = 2;
/** Density of |z| (z standard normal) at its median 0.6745: 2 phi(0.6745). */
const HALF_NORMAL_DENSITY_AT_MEDIAN = 0.6356;

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
 *
 * When the earlier dispersions barely vary (a regular, noise-free series, whose steps repeat)
 * a wobble would be beyond everything seen and look extreme; so the dispersion counts only
 * when it exceeds the median of the earlier ones by two standard errors of the median of
 * `window` normal |z| values, 1 / (2 f sqrt(window)) with f the density of |z| at its median
 * (0.20 for 16 points; the minimum rise is 0.39).
 */
export class VolatilityShift {
  private readonly _window: SortedWindow;
  private readonly _pending: ValueRing;
  private readonly _tail: TailProbability;
  private _dispersion = 0;
  private readonly _minRise: number;

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
    this._minRise =
      MIN_RISE_STANDARD_ERRORS / (2 * HALF_NORMAL_DENSITY_AT_MEDIAN * Math.sqrt(window));
  }

  /**
   * Adds the latest point's z-score of the first difference and returns the upper-tail
   * probability of the new dispersion (1 until the history is long enough).
   */
  judge(stepZ: number): number {
    const a = Math.abs(stepZ);
    this._window.push(a < MAX_Z ? a : MAX_Z);
    this._dispersion = this._window.median();
    if (this._tail.count < this._minTail) return 1;
    const p = this._tail.pValue(this._dispersion);
    // Above the median of the earlier dispersions (p < 0.5) only by what sampling gives.
    if (p < 0.5 && this._dispersion < this._tail.quantile(0.5) + this._minRise) return 1;
    return p;
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
