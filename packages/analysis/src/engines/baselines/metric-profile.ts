/**
 * What a metric's numbers mean for drift: which category it belongs to (from its name),
 * the smallest relative change that matters for it, and whether higher is worse or better.
 */

/** Metric families with their own drift thresholds. */
export type MetricCategory = 'response_time' | 'memory' | 'accuracy' | 'error_rate' | 'other';

/** Whether a rise of the metric is a regression or an improvement. */
export type MetricPolarity = 'higher-is-worse' | 'higher-is-better';

/** How drift is judged for one metric. */
export interface MetricProfile {
  /** The family the name matched. */
  category: MetricCategory;
  /**
   * Smallest relative change of the location (|current − baseline| / |baseline|) that counts
   * as drift, a ratio.
   */
  effectSizeThreshold: number;
  /** Direction of "worse". */
  polarity: MetricPolarity;
}

/**
 * Relative-change thresholds per category: response time 0.2, memory 0.3, accuracy 0.01,
 * error rate 0.1; other metrics 0.2.
 */
export const DEFAULT_EFFECT_SIZE_THRESHOLDS: Readonly<Record<MetricCategory, number>> = {
  response_time: 0.2,
  memory: 0.3,
  accuracy: 0.01,
  error_rate: 0.1,
  other: 0.2,
};

const PATTERNS: ReadonlyArray<[MetricCategory, RegExp]> = [
  ['accuracy', /accuracy|precision|recall|score|quality|hit_?rate|hit\.ratio/i],
  ['error_rate', /error|fail|violation|non_finite|reject|drop/i],
  ['memory', /memory|heap|rss|bytes/i],
  ['response_time', /duration|latency|response_?time|elapsed|\.time\b|seconds/i],
];

/** The category a metric name (or series key) belongs to. */
export function metricCategory(name: string): MetricCategory {
  for (const [category, pattern] of PATTERNS) if (pattern.test(name)) return category;
  return 'other';
}

/**
 * The drift profile of `name`: `overrides[name]` (an exact metric name or series key) wins,
 * then the threshold of its category in `thresholds`.
 */
export function metricProfile(
  name: string,
  thresholds: Readonly<Partial<Record<MetricCategory, number>>> = {},
  overrides: Readonly<Record<string, number>> = {},
): MetricProfile {
  const category = metricCategory(name);
  const effectSizeThreshold =
    overrides[name] ?? thresholds[category] ?? DEFAULT_EFFECT_SIZE_THRESHOLDS[category];
  return {
    category,
    effectSizeThreshold,
    polarity: category === 'accuracy' ? 'higher-is-better' : 'higher-is-worse',
  };
}
