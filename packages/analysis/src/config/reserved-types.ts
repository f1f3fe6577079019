/**
 * Sections reserved for the engines that come later (baselines, analytics, optimization). They hold exactly the keys the feature description documents (its
 * "Complete Configuration Example", the alert rule and optimization template examples),
 * in snake_case in the file and camelCase here. The `*_dir` keys of that example are not
 * taken: all state lives in `store`.
 */
export { BASELINE_METHODS } from './baselines-config.js';
/** Optimization categories. */
export const OPTIMIZATION_CATEGORIES = ['algorithm', 'memory', 'io', 'numerical'] as const;
/** Effort and risk levels of optimization templates. */
export const LEVELS = ['low', 'medium', 'high'] as const;

export type { BaselinesConfig } from './baselines-config.js';

export type { AnalyticsConfig } from './analytics-config.js';

/** An optimization template (`optimization.optimization_templates.<id>`). */
export interface OptimizationTemplateConfig {
  category: (typeof OPTIMIZATION_CATEGORIES)[number];
  implementationEffort: (typeof LEVELS)[number];
  riskLevel: (typeof LEVELS)[number];
  autoExecutable: boolean;
  description: string;
}

/** `optimization`. */
export interface OptimizationConfig {
  /** Off unless turned on: remediation changes running systems. @default false */
  autoRemediationEnabled: boolean;
  /** Confidence above which an opportunity may run automatically. @default 0.9 */
  autoExecutionThreshold: number;
  /** Largest accuracy loss an optimization may cause before it is rolled back. @default 0.01 */
  accuracyLossThreshold: number;
  /** Priority per opportunity kind (higher first). */
  optimizationPriorities: Record<string, number>;
  optimizationTemplates: Record<string, OptimizationTemplateConfig>;
}
