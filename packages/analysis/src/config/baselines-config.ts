/**
 * The `baselines` section: which metrics the baselines engine follows and how it judges
 * drift. Declared here once, with its defaults and checks.
 *
 * ```yaml
 * baselines:
 *   enabled: true
 *   metrics: [heterodyne.operation.duration, heterodyne.process.memory.usage]
 *   evaluation_interval: 1m     # how often new samples are read and validated
 *   update_interval: 1h         # age after which a baseline is refreshed automatically
 *   auto_update_enabled: true
 *   min_samples: 50
 *   max_series: 1000
 *   points_per_series: 2000     # recent values kept per series (seasonal profiles need 3 days)
 *   alpha: 0.01                 # significance level of the drift test
 *   drift_detection_sensitivity: 2.0   # band half-width, in robust standard deviations
 *   effect_size_thresholds: { response_time: 0.2, memory: 0.3, accuracy: 0.01, error_rate: 0.1 }
 *   baseline_methods: { heterodyne.operation.duration: percentile }
 * ```
 */
import {
  METRIC_ACCURACY_ACHIEVED,
  METRIC_MEMORY_USAGE,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import type { MapReader } from './yaml-reader.js';

/** Baseline methods. */
export const BASELINE_METHODS = ['percentile', 'robust', 'mean'] as const;
/** Metric categories with their own effect-size threshold. */
export const BASELINE_CATEGORIES = [
  'response_time',
  'memory',
  'accuracy',
  'error_rate',
  'other',
] as const;

/** Default of `baselines.metrics`. */
export const DEFAULT_BASELINE_METRICS: readonly string[] = [
  METRIC_OPERATION_DURATION,
  METRIC_MEMORY_USAGE,
  METRIC_ACCURACY_ACHIEVED,
];

/** `baselines`: the baselines engine. */
export interface BaselinesConfig {
  /** Whether the baselines engine runs. @default true */
  enabled: boolean;
  /** Metric names whose series get baselines (gauges, histograms and summaries). */
  metrics: string[];
  /** How often new samples are read and validated, in milliseconds. @default 60000 */
  evaluationIntervalMillis: number;
  /** Age after which a baseline is refreshed automatically, in milliseconds. @default 3600000 */
  updateIntervalMillis: number;
  /** @default true */
  autoUpdateEnabled: boolean;
  /** Fewest values a baseline is computed from. @default 50 */
  minSamples: number;
  /** Series followed at most (others are counted and ignored). @default 1000 */
  maxSeries: number;
  /**
   * Recent values kept per series (16 bytes each); baselines, change points and seasonal
   * profiles (which need 3 days) see at most this many. @default 2000
   */
  pointsPerSeries: number;
  /** Significance level of the drift test. @default 0.01 */
  alpha: number;
  /** Half-width of the band of normal values, in robust standard deviations. @default 2.0 */
  driftDetectionSensitivity: number;
  /** Relative-change threshold per metric category (defaults in `metric-profile.ts`). */
  effectSizeThresholds: Partial<Record<(typeof BASELINE_CATEGORIES)[number], number>>;
  /** Method per metric name; others use their category's default. */
  baselineMethods: Record<string, (typeof BASELINE_METHODS)[number]>;
}

/** Reads `baselines`. */
export function readBaselines(root: MapReader): BaselinesConfig {
  const b = root.map('baselines');
  b.refuse('baselines_dir', 'is not used: all state lives in the database named by `store`');
  const methods = b.map('baseline_methods');
  const baselineMethods: BaselinesConfig['baselineMethods'] = {};
  for (const { key } of methods.entries()) {
    baselineMethods[key] = methods.oneOf(key, BASELINE_METHODS, 'percentile');
  }
  methods.finish();
  const thresholds = b.map('effect_size_thresholds');
  const effectSizeThresholds: BaselinesConfig['effectSizeThresholds'] = {};
  for (const category of BASELINE_CATEGORIES) {
    const value = thresholds.number(category, undefined, { above: 0 });
    if (value !== undefined) effectSizeThresholds[category] = value;
  }
  thresholds.finish();
  const out: BaselinesConfig = {
    enabled: b.boolean('enabled', true),
    metrics: b.stringList('metrics', [...DEFAULT_BASELINE_METRICS]),
    evaluationIntervalMillis: b.duration('evaluation_interval', 60_000, { min: 1000 }),
    updateIntervalMillis: b.duration('update_interval', 3_600_000, { min: 1000 }),
    autoUpdateEnabled: b.boolean('auto_update_enabled', true),
    minSamples: b.number('min_samples', 50, { min: 3, max: 1_000_000, integer: true }),
    maxSeries: b.number('max_series', 1000, { min: 1, max: 1_000_000, integer: true }),
    pointsPerSeries: b.number('points_per_series', 2000, {
      min: 100,
      max: 1_000_000,
      integer: true,
    }),
    alpha: b.number('alpha', 0.01, { above: 0, max: 0.5 }),
    driftDetectionSensitivity: b.number('drift_detection_sensitivity', 2.0, { above: 0 }),
    effectSizeThresholds,
    baselineMethods,
  };
  b.finish();
  return out;
}
