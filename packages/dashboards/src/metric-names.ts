/**
 * Prometheus names of the registry's metrics and attributes, through the one translation the
 * service's `/metrics` uses (`prometheusNameOf`, `sanitizeLabelName` in `@heterodyne/semconv`).
 * An unknown name throws at generation time, so a renamed metric cannot leave a dashboard
 * querying nothing.
 */
import {
  ANALYTICS_METRICS,
  BASELINE_METRICS,
  METRICS,
  MONITOR_METRICS,
  OPTIMIZATION_METRICS,
  SLO_METRICS,
  prometheusNameOf,
  sanitizeLabelName,
} from '@heterodyne/semconv';
import type { MetricDefinition } from '@heterodyne/semconv';

const REGISTRY: readonly MetricDefinition[] = [
  ...METRICS,
  ...MONITOR_METRICS,
  ...SLO_METRICS,
  ...BASELINE_METRICS,
  ...ANALYTICS_METRICS,
  ...OPTIMIZATION_METRICS,
];

/** The definition of an OTel metric name; throws when no registry holds it. */
export function definitionOf(name: string): MetricDefinition {
  const definition = REGISTRY.find((d) => d.name === name);
  if (definition === undefined) {
    throw new Error(`dashboards: metric '${name}' is not in @heterodyne/semconv`);
  }
  return definition;
}

/** The Prometheus name of an OTel metric: `heterodyne.slo.sli` → `heterodyne_slo_sli_ratio`. */
export function prom(name: string): string {
  return prometheusNameOf(definitionOf(name));
}

function histogram(name: string): string {
  const definition = definitionOf(name);
  if (definition.instrument !== 'histogram') {
    throw new Error(`dashboards: metric '${name}' is a ${definition.instrument}, not a histogram`);
  }
  return prometheusNameOf(definition);
}

/** `<histogram>_bucket`. */
export function bucket(name: string): string {
  return `${histogram(name)}_bucket`;
}

/** `<histogram>_count`. */
export function count(name: string): string {
  return `${histogram(name)}_count`;
}

/** `<histogram>_sum`. */
export function sum(name: string): string {
  return `${histogram(name)}_sum`;
}

/** The label name of an OTel attribute: `heterodyne.slo.id` → `heterodyne_slo_id`. */
export function label(attribute: string): string {
  return sanitizeLabelName(attribute);
}
