import type { SliPolarity } from '@heterodyne/semconv';

/** The direction of a trend, named by what it means for the metric. */
export type TrendDirection =
  /** Significant change towards better values (falling latency, rising accuracy). */
  | 'improving'
  /** Significant change towards worse values (rising latency, falling accuracy). */
  | 'degrading'
  /** Significant rise of a metric without a known polarity. */
  | 'increasing'
  /** Significant fall of a metric without a known polarity. */
  | 'decreasing'
  /** No significant monotonic trend. */
  | 'stable'
  /** Too few points to say (see `reason`). */
  | 'insufficient_data';

/** Options of {@link analyzeTrend}. */
export interface TrendOptions {
  /** Whether larger is better; @default from the metric name (`metricPolarity`) */
  polarity?: SliPolarity;
  /** Two-sided significance level of the Mann-Kendall test. @default 0.05 */
  significance?: number;
  /** Fewest points for an answer. @default 8 */
  minPoints?: number;
  /** Most points tested (longer series are reduced to this many block medians). @default 500 */
  maxPoints?: number;
}

/** A trend analysis of one series. */
export interface TrendResult {
  metric: string;
  direction: TrendDirection;
  polarity?: SliPolarity;
  /** Points analysed (after dropping non-finite values). */
  points: number;
  /** Theil-Sen slope in value units per second (NaN with insufficient data). */
  slopePerSecond: number;
  /** The slope over the whole span, relative to the median level (NaN when that is 0). */
  relativeChange: number;
  /** Mann-Kendall two-sided p-value. */
  pValue: number;
  /** Kendall's tau in [-1, 1]. */
  tau: number;
  /** True when pValue < significance. */
  significant: boolean;
  /** A seasonal cycle, when one is found: period in points and seconds, and its autocorrelation. */
  seasonality?: { periodPoints: number; periodSeconds: number; strength: number };
  /** Why the answer is `insufficient_data`. */
  reason?: string;
}
