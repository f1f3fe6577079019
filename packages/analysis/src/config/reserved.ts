/**
 * Reading of the sections reserved for later engines (see `reserved-types.ts`). Every key of
 * the feature description's configuration example is accepted and checked; anything else is
 * an error, so a typo does not silently fall back to a default.
 */
import { LEVELS, OPTIMIZATION_CATEGORIES } from './reserved-types.js';
import type { OptimizationConfig, OptimizationTemplateConfig } from './reserved-types.js';
import { readNumber, report } from './yaml-scalars.js';
import type { MapReader } from './yaml-reader.js';

/** Seed keys that name a directory: state lives in `store` instead. */
const DIRECTORY_KEYS = ['baselines_dir', 'analytics_dir', 'optimization_dir'];

function rejectDirectories(section: MapReader): void {
  for (const key of DIRECTORY_KEYS) {
    section.refuse(key, 'is not used: all state lives in the database named by `store`');
  }
}

/** Reads `optimization`. */
export function readOptimization(root: MapReader): OptimizationConfig {
  const optimization = root.map('optimization');
  rejectDirectories(optimization);
  const priorities = optimization.map('optimization_priorities');
  const optimizationPriorities: Record<string, number> = optimization.has('optimization_priorities')
    ? {}
    : { accuracy_preservation: 10, performance_critical: 9, memory_optimization: 7 };
  for (const { key, node, path } of priorities.entries()) {
    const value = readNumber(root.ctx, node, path);
    if (value !== undefined) optimizationPriorities[key] = value;
  }
  priorities.finish();
  const templates = optimization.map('optimization_templates');
  const optimizationTemplates: Record<string, OptimizationTemplateConfig> = {};
  for (const { key } of templates.entries()) {
    const t = templates.map(key);
    if (!t.has('category')) report(t.ctx, t.pathOf('category'), 'is required', t.mapNode);
    optimizationTemplates[key] = {
      category: t.oneOf('category', OPTIMIZATION_CATEGORIES, 'algorithm'),
      implementationEffort: t.oneOf('implementation_effort', LEVELS, 'medium'),
      riskLevel: t.oneOf('risk_level', LEVELS, 'medium'),
      autoExecutable: t.boolean('auto_executable', false),
      description: t.string('description', ''),
    };
    t.finish();
  }
  templates.finish();
  const out: OptimizationConfig = {
    autoRemediationEnabled: optimization.boolean('auto_remediation_enabled', false),
    autoExecutionThreshold: optimization.number('auto_execution_threshold', 0.9, {
      min: 0,
      max: 1,
    }),
    accuracyLossThreshold: optimization.number('accuracy_loss_threshold', 0.01, { min: 0, max: 1 }),
    optimizationPriorities,
    optimizationTemplates,
  };
  optimization.finish();
  return out;
}
