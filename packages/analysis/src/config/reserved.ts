/**
 * Reading of the sections reserved for later engines (see `reserved-types.ts`). Every key of
 * the feature description's configuration example is accepted and checked; anything else is
 * an error, so a typo does not silently fall back to a default.
 */
import type { AnalyticsConfig } from './reserved-types.js';
import type { MapReader } from './yaml-reader.js';

/** Seed keys that name a directory: state lives in `store` instead. */
const DIRECTORY_KEYS = ['baselines_dir', 'analytics_dir', 'optimization_dir'];

function rejectDirectories(section: MapReader): void {
  for (const key of DIRECTORY_KEYS) {
    section.refuse(key, 'is not used: all state lives in the database named by `store`');
  }
}

/** Reads `analytics`: `ml_models`. */
export function readAnalytics(root: MapReader): AnalyticsConfig {
  const analytics = root.map('analytics');
  rejectDirectories(analytics);
  const models = analytics.map('ml_models');
  const anomaly = models.map('anomaly_detection');
  const prediction = models.map('performance_prediction');
  const out: AnalyticsConfig = {
    mlModels: {
      anomalyDetection: {
        contamination: anomaly.number('contamination', 0.1, { above: 0, max: 0.5 }),
        nEstimators: anomaly.number('n_estimators', 100, { min: 1, max: 10_000, integer: true }),
      },
      performancePrediction: {
        nEstimators: prediction.number('n_estimators', 100, { min: 1, max: 10_000, integer: true }),
        maxDepth: prediction.number('max_depth', 10, { min: 1, max: 64, integer: true }),
      },
    },
  };
  anomaly.finish();
  prediction.finish();
  models.finish();
  analytics.finish();
  return out;
}
