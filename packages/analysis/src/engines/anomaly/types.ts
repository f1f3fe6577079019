/** Options of a streaming anomaly detector (see `createStreamingAnomalyDetector`). */
export interface AnomalyDetectorOptions {
  /**
   * Expected share of anomalous points, in (0, 0.5]: a point is reported as an anomaly when
   * its score reaches `anomalyThreshold(contamination)`, the score of a point whose combined
   * tail probability equals `contamination / 100`.
   * @default 0.01
   */
  contamination?: number;
  /** Points seen before any score is given (scores are 0 until then). @default 32 */
  warmupPoints?: number;
  /** Values kept for the rolling level, the scales and the seasonal reference. @default 4096 */
  historyPoints?: number;
  /**
   * Score the joint features with an isolation forest too (set false to save its cost: it
   * is most of the detector's time).
   * @default true
   */
  isolationForest?: boolean;
  /**
   * Trees scored per point: the isolation forest is a rolling ensemble of 5 forests of
   * `trees / 5` trees each (rounded up).
   * @default 50
   */
  trees?: number;
  /**
   * Points between two isolation forest fits once the series is past 256 points (before
   * that, fits at 64, 128 and 256 points). Each fit is a new forest of `trees / 5` trees on
   * a fresh subsample (at most 256 rows) of the latest 1,024 points' features and replaces
   * the oldest of the ensemble's 5 forests.
   * @default 512
   */
  retrainEveryPoints?: number;
  /**
   * Seasonal period in points, `false` for none, or `'auto'`: found from the timestamps'
   * calendar (hourly, daily, weekly cycles) by autocorrelation, re-checked as data arrives.
   * @default 'auto'
   */
  seasonality?: 'auto' | number | false;
  /**
   * After a point scores high, later points within this many points are damped unless they
   * are more surprising still, so one event raises one alarm rather than a burst.
   * @default 64
   */
  refractoryPoints?: number;
  /** Seed of the isolation forests' random draws. @default 1 */
  seed?: number;
}

/**
 * Why a point was scored as it was: the feature that was most surprising. The first four
 * apply at the point's own scale and at the coarse scale (the mean of the last 8 points
 * against the means of earlier blocks), whichever was the more surprising.
 */
export type AnomalyReason =
  /** Far from the rolling level of the last points. */
  | 'spike'
  /** The mean of the last few points moved away from the level before them. */
  | 'level_shift'
  /** Far from the same phase of the last cycles. */
  | 'seasonal_deviation'
  /** An unusually large step from the previous point, or a stretch of unusually large steps. */
  | 'sudden_change'
  /** An unusual combination of the features (the isolation forest isolated it). */
  | 'pattern'
  /** A long run of mildly unusual points. */
  | 'sustained';

/** The score of one point. */
export interface AnomalyPointScore {
  /** Calibrated anomaly score in [0, 1]; 0 during warm-up and for missing values. */
  score: number;
  /** True when `score` reaches the detector's threshold (set by `contamination`). */
  anomaly: boolean;
  /** Value the point was expected to be near (seasonal reference or rolling level). */
  expected: number;
  /** Range of ordinary values at the detector's threshold (NaN during warm-up). */
  expectedLow: number;
  /** Range of ordinary values at the detector's threshold (NaN during warm-up). */
  expectedHigh: number;
  /** The most surprising feature, when the score is above 0. */
  reason?: AnomalyReason;
  /** Combined upper-tail probability of the point's features (1 = entirely ordinary). */
  pValue: number;
  /** Isolation forest score of the point's features in (0, 1), NaN before the first fit. */
  isolationScore: number;
}

/** A streaming, causal anomaly detector for one series: each score uses data up to its point. */
export interface StreamingAnomalyDetector {
  /** Scores `value` at `timeMillis` and then learns from it. Non-finite values score 0 and are skipped. */
  update(timeMillis: number, value: number): AnomalyPointScore;
  /** Points learned from so far. */
  readonly count: number;
  /** The seasonal period in use (points), 0 when none. */
  readonly period: number;
  /** The score threshold of an anomaly. */
  readonly threshold: number;
}
