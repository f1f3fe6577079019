import { ATTR_CACHE_RESULT, ATTR_ERROR_TYPE, CACHE_RESULT_VALUES } from './attributes.js';
import {
  METRIC_ACCURACY_CHECKS,
  METRIC_ACCURACY_VIOLATIONS,
  METRIC_CACHE_REQUESTS,
  METRIC_COMPILATION_DURATION,
  METRIC_MEMORY_UTILIZATION,
  METRIC_OPERATION_DURATION,
  METRIC_SECURITY_CHECK_DURATION,
} from './metrics.js';

/** Whether a larger SLI value is better or worse. */
export type SliPolarity = 'higher_is_better' | 'lower_is_better';

/** Comparison an SLI must satisfy against its target. */
export type SliComparison = '>=' | '<';

/**
 * Which quantity of a metric's points is aggregated over a window:
 * - `count`: number of measurements (histogram count, or counter increments),
 * - `sum`: sum of measured values (histogram sum, or counter increments),
 * - `last`/`max`: of gauge values.
 */
export type SliAggregation = 'count' | 'sum' | 'last' | 'max';

/** A selection of a metric's points over the evaluation window. */
export interface SliSelector {
  /** Metric name from the registry. */
  readonly metric: string;
  /** How points are reduced to one number over the window. */
  readonly aggregation: SliAggregation;
  /**
   * Attribute filter. A string value requires equality; `present: true` requires the
   * attribute to be set, `present: false` requires it to be absent.
   */
  readonly where?: Readonly<Record<string, string | boolean | { readonly present: boolean }>>;
}

/** How an SLI is computed from the metrics. */
export type SliComputation =
  /** `numerator / denominator`, each reduced over the window; optionally `1 - ratio`. */
  | {
      readonly kind: 'ratio';
      readonly numerator: SliSelector;
      readonly denominator: SliSelector;
      /** When true the SLI is `1 - numerator / denominator`. */
      readonly complement?: boolean;
    }
  /** A quantile of a histogram metric over the window. */
  | { readonly kind: 'quantile'; readonly metric: string; readonly quantile: number }
  /** The selector's reduction over the window, as is. */
  | { readonly kind: 'value'; readonly selector: SliSelector }
  /** The selector's reduction divided by the window length, scaled to `perSeconds`. */
  | { readonly kind: 'rate'; readonly selector: SliSelector; readonly perSeconds: number };

/** A service level indicator with its default objective. */
export interface SliDefinition {
  /** Stable identifier, as used in configuration (`slo.targets.<id>`). */
  readonly id: string;
  /** Human-readable name. */
  readonly title: string;
  /** What the SLI means. */
  readonly description: string;
  /** Unit of the SLI value. */
  readonly unit: string;
  /** Whether higher or lower values are better. */
  readonly polarity: SliPolarity;
  /** The comparison against {@link SliDefinition.target}. */
  readonly comparison: SliComparison;
  /** Default target value. */
  readonly target: number;
  /** How it is computed from the registry's metrics. */
  readonly computation: SliComputation;
}

/** SLI identifiers. */
export const SLI_ACCURACY_PRESERVATION = 'accuracy_preservation';
export const SLI_RESPONSE_TIME = 'response_time';
export const SLI_MEMORY_UTILIZATION = 'memory_utilization';
export const SLI_CACHE_HIT_RATE = 'cache_hit_rate';
export const SLI_JIT_COMPILATION_OVERHEAD = 'jit_compilation_overhead';
export const SLI_SECURITY_OVERHEAD = 'security_overhead';
export const SLI_ERROR_RATE = 'error_rate';
export const SLI_THROUGHPUT = 'throughput';

