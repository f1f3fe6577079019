/**
 * Sections reserved for the engines that come later (analytics), and the re-exported types
 * of the sections that have their own readers (`baselines-config.ts`,
 * `optimization-config.ts`). They hold exactly the keys the feature description documents,
 * in snake_case in the file and camelCase here. The `*_dir` keys of that example are not
 * taken: all state lives in `store`.
 */
export { BASELINE_METHODS } from './baselines-config.js';
export { LEVELS, OPTIMIZATION_CATEGORIES } from './optimization-config.js';
export type { OptimizationConfig, OptimizationTemplateConfig } from './optimization-config.js';

export type { BaselinesConfig } from './baselines-config.js';

/** `analytics`. */
export interface AnalyticsConfig {
  mlModels: {
    anomalyDetection: {
      /** Expected share of anomalies. @default 0.1 */
      contamination: number;
      /** Trees in the isolation forest. @default 100 */
      nEstimators: number;
    };
    performancePrediction: {
      /** Trees in the random forest. @default 100 */
      nEstimators: number;
      /** @default 10 */
      maxDepth: number;
    };
  };
}
