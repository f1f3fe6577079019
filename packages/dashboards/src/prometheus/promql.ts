/**
 * PromQL pieces for the SLO rules: Prometheus durations, numbers, label matchers and the
 * series a semconv metric quantity is scraped as (through the shared OTel → Prometheus
 * name translation of `@heterodyne/semconv`).
 */
import {
  getMetricDefinition,
  prometheusMetricName,
  prometheusNameOf,
  sanitizeLabelName,
} from '@heterodyne/semconv';
import type { MetricDefinition } from '@heterodyne/semconv';
import type { RuleMetricQuantity } from './types.js';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** A duration in seconds as Prometheus writes it, in its largest whole unit: `5m`, `1h`, `30d`. */
export function promDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new RangeError(`window of ${seconds} s: must be a positive whole number of seconds`);
  }
  if (seconds % DAY === 0) return `${seconds / DAY}d`;
  if (seconds % HOUR === 0) return `${seconds / HOUR}h`;
  if (seconds % MINUTE === 0) return `${seconds / MINUTE}m`;
  return `${seconds}s`;
}

/** A number for an expression, without binary floating-point noise (`1 - 0.99` → `0.01`). */
export function promNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/**
 * The label of a grouping or filter attribute on scraped series: `service.name` becomes
 * `job` and `service.instance.id` becomes `instance` (the OTel compatibility specification
 * puts resource identity there); any other key is a point attribute, sanitized.
 */
export function labelOf(attribute: string): string {
  if (attribute === 'service.name') return 'job';
  if (attribute === 'service.instance.id') return 'instance';
  return sanitizeLabelName(attribute);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Label matchers for an attribute filter (without braces), in key order. */
export function matchersOf(
  where: RuleMetricQuantity['where'],
  extra: readonly string[] = [],
): string[] {
  const out = [...extra];
  for (const key of Object.keys(where ?? {}).sort()) {
    const value = (where ?? {})[key];
    const label = labelOf(key);
    if (typeof value === 'string') out.push(`${label}="${escapeLabelValue(value)}"`);
    else if (value !== undefined) out.push(value.present ? `${label}!=""` : `${label}=""`);
  }
  return out;
}

/** `name{matchers}`, or `name` with none. */
export function selector(name: string, matchers: readonly string[]): string {
  return matchers.length === 0 ? name : `${name}{${matchers.join(', ')}}`;
}

/** Looks a metric up in `registry`, then in the semconv registry. */
export function findMetric(
  metric: string,
  registry: readonly MetricDefinition[],
): MetricDefinition | undefined {
  return registry.find((m) => m.name === metric) ?? getMetricDefinition(metric);
}

/**
 * The series name of a quantity: a histogram's `_count` or `_sum`, or a counter's `_total`.
 * A metric outside the registries is taken to be a histogram for `count` and a counter for
 * `sum`, without a unit suffix.
 */
export function quantitySeries(
  quantity: RuleMetricQuantity,
  registry: readonly MetricDefinition[],
): string {
  const definition = findMetric(quantity.metric, registry);
  if (definition === undefined) {
    return quantity.quantity === 'count'
      ? `${prometheusMetricName(quantity.metric, '', 'histogram')}_count`
      : prometheusMetricName(quantity.metric, '', 'counter');
  }
  const base = prometheusNameOf(definition);
  if (definition.instrument === 'histogram') return `${base}_${quantity.quantity}`;
  return base;
}
