/**
 * Builds the SLO engine from the configuration: the built-in SLOs (one per semconv SLI with
 * its configured target) unless `slo.builtin: false`, then the user-defined ones.
 */
import { SLIS } from '@heterodyne/semconv';
import type { SloConfig } from '../../config/types.js';
import type { EngineFactory } from '../registry.js';
import { sloFromSli } from './builtin-slos.js';
import { createSloEngine } from './slo-engine.js';
import { exportSloMetrics } from './slo-metrics-export.js';
import type { SloSpec } from './types.js';

/** The SLOs a configuration defines, built-in first. */
export function sloSpecsOf(config: SloConfig): SloSpec[] {
  const specs: SloSpec[] = [];
  if (config.builtin) {
    const defaults = {
      window: config.window,
      groupBy: config.groupBy,
      alertWindows: config.alertWindows,
      sliceSeconds: config.sliceSeconds,
    };
    for (const sli of SLIS) {
      const target = config.targets[sli.id] ?? sli.target;
      const spec = sloFromSli(sli, target, defaults, {
        sliceObjective: config.gaugeSliceObjective,
        origin: `@heterodyne/semconv (slo.targets.${sli.id})`,
      });
      if (spec) specs.push(spec);
    }
  }
  return [...specs, ...config.objectives];
}

/** The engine factory: one `slo` engine when any SLO is defined. */
export const createSloEngines: EngineFactory = (config, deps) => {
  const slos = sloSpecsOf(config.slo);
  if (slos.length === 0) return [];
  const engine = createSloEngine({
    slos,
    store: deps.store,
    logger: deps.logger,
    ...(config.service.replica === undefined ? {} : { replica: config.service.replica }),
    intervalMillis: config.slo.evaluationIntervalMillis,
    historyIntervalMillis: config.slo.historyIntervalMillis,
    checkpointIntervalMillis: config.slo.checkpointIntervalMillis,
  });
  if (deps.metrics) {
    const unregister = exportSloMetrics(deps.metrics, () => engine.statuses());
    const shutdown = engine.shutdown?.bind(engine);
    return [
      Object.assign(engine, {
        async shutdown() {
          unregister();
          await shutdown?.();
        },
      }),
    ];
  }
  return [engine];
};