/** The SLIs and their default targets. */
export const SLIS: readonly SliDefinition[] = [
  {
    id: SLI_ACCURACY_PRESERVATION,
    title: 'Accuracy preservation',
    description: 'Share of accuracy-checked operations that met their expected accuracy.',
    unit: '1',
    polarity: 'higher_is_better',
    comparison: '>=',
    target: 0.999,
    computation: {
      kind: 'ratio',
      numerator: { metric: METRIC_ACCURACY_VIOLATIONS, aggregation: 'sum' },
      denominator: { metric: METRIC_ACCURACY_CHECKS, aggregation: 'sum' },
      complement: true,
    },
  },
  {
    id: SLI_RESPONSE_TIME,
    title: 'Response time (p95)',
    description: '95th percentile of operation duration.',
    unit: 's',
    polarity: 'lower_is_better',
    comparison: '<',
    target: 2.0,
    computation: { kind: 'quantile', metric: METRIC_OPERATION_DURATION, quantile: 0.95 },
  },
  {
    id: SLI_MEMORY_UTILIZATION,
    title: 'Memory utilization',
    description: 'Highest heap utilization (heap used / heap limit) seen in the window.',
    unit: '1',
    polarity: 'lower_is_better',
    comparison: '<',
    target: 0.8,
    computation: {
      kind: 'value',
      selector: { metric: METRIC_MEMORY_UTILIZATION, aggregation: 'max' },
    },
  },
  {
    id: SLI_CACHE_HIT_RATE,
    title: 'Cache hit rate',
    description: 'Share of cache lookups that hit.',
    unit: '1',
    polarity: 'higher_is_better',
    comparison: '>=',
    target: 0.85,
    computation: {
      kind: 'ratio',
      numerator: {
        metric: METRIC_CACHE_REQUESTS,
        aggregation: 'sum',
        where: { [ATTR_CACHE_RESULT]: CACHE_RESULT_VALUES.HIT },
      },
      denominator: { metric: METRIC_CACHE_REQUESTS, aggregation: 'sum' },
    },
  },
  {
    id: SLI_JIT_COMPILATION_OVERHEAD,
    title: 'JIT compilation overhead',
    description: 'Compilation time as a share of total operation time.',
    unit: '1',
    polarity: 'lower_is_better',
    comparison: '<',
    target: 0.2,
    computation: {
      kind: 'ratio',
      numerator: { metric: METRIC_COMPILATION_DURATION, aggregation: 'sum' },
      denominator: { metric: METRIC_OPERATION_DURATION, aggregation: 'sum' },
    },
  },
  {
    id: SLI_SECURITY_OVERHEAD,
    title: 'Security overhead',
    description: 'Time in security checks as a share of total operation time.',
    unit: '1',
    polarity: 'lower_is_better',
    comparison: '<',
    target: 0.1,
    computation: {
      kind: 'ratio',
      numerator: { metric: METRIC_SECURITY_CHECK_DURATION, aggregation: 'sum' },
      denominator: { metric: METRIC_OPERATION_DURATION, aggregation: 'sum' },
    },
  },
  {
    id: SLI_ERROR_RATE,
    title: 'Error rate',
    description: 'Share of operations that ended with an error.',
    unit: '1',
    polarity: 'lower_is_better',
    comparison: '<',
    target: 0.01,
    computation: {
      kind: 'ratio',
      numerator: {
        metric: METRIC_OPERATION_DURATION,
        aggregation: 'count',
        where: { [ATTR_ERROR_TYPE]: { present: true } },
      },
      denominator: { metric: METRIC_OPERATION_DURATION, aggregation: 'count' },
    },
  },
  {
    id: SLI_THROUGHPUT,
    title: 'Throughput',
    description: 'Operations completed per minute.',
    unit: '{operation}/min',
    polarity: 'higher_is_better',
    comparison: '>=',
    target: 100,
    computation: {
      kind: 'rate',
      selector: { metric: METRIC_OPERATION_DURATION, aggregation: 'count' },
      perSeconds: 60,
    },
  },
];

/** Looks an SLI up by id. */
export function getSliDefinition(id: string): SliDefinition | undefined {
  return SLIS.find((s) => s.id === id);
}

/** Whether `value` meets `sli`'s objective with the given target (default: the SLI's own). */
export function meetsObjective(sli: SliDefinition, value: number, target = sli.target): boolean {
  return sli.comparison === '>=' ? value >= target : value < target;
}
