/**
 * Exports the open opportunities and the remediation decisions as the
 * `heterodyne.opportunity.*` and `heterodyne.remediation.*` metrics (names and descriptions
 * from `@heterodyne/semconv`).
 */
import {
  ATTR_OPPORTUNITY_CATEGORY,
  ATTR_OPPORTUNITY_SUBJECT,
  ATTR_OPPORTUNITY_TEMPLATE,
  ATTR_REMEDIATION_ACTION,
  ATTR_REMEDIATION_OUTCOME,
  METRIC_OPPORTUNITY_ACTIVE,
  METRIC_OPPORTUNITY_CONFIDENCE,
  METRIC_OPPORTUNITY_PREDICTED_IMPACT,
  METRIC_OPPORTUNITY_PRIORITY,
  METRIC_REMEDIATION_ACTIONS,
  METRIC_REMEDIATION_CANARIES,
  OPTIMIZATION_METRICS,
} from '@heterodyne/semconv';
import type { DerivedMetrics } from '../../telemetry/derived-metrics.js';
import type { Opportunity } from './types.js';

function definition(name: string): { name: string; description: string; unit: string } {
  const d = OPTIMIZATION_METRICS.find((m) => m.name === name)!;
  return { name, description: d.description, unit: d.unit };
}

/** The export: call `outcome` per decision; `unregister` at shutdown. */
export interface OptimizationMetricsExport {
  outcome(action: string, outcome: string): void;
  unregister(): void;
}

/** Registers the gauges (read from `opportunities` and `canaries` at each collection). */
export function exportOptimizationMetrics(
  metrics: DerivedMetrics,
  opportunities: () => Iterable<Opportunity>,
  canaries: () => number,
): OptimizationMetricsExport {
  const counter = metrics.meter.createCounter(METRIC_REMEDIATION_ACTIONS, {
    description: definition(METRIC_REMEDIATION_ACTIONS).description,
    unit: definition(METRIC_REMEDIATION_ACTIONS).unit,
  });
  const each =
    (read: (o: Opportunity) => number) =>
    (observe: (v: number, a: Record<string, string>) => void) => {
      for (const o of opportunities()) {
        observe(read(o), {
          [ATTR_OPPORTUNITY_TEMPLATE]: o.template,
          [ATTR_OPPORTUNITY_CATEGORY]: o.category,
          [ATTR_OPPORTUNITY_SUBJECT]: o.subject,
        });
      }
    };
  const unregister = [
    metrics.registerGauge(definition(METRIC_OPPORTUNITY_ACTIVE), (observe) => {
      const counts = new Map<string, { template: string; category: string; n: number }>();
      for (const o of opportunities()) {
        const key = `${o.template}\u0000${o.category}`;
        const c = counts.get(key) ?? { template: o.template, category: o.category, n: 0 };
        c.n++;
        counts.set(key, c);
      }
      for (const c of counts.values()) {
        observe(c.n, {
          [ATTR_OPPORTUNITY_TEMPLATE]: c.template,
          [ATTR_OPPORTUNITY_CATEGORY]: c.category,
        });
      }
    }),
    metrics.registerGauge(
      definition(METRIC_OPPORTUNITY_PRIORITY),
      each((o) => o.priority),
    ),
    metrics.registerGauge(
      definition(METRIC_OPPORTUNITY_CONFIDENCE),
      each((o) => o.confidence),
    ),
    metrics.registerGauge(
      definition(METRIC_OPPORTUNITY_PREDICTED_IMPACT),
      each((o) => o.impact.ratio),
    ),
    metrics.registerGauge(definition(METRIC_REMEDIATION_CANARIES), (observe) =>
      observe(canaries()),
    ),
  ];
  return {
    outcome(action, outcome) {
      counter.add(1, { [ATTR_REMEDIATION_ACTION]: action, [ATTR_REMEDIATION_OUTCOME]: outcome });
    },
    unregister() {
      for (const u of unregister) u();
    },
  };
}
