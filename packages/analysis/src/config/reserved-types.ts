/**
 * The types of the engine sections that have their own readers (`baselines-config.ts`,
 * `analytics-config.ts`, `optimization-config.ts`), re-exported in one place for the
 * configuration's root type. They hold the keys the feature description documents, in
 * snake_case in the file and camelCase here. The `*_dir` keys of that example are refused:
 * all state lives in `store`.
 */
export { BASELINE_METHODS } from './baselines-config.js';
export { LEVELS, OPTIMIZATION_CATEGORIES } from './optimization-config.js';
export type { OptimizationConfig, OptimizationTemplateConfig } from './optimization-config.js';
export type { AnalyticsConfig } from './analytics-config.js';
export type { BaselinesConfig } from './baselines-config.js';
