import { TailProbability } from './tail-probability.js';
import { ValueRing } from './value-ring.js';

/**
 * Standard errors of a calibrated mean by which the running mean must exceed the median of
 * the means seen before to count at all (see `SustainedSurprise`).
 */
const MIN_RISE_STANDARD_ERRORS = 2;

/**
 * How unusual the recent run of surprises is: the mean of the last `window` point surprises
 * (-log10 of a point's tail probability), judged by its own tail probability against the
 * means seen before. A drift or a change of behaviour that no single point makes extreme
 * shows up here as a run of mildly surprising points (the idea behind "anomaly likelihood"
 * scores, which judge a short-term average of raw scores against their long-term spread).
 *
 * The tail probability alone fails when the means seen before barely vary (a regular,
 * noise-free series, where nearly every point has a tail probability of 1): then a wobble of
 * a few hundredths is the largest mean ever seen and looks extreme. So the mean counts only
 * when it exceeds the median of the earlier means by a minimum scale: two standard errors
 * of the mean of `window` calibrated surprises. A calibrated point's surprise -log10 U (U
 * uniform) is exponential with mean and standard deviation log10(e), so that standard error
 * is log10(e) / sqrt(window) (0.038 for 128 points; the minimum rise is 0.077); a smaller
 * rise is what sampling alone gives, however narrow the history's spread. On NAB the rise
 * of every detection that counts is larger (the scores are unchanged); a wider margin
 * (2.5 or more standard errors) drops true detections.
 */
export class SustainedSurprise {
  private readonly _ring: ValueRing;
  private _sum = 0;
  private readonly _tail: TailProbability;
  private readonly _minRise: number;

  constructor(
    private readonly _window: number,
    tailCapacity: number,
    private readonly _minTail: number,
  ) {
    this._ring = new ValueRing(_window);
    this._tail = new TailProbability(tailCapacity);
    this._minRise = (MIN_RISE_STANDARD_ERRORS * Math.LOG10E) / Math.sqrt(_window);
  }

  /**
   * Adds a point's tail probability and returns the tail probability of the new running mean
   * (1 until `minTail` means have been seen, and 1 while the mean is within the minimum rise
   * above the median of the earlier means).
   */
  next(pointPValue: number): number {
    const surprise = pointPValue > 0 ? Math.min(300, -Math.log10(Math.min(1, pointPValue))) : 300;
    if (this._ring.size === this._window) this._sum -= this._ring.ago(this._window - 1);
    this._ring.push(surprise);
    this._sum += surprise;
    const mean = Math.max(0, this._sum / this._ring.size);
    let p = this._tail.count >= this._minTail ? this._tail.pValue(mean) : 1;
    if (p < 1 && mean < this._tail.quantile(0.5) + this._minRise) p = 1;
    this._tail.add(mean);
    return p;
  }
}
