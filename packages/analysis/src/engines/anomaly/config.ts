import type { AnomalyDetectorOptions } from './types.js';

/** Resolved detector options. */
export type AnomalyDetectorConfig = Required<AnomalyDetectorOptions>;

/** The detector's defaults (see {@link AnomalyDetectorOptions} for each). */
export const DEFAULT_ANOMALY_DETECTOR_CONFIG: Readonly<AnomalyDetectorConfig> = Object.freeze({
  contamination: 0.01,
  warmupPoints: 32,
  historyPoints: 4096,
  isolationForest: true,
  trees: 50,
  retrainEveryPoints: 512,
  seasonality: 'auto',
  refractoryPoints: 64,
  seed: 1,
});

/**
 * Resolves `options` over the defaults; throws a `RangeError` naming the option for invalid
 * explicit values (programmer or configuration errors).
 */
export function resolveAnomalyDetectorConfig(
  options: AnomalyDetectorOptions = {},
): AnomalyDetectorConfig {
  const config = { ...DEFAULT_ANOMALY_DETECTOR_CONFIG };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (config as Record<string, unknown>)[key] = value;
  }
  const c = config.contamination;
  if (!(typeof c === 'number' && c > 0 && c <= 0.5)) {
    throw new RangeError(`anomaly detector: contamination must be in (0, 0.5]; got ${String(c)}`);
  }
  for (const key of ['warmupPoints', 'historyPoints', 'trees', 'retrainEveryPoints'] as const) {
    const v = config[key];
    if (!(Number.isInteger(v) && v >= 1)) {
      throw new RangeError(`anomaly detector: ${key} must be an integer >= 1; got ${String(v)}`);
    }
  }
  if (!(Number.isInteger(config.refractoryPoints) && config.refractoryPoints >= 0)) {
    throw new RangeError(
      `anomaly detector: refractoryPoints must be an integer >= 0; got ${String(config.refractoryPoints)}`,
    );
  }
  const s = config.seasonality;
  if (!(s === 'auto' || s === false || (typeof s === 'number' && Number.isInteger(s) && s >= 2))) {
    throw new RangeError(
      `anomaly detector: seasonality must be 'auto', false or an integer period >= 2; got ${String(s)}`,
    );
  }
  return config;
}

/**
 * The score of a point whose combined tail probability is `p`: -log10(p) / 12, clamped to
 * [0, 1] (so p = 1e-12 or rarer scores 1).
 */
export function scoreOfPValue(p: number): number {
  if (!(p < 1)) return 0;
  if (!(p > 0)) return 1;
  return Math.min(1, -Math.log10(p) / SCORE_DECADES);
}

/** Decades of tail probability spanned by the score. */
export const SCORE_DECADES = 12;

/**
 * Score threshold for `contamination`: points with a combined tail probability below
 * `contamination / 100` are anomalies. (The tail probability is per point and per feature,
 * so a threshold at `contamination` itself would flag about `contamination` of the points of
 * every feature; the factor leaves room for the several features and the isolation forest.)
 */
export function anomalyThreshold(contamination: number): number {
  return scoreOfPValue(contamination / 100);
}
