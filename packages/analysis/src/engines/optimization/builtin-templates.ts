/**
 * The built-in templates, one per kind of opportunity of the seed's categories, each a rule
 * over the measured signals with the test that gives its confidence:
 *
 * | id | category | condition | confidence |
 * | --- | --- | --- | --- |
 * | `cache_tuning` | algorithm (caching) | hit rate under target while lookups are frequent | one-sided binomial z-test of the hit rate against the target |
 * | `jit_warmup` | algorithm (JIT) | compile time > 20 % of operation time, >= 5 cold starts | share of intervals over the threshold (rule of succession) |
 * | `memory_pooling` | memory | memory rising by > 10 % over the window | 1 - Mann-Kendall p-value |
 * | `numerical_stability` | numerical | non-finite values appearing | 1 - e^-k for k non-finite values |
 * | `version_regression` | algorithm | latency up > 20 % after a `service.version` change | 1 - Welch t-test p-value |
 * | `vectorization` | algorithm (vectorization) | one operation > 60 % of total time | share of intervals it dominated (rule of succession) |
 *
 * I/O has no measured signal among the heterodyne conventions; custom templates cover it.
 */
import type { OptimizationThresholds } from '../../config/optimization-config.js';
import {
  cacheTuning,
  jitWarmup,
  memoryPooling,
  numericalStability,
  vectorization,
  versionRegression,
} from './template-rules.js';
import type { OptimizationTemplate } from './types.js';

/**
 * The memory-growth template, but its detection: over the service's series here, over a
 * `PerformanceAnalytics`' metrics in process (`analytics-template.ts`).
 */
export const MEMORY_POOLING: Omit<OptimizationTemplate, 'detect'> = {
  id: 'memory_pooling',
  category: 'memory',
  title: 'Memory ({subject}) rising: pool allocations or tune GC',
  description: 'Reuse buffers (pooling) or tune the garbage collector: memory keeps growing.',
  implementationEffort: 'medium',
  riskLevel: 'medium',
  autoExecutable: false,
  action: 'memory_tune',
  priorityKey: 'memory_optimization',
};

/** The built-in templates with the configured thresholds. */
export function builtinTemplates(
  th: OptimizationThresholds,
  significance: number,
): OptimizationTemplate[] {
  return [
    {
      id: 'cache_tuning',
      category: 'algorithm',
      title: 'Cache {subject}: hit rate under target',
      description: 'Grow or re-key the cache: lookups are frequent and too many miss.',
      implementationEffort: 'low',
      riskLevel: 'low',
      autoExecutable: true,
      action: 'cache_tune',
      priorityKey: 'performance_critical',
      detect: cacheTuning(th),
    },
    {
      id: 'jit_warmup',
      category: 'algorithm',
      title: '{subject}: compilation overhead, warm up the kernels',
      description:
        'Compile ahead (warm-up) or cache compiled kernels: cold starts cost a large share of the time.',
      implementationEffort: 'low',
      riskLevel: 'low',
      autoExecutable: true,
      action: 'jit_warmup',
      priorityKey: 'performance_critical',
      detect: jitWarmup(th),
    },
    { ...MEMORY_POOLING, detect: memoryPooling(th) },
    {
      id: 'numerical_stability',
      category: 'numerical',
      title: '{subject}: non-finite values, improve numerical stability',
      description:
        'Rescale, use a stabler formulation or higher precision: results contain NaN or infinities.',
      implementationEffort: 'medium',
      riskLevel: 'high',
      autoExecutable: false,
      priorityKey: 'accuracy_preservation',
      detect: numericalStability(),
    },
    {
      id: 'version_regression',
      category: 'algorithm',
      title: '{subject}: latency regression after a version change',
      description:
        'Compare the new version with the previous one: the operation got slower when it was deployed.',
      implementationEffort: 'medium',
      riskLevel: 'medium',
      autoExecutable: false,
      priorityKey: 'performance_critical',
      detect: versionRegression(th, significance),
    },
    {
      id: 'vectorization',
      category: 'algorithm',
      title: '{subject} dominates total time: vectorize it',
      description: 'Vectorize or parallelize the hot operation: it takes most of the time.',
      implementationEffort: 'high',
      riskLevel: 'medium',
      autoExecutable: false,
      priorityKey: 'performance_critical',
      detect: vectorization(th),
    },
  ];
}
