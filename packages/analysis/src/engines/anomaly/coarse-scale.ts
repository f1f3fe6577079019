import { FEATURE_COUNT, FEATURE_REASONS, FeatureExtractor } from './anomaly-features.js';
import { TailProbability } from './tail-probability.js';
import type { AnomalyReason } from './types.js';

/** Coarse points a coarse feature's scale needs before its tail probabilities are built. */
const MIN_COARSE_POINTS = 8;
/** Pairs among the coarse features' tail probabilities (the Bonferroni factor). */
const COARSE_PAIRS = (FEATURE_COUNT * (FEATURE_COUNT - 1)) / 2;

/** The verdict of the coarse scale on one point. */
export interface CoarseVerdict {
  /** Combined tail probability of the coarse features; 1 when the point ends no block. */
  pValue: number;
  /** The most surprising coarse feature (when `pValue` < 1). */
  reason: AnomalyReason | undefined;
}

/**
 * The series seen at a coarser time scale: the mean of every `blockPoints` consecutive points
 * becomes one coarse point, which gets the same features as the original points (spike,
 * step, seasonal deviation, level shift; `anomaly-features.ts`) and the same calibration
 * (each |z| judged by its tail probability against the coarse points before it, the two
 * smallest multiplied and corrected for the number of pairs). A slow drift or a change in
 * the shape of the series that no single step reveals stands out once the point-to-point
 * noise is averaged away.
 *
 * The coarse scale does not look for a seasonal period of its own (calendar periods rarely
 * divide into whole blocks): it follows the period found at the original scale when that is
 * a whole number of blocks (a daily cycle of 288 five-minute points is 36 coarse points).
 *
 * A coarse point is scored at the point that completes its block; the other points get a
 * tail probability of 1. As a coarse test runs at one point in `blockPoints`, taking the
 * smaller of the two scales' tail probabilities adds 1 / `blockPoints` of a test per point.
 */
export class CoarseScale {
  private readonly _features: FeatureExtractor;
  private readonly _tails: TailProbability[];
  private readonly _absZ = new Float64Array(FEATURE_COUNT);
  private _sum = 0;
  private _inBlock = 0;
  /** Whether the point being scored completes a block and its features can be judged. */
  private _judged = false;
  private readonly _verdict: CoarseVerdict = { pValue: 1, reason: undefined };

  /**
   * @param _blockPoints points averaged into one coarse point (>= 1)
   * @param historyPoints points of history at the original scale (the coarse scale keeps
   *   `historyPoints / blockPoints` coarse points)
   * @param tailCapacity decayed observations of each coarse tail probability
   * @param _minTail coarse observations a coarse tail probability needs before it counts
   */
  constructor(
    private readonly _blockPoints: number,
    historyPoints: number,
    tailCapacity: number,
    private readonly _minTail: number,
  ) {
    this._tails = Array.from({ length: FEATURE_COUNT }, () => new TailProbability(tailCapacity));
    this._features = new FeatureExtractor(Math.ceil(historyPoints / _blockPoints), false);
  }

  /** Seasonal period of the coarse scale (coarse points), 0 when none. */
  get period(): number {
    return this._features.period;
  }

  /**
   * Follows the seasonal period in use at the original scale (points; 0 for none): the coarse
   * period is that many blocks when the period is a whole number of at least 2 blocks, else none.
   */
  followPeriod(period: number): void {
    const blocks = period / this._blockPoints;
    this._features.usePeriod(Number.isInteger(blocks) && blocks >= 2 ? blocks : 0);
  }

  /**
   * The coarse verdict on `value` (the next point of the series), without learning from it.
   * Valid until the next call.
   */
  judge(value: number): CoarseVerdict {
    const verdict = this._verdict;
    verdict.pValue = 1;
    verdict.reason = undefined;
    this._judged = false;
    if (this._inBlock !== this._blockPoints - 1) return verdict;
    const f = this._features.features((this._sum + value) / this._blockPoints);
    if (this._features.count < MIN_COARSE_POINTS) return verdict;
    this._judged = true;
    let first = 1;
    let second = 1;
    for (let i = 0; i < FEATURE_COUNT; i++) {
      const tail = this._tails[i]!;
      const absZ = Math.abs(f.z[i]!);
      this._absZ[i] = absZ;
      const q = tail.count >= this._minTail ? tail.pValue(absZ) : 1;
      if (q < first) {
        second = first;
        first = q;
        verdict.reason = FEATURE_REASONS[i];
      } else if (q < second) {
        second = q;
      }
    }
    verdict.pValue = Math.min(1, first * second * COARSE_PAIRS);
    if (verdict.pValue >= 1) verdict.reason = undefined;
    return verdict;
  }

  /**
   * Learns from `value` (call after `judge(value)`). `calibrate` false keeps the coarse
   * features' tail probabilities unchanged (the detector's warm-up).
   */
  learn(timeMillis: number, value: number, calibrate: boolean): void {
    if (this._judged && calibrate) {
      const seasonal = this._features.period > 0;
      for (let i = 0; i < FEATURE_COUNT; i++) {
        // Without a period the seasonal feature is 0 by construction: not an observation.
        if (i === 2 && !seasonal) continue;
        this._tails[i]!.add(this._absZ[i]!);
      }
    }
    this._judged = false;
    this._sum += value;
    this._inBlock++;
    if (this._inBlock === this._blockPoints) {
      this._features.learn(timeMillis, this._sum / this._blockPoints);
      this._sum = 0;
      this._inBlock = 0;
    }
  }
}
