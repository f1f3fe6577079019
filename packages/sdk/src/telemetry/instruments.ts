import { ValueType } from '@opentelemetry/api';
import type { Counter, Histogram, Meter, MetricOptions } from '@opentelemetry/api';
import {
  METRIC_ACCURACY_ACHIEVED,
  METRIC_ACCURACY_CHECKS,
  METRIC_ACCURACY_VIOLATIONS,
  METRIC_CACHE_REQUESTS,
  METRIC_COMPILATION_DURATION,
  METRIC_NON_FINITE_VALUES,
  METRIC_OPERATION_DURATION,
  METRIC_OPTIMIZATION_ITERATIONS,
  METRIC_SECURITY_CHECK_DURATION,
  getMetricDefinition,
} from '@heterodyne/semconv';

/** The synchronous instruments the SDK records with, created once per meter. */
export interface Instruments {
  readonly operationDuration: Histogram;
  readonly accuracyAchieved: Histogram;
  readonly accuracyChecks: Counter;
  readonly accuracyViolations: Counter;
  readonly cacheRequests: Counter;
  readonly compilationDuration: Histogram;
  readonly securityCheckDuration: Histogram;
  readonly nonFiniteValues: Counter;
  readonly optimizationIterations: Histogram;
}

/**
 * Instrument options taken from the semconv registry, so unit, description and bucket
 * boundaries have one source of truth. Duration histograms carry explicit second-scale
 * boundaries as `advice`: the SDK's defaults are sized for milliseconds.
 */
export function metricOptions(name: string, valueType?: ValueType): MetricOptions {
  const definition = getMetricDefinition(name);
  if (definition === undefined) {
    // Only reachable if the semconv registry and this file disagree: a build-time bug.
    throw new Error(`@heterodyne/sdk: metric ${name} is missing from @heterodyne/semconv`);
  }
  const options: MetricOptions = { unit: definition.unit, description: definition.description };
  if (definition.buckets !== undefined) {
    options.advice = { explicitBucketBoundaries: [...definition.buckets] };
  }
  if (valueType !== undefined) options.valueType = valueType;
  return options;
}

const byMeter = new WeakMap<Meter, Instruments>();

/** The SDK's instruments on `meter`, created on first use and shared afterwards. */
export function getInstruments(meter: Meter): Instruments {
  let instruments = byMeter.get(meter);
  if (instruments === undefined) {
    const histogram = (name: string, valueType?: ValueType): Histogram =>
      meter.createHistogram(name, metricOptions(name, valueType));
    const counter = (name: string): Counter =>
      meter.createCounter(name, metricOptions(name, ValueType.INT));
    instruments = {
      operationDuration: histogram(METRIC_OPERATION_DURATION),
      accuracyAchieved: histogram(METRIC_ACCURACY_ACHIEVED),
      accuracyChecks: counter(METRIC_ACCURACY_CHECKS),
      accuracyViolations: counter(METRIC_ACCURACY_VIOLATIONS),
      cacheRequests: counter(METRIC_CACHE_REQUESTS),
      compilationDuration: histogram(METRIC_COMPILATION_DURATION),
      securityCheckDuration: histogram(METRIC_SECURITY_CHECK_DURATION),
      nonFiniteValues: counter(METRIC_NON_FINITE_VALUES),
      optimizationIterations: histogram(METRIC_OPTIMIZATION_ITERATIONS, ValueType.INT),
    };
    byMeter.set(meter, instruments);
  }
  return instruments;
}
