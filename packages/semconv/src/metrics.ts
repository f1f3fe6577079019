import {
  ATTR_ACCURACY_METHOD,
  ATTR_ACCURACY_PRESERVED,
  ATTR_CACHE_NAME,
  ATTR_CACHE_RESULT,
  ATTR_ERROR_TYPE,
  ATTR_JIT_COLD_START,
  ATTR_MEMORY_TYPE,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  ATTR_SECURITY_CHECK_NAME,
} from './attributes.js';
import { ACCURACY_BUCKETS, DURATION_BUCKETS_SECONDS, ITERATION_BUCKETS } from './buckets.js';

/** Duration of one instrumented operation. Histogram, seconds. */
export const METRIC_OPERATION_DURATION = 'heterodyne.operation.duration';
/** Accuracy achieved by calls whose accuracy was measured. Histogram, unit `1`. */
export const METRIC_ACCURACY_ACHIEVED = 'heterodyne.accuracy.achieved';
/** Calls whose accuracy was checked (measured or validated). Counter. */
export const METRIC_ACCURACY_CHECKS = 'heterodyne.accuracy.checks';
/** Calls whose achieved accuracy fell below the expected accuracy. Counter. */
export const METRIC_ACCURACY_VIOLATIONS = 'heterodyne.accuracy.violations';
/** Cache lookups, by cache name and result (`hit`/`miss`). Counter. */
export const METRIC_CACHE_REQUESTS = 'heterodyne.cache.requests';
/** Time spent compiling (JIT, WASM, kernels). Histogram, seconds. */
export const METRIC_COMPILATION_DURATION = 'heterodyne.jit.compilation.duration';
/** Time spent in security checks. Histogram, seconds. */
export const METRIC_SECURITY_CHECK_DURATION = 'heterodyne.security.check.duration';
/** NaN and infinite values found in operation results. Counter. */
export const METRIC_NON_FINITE_VALUES = 'heterodyne.numerical.non_finite';
/** Iterations an optimizer ran in one fit. Histogram. */
export const METRIC_OPTIMIZATION_ITERATIONS = 'heterodyne.optimization.iterations';
/** Process memory in use, by kind (`heap_used`, `heap_limit`, `rss`). Gauge, bytes. */
export const METRIC_MEMORY_USAGE = 'heterodyne.process.memory.usage';
/** Heap used divided by heap limit. Gauge, unit `1`. */
export const METRIC_MEMORY_UTILIZATION = 'heterodyne.process.memory.utilization';

/** The OTel instrument a metric is recorded with. */
export type InstrumentKind = 'histogram' | 'counter' | 'updowncounter' | 'gauge';

/** One metric of the registry. */
export interface MetricDefinition {
  /** The metric name. */
  readonly name: string;
  /** The instrument kind used to record it. */
  readonly instrument: InstrumentKind;
  /** UCUM unit, as OTel semantic conventions write it (`s`, `By`, `1`, `{request}`). */
  readonly unit: string;
  /** What the metric measures. */
  readonly description: string;
  /** Attributes recorded on its points. */
  readonly attributes: readonly string[];
  /** Explicit bucket boundaries (histograms only), passed as `advice`. */
  readonly buckets?: readonly number[];
}

/** Every metric of the conventions, in documentation order. */
export const METRICS: readonly MetricDefinition[] = [
  {
    name: METRIC_OPERATION_DURATION,
    instrument: 'histogram',
    unit: 's',
    description: 'Duration of an instrumented heterodyne operation.',
    attributes: [
      ATTR_OPERATION_NAME,
      ATTR_OPTIMIZATION_METHOD,
      ATTR_JIT_COLD_START,
      ATTR_ERROR_TYPE,
    ],
    buckets: DURATION_BUCKETS_SECONDS,
  },
  {
    name: METRIC_ACCURACY_ACHIEVED,
    instrument: 'histogram',
    unit: '1',
    description: 'Accuracy achieved by operations whose accuracy was measured.',
    attributes: [ATTR_OPERATION_NAME, ATTR_ACCURACY_METHOD],
    buckets: ACCURACY_BUCKETS,
  },
  {
    name: METRIC_ACCURACY_CHECKS,
    instrument: 'counter',
    unit: '{check}',
    description: 'Operations whose accuracy was checked.',
    attributes: [ATTR_OPERATION_NAME, ATTR_ACCURACY_METHOD, ATTR_ACCURACY_PRESERVED],
  },
  {
    name: METRIC_ACCURACY_VIOLATIONS,
    instrument: 'counter',
    unit: '{violation}',
    description: 'Operations whose achieved accuracy fell below the expected accuracy.',
    attributes: [ATTR_OPERATION_NAME, ATTR_ACCURACY_METHOD],
  },
  {
    name: METRIC_CACHE_REQUESTS,
    instrument: 'counter',
    unit: '{request}',
    description: 'Cache lookups by cache and result.',
    attributes: [ATTR_CACHE_NAME, ATTR_CACHE_RESULT],
  },
  {
    name: METRIC_COMPILATION_DURATION,
    instrument: 'histogram',
    unit: 's',
    description: 'Time spent compiling code (JIT, WASM, kernels), reported or detected.',
    attributes: [ATTR_OPERATION_NAME],
    buckets: DURATION_BUCKETS_SECONDS,
  },
  {
    name: METRIC_SECURITY_CHECK_DURATION,
    instrument: 'histogram',
    unit: 's',
    description: 'Time spent in security checks.',
    attributes: [ATTR_SECURITY_CHECK_NAME, ATTR_ERROR_TYPE],
    buckets: DURATION_BUCKETS_SECONDS,
  },
  {
    name: METRIC_NON_FINITE_VALUES,
    instrument: 'counter',
    unit: '{value}',
    description: 'NaN and infinite values found in operation results.',
    attributes: [ATTR_OPERATION_NAME],
  },
  {
    name: METRIC_OPTIMIZATION_ITERATIONS,
    instrument: 'histogram',
    unit: '{iteration}',
    description: 'Iterations an optimizer ran in one fit.',
    attributes: [ATTR_OPERATION_NAME, ATTR_OPTIMIZATION_METHOD],
    buckets: ITERATION_BUCKETS,
  },
  {
    name: METRIC_MEMORY_USAGE,
    instrument: 'gauge',
    unit: 'By',
    description: 'Process memory in use, by kind.',
    attributes: [ATTR_MEMORY_TYPE],
  },
  {
    name: METRIC_MEMORY_UTILIZATION,
    instrument: 'gauge',
    unit: '1',
    description: 'Heap used divided by the heap limit.',
    attributes: [],
  },
];

/** Looks a metric up by name. */
export function getMetricDefinition(name: string): MetricDefinition | undefined {
  return METRICS.find((m) => m.name === name);
}
