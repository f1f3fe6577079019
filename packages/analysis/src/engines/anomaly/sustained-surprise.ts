import { TailProbability } from './tail-probability.js';
import { ValueRing } from './value-ring.js';

/**
 * How unusual the recent run of surprises is: the mean of the last `window` point surprises
 * (-log10 of a point's tail probability), judged by its own tail probability against the
 * means seen before. A drift or a change of behaviour that no single point makes extreme
 * shows up here as a run of mildly surprising points (the idea behind "anomaly likelihood"
 * scores, which judge a short-term average of raw scores against their long-term spread).
 */
export class SustainedSurprise {
  private readonly _ring: ValueRing;
  private _sum = 0;
  private readonly _tail: TailProbability;

  constructor(
    private readonly _window: number,
    tailCapacity: number,
    private readonly _minTail: number,
  ) {
    this._ring = new ValueRing(_window);
    this._tail = new TailProbability(tailCapacity);
  }

  /**
   * Adds a point's tail probability and returns the tail probability of the new running mean
   * (1 until `minTail` means have been seen).
   */
  next(pointPValue: number): number {
    const surprise = pointPValue > 0 ? Math.min(300, -Math.log10(Math.min(1, pointPValue))) : 300;
    if (this._ring.size === this._window) this._sum -= this._ring.ago(this._window - 1);
    this._ring.push(surprise);
    this._sum += surprise;
    const mean = Math.max(0, this._sum / this._ring.size);
    const p = this._tail.count >= this._minTail ? this._tail.pValue(mean) : 1;
    this._tail.add(mean);
    return p;
  }
}
