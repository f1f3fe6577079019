/**
 * The templates a configuration asks for: the built-in ones with the file's overrides (risk,
 * auto-execution, description, action, priority key), then the custom ones with a condition.
 */
import type { OptimizationConfig } from '../../config/optimization-config.js';
import type { SeriesView } from '../series-view.js';
import { builtinTemplates } from './builtin-templates.js';
import { customTemplate } from './custom-templates.js';
import type { OptimizationTemplate } from './types.js';

/** The templates of `config`; custom ones read the series through `view` when they run. */
export function configuredTemplates(
  c: OptimizationConfig,
  view: () => SeriesView | undefined,
): OptimizationTemplate[] {
  const builtins = builtinTemplates(c.thresholds, c.significance).map((t) => {
    const o = c.optimizationTemplates[t.id];
    if (!o) return t;
    return {
      ...t,
      implementationEffort: o.implementationEffort,
      riskLevel: o.riskLevel,
      autoExecutable: o.autoExecutable,
      ...(o.description ? { description: o.description } : {}),
      ...(o.action ? { action: o.action } : {}),
      ...(o.priority ? { priorityKey: o.priority } : {}),
    };
  });
  const customs = Object.entries(c.optimizationTemplates).flatMap(([id, t]) =>
    t.condition && !builtins.some((b) => b.id === id)
      ? [customTemplate(id, { ...t, condition: t.condition }, view)]
      : [],
  );
  return [...builtins, ...customs];
}
