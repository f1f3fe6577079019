/**
 * The default threshold rules: the objectives of the SLIs that one series can show on its
 * own (accuracy achieved, mean operation duration, memory utilization), with the severities
 * of the monitoring description (response time above 3 s is critical).
 */
import {
  METRIC_ACCURACY_ACHIEVED,
  METRIC_MEMORY_UTILIZATION,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import type { ThresholdRuleConfig } from './threshold-rule.js';

const FIVE_MINUTES = 5 * 60_000;

/** The default rules, by id. Written rules with the same id replace them. */
export const DEFAULT_THRESHOLD_RULES: readonly ThresholdRuleConfig[] = [
  {
    id: 'accuracy_preservation_low',
    metric: METRIC_ACCURACY_ACHIEVED,
    windowMillis: FIVE_MINUTES,
    reduction: 'min',
    comparison: 'lt',
    threshold: 0.999,
    forMillis: 0,
    keepFiringForMillis: 0,
    severity: 'critical',
    labels: { category: 'accuracy' },
    annotations: {
      summary:
        'accuracy {{ $value }} below {{ $threshold }} ({{ $labels["heterodyne.operation.name"] }})',
      suggested_action:
        'check the numerical settings of the operation; compare with the last good run',
    },
  },
  {
    id: 'response_time_high',
    metric: METRIC_OPERATION_DURATION,
    windowMillis: FIVE_MINUTES,
    reduction: 'avg',
    comparison: 'gt',
    threshold: 2.0,
    forMillis: 60_000,
    keepFiringForMillis: 0,
    severity: 'warning',
    labels: { category: 'performance' },
    annotations: {
      summary:
        'mean duration {{ $value }}s above {{ $threshold }}s ({{ $labels["heterodyne.operation.name"] }})',
    },
  },
  {
    id: 'response_time_critical',
    metric: METRIC_OPERATION_DURATION,
    windowMillis: FIVE_MINUTES,
    reduction: 'avg',
    comparison: 'gt',
    threshold: 3.0,
    forMillis: 60_000,
    keepFiringForMillis: 0,
    severity: 'critical',
    labels: { category: 'performance' },
    annotations: {
      summary:
        'mean duration {{ $value }}s above {{ $threshold }}s ({{ $labels["heterodyne.operation.name"] }})',
    },
  },
  {
    id: 'memory_utilization_high',
    metric: METRIC_MEMORY_UTILIZATION,
    windowMillis: FIVE_MINUTES,
    reduction: 'max',
    comparison: 'gt',
    threshold: 0.8,
    forMillis: 60_000,
    keepFiringForMillis: 0,
    severity: 'warning',
    labels: { category: 'memory' },
    annotations: {
      summary: 'memory utilization {{ $value }} above {{ $threshold }}',
      suggested_action: 'look for growing caches or arrays kept between iterations',
    },
  },
];
