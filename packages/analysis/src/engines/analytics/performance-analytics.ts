import { createStreamingAnomalyDetector } from '../anomaly/streaming-anomaly-detector.js';
import type {
  AnomalyDetectorOptions,
  AnomalyReason,
  StreamingAnomalyDetector,
} from '../anomaly/types.js';
import { discoverOperationPatterns } from '../patterns/operation-patterns.js';
import type { OperationPatterns } from '../patterns/operation-patterns.js';
import { forecastSeries } from '../trend/forecast.js';
import type { ForecastOptions, ForecastResult } from '../trend/forecast.js';
import { analyzeTrend } from '../trend/trend-analysis.js';
import type { TrendOptions, TrendResult } from '../trend/types.js';

/** Options of {@link PerformanceAnalytics}. */
export interface PerformanceAnalyticsOptions {
  /** Milliseconds clock for points added without a time. @default Date.now */
  clock?: () => number;
  /** Points kept per metric (oldest dropped first). @default 10000 */
  maxPointsPerMetric?: number;
  /** Settings of each metric's streaming anomaly detector. @default the detector's defaults */
  anomalyDetection?: AnomalyDetectorOptions;
  /** Trend test settings. */
  trends?: TrendOptions;
  /** Forecast settings. */
  forecasts?: ForecastOptions;
}

/** Context of a data point (operation name, dataset, ...). */
export type PerformanceContext = Readonly<Record<string, string | number | boolean>>;

/** An anomalous point found by {@link PerformanceAnalytics.detectAnomalies}. */
export interface DetectedAnomaly {
  metric: string;
  timeMillis: number;
  value: number;
  /** Calibrated score in [0, 1]. */
  score: number;
  /** The value the point was expected near, and the ordinary range around it. */
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  reason?: AnomalyReason;
  /** One line for people: what was seen against what was expected. */
  why: string;
  context?: PerformanceContext;
}

/** What {@link PerformanceAnalytics.getAnalyticsSummary} reports. */
export interface AnalyticsSummary {
  metrics: number;
  totalPoints: number;
  /** Anomalies among each metric's last 100 points, summed. */
  recentAnomalies: number;
  perMetric: Array<{
    metric: string;
    points: number;
    lastValue: number;
    lastTimeMillis: number;
    recentAnomalies: number;
    /** Seasonal period the metric's detector found (points), 0 for none. */
    period: number;
  }>;
}

interface MetricState {
  detector: StreamingAnomalyDetector;
  times: number[];
  values: number[];
  scores: number[];
  results: Array<{
    expected: number;
    low: number;
    high: number;
    reason?: AnomalyReason;
    anomaly: boolean;
  }>;
  contexts: Array<PerformanceContext | undefined>;
}

const RECENT = 100;

/**
 * In-process performance analytics over named metrics: streaming anomaly detection (each
 * point scored when added, from the points before it), trends with significance and
 * seasonality, forecasts chosen by backtest, and patterns among operations. Pure apart from
 * its injected clock; keeps a bounded history per metric.
 */
export class PerformanceAnalytics {
  private readonly _metrics = new Map<string, MetricState>();
  private readonly _clock: () => number;
  private readonly _maxPoints: number;

  constructor(private readonly _options: PerformanceAnalyticsOptions = {}) {
    this._clock = _options.clock ?? Date.now;
    this._maxPoints = _options.maxPointsPerMetric ?? 10_000;
    if (!(Number.isInteger(this._maxPoints) && this._maxPoints >= 10)) {
      throw new RangeError(
        `PerformanceAnalytics: maxPointsPerMetric must be an integer >= 10; got ${this._maxPoints}`,
      );
    }
    // Validates the detector options up front.
    createStreamingAnomalyDetector(_options.anomalyDetection);
  }

  /**
   * Records `value` of `metric` at `timeMillis` (default: the clock) with optional context,
   * and scores it. Non-finite values and points older than the metric's last are ignored
   * (returns false).
   */
  addPerformanceData(
    metric: string,
    value: number,
    context?: PerformanceContext,
    timeMillis: number = this._clock(),
  ): boolean {
    if (!Number.isFinite(value) || !Number.isFinite(timeMillis)) return false;
    let state = this._metrics.get(metric);
    if (state === undefined) {
      state = {
        detector: createStreamingAnomalyDetector(this._options.anomalyDetection),
        times: [],
        values: [],
        scores: [],
        results: [],
        contexts: [],
      };
      this._metrics.set(metric, state);
    }
    const last = state.times[state.times.length - 1];
    if (last !== undefined && timeMillis < last) return false;
    const r = state.detector.update(timeMillis, value);
    state.times.push(timeMillis);
    state.values.push(value);
    state.scores.push(r.score);
    state.results.push({
      expected: r.expected,
      low: r.expectedLow,
      high: r.expectedHigh,
      anomaly: r.anomaly,
      ...(r.reason ? { reason: r.reason } : {}),
    });
    state.contexts.push(context);
    if (state.times.length > this._maxPoints) {
      const drop = state.times.length - this._maxPoints;
      for (const list of [state.times, state.values, state.scores, state.results, state.contexts]) {
        list.splice(0, drop);
      }
    }
    return true;
  }

  /** Anomalies among the last `windowSize` points of `metric` (oldest first); [] for an unknown metric. */
  detectAnomalies(metric: string, windowSize = RECENT): DetectedAnomaly[] {
    const state = this._metrics.get(metric);
    if (state === undefined) return [];
    const out: DetectedAnomaly[] = [];
    for (let i = Math.max(0, state.values.length - windowSize); i < state.values.length; i++) {
      const r = state.results[i]!;
      if (!r.anomaly) continue;
      const value = state.values[i]!;
      const context = state.contexts[i];
      out.push({
        metric,
        timeMillis: state.times[i]!,
        value,
        score: state.scores[i]!,
        expected: r.expected,
        expectedLow: r.low,
        expectedHigh: r.high,
        ...(r.reason ? { reason: r.reason } : {}),
        why: explain(value, r),
        ...(context ? { context } : {}),
      });
    }
    return out;
  }

  /** The trend of `metric` over its kept history (`insufficient_data` for unknown metrics). */
  analyzeTrends(metric: string): TrendResult {
    const state = this._metrics.get(metric);
    return analyzeTrend(metric, state?.times ?? [], state?.values ?? [], this._options.trends);
  }

  /** A forecast of `metric` `horizonSeconds` ahead (default one hour), with the model used. */
  predictPerformance(metric: string, horizonSeconds = 3600): ForecastResult & { metric: string } {
    const state = this._metrics.get(metric);
    return {
      metric,
      ...forecastSeries(
        state?.times ?? [],
        state?.values ?? [],
        horizonSeconds,
        this._options.forecasts,
      ),
    };
  }

  /**
   * Clusters operations by their mean profile over the given metrics (default duration,
   * accuracy, memory and cache hit rate, matched by the `operation` context of each point).
   */
  discoverPatterns(
    metrics: readonly string[] = ['duration', 'accuracy', 'memory', 'cache_hit_rate'],
  ): OperationPatterns {
    const sums = new Map<string, { sum: number[]; count: number[] }>();
    metrics.forEach((metric, k) => {
      const state = this._metrics.get(metric);
      if (state === undefined) return;
      state.contexts.forEach((context, i) => {
        const operation = context?.operation;
        if (operation === undefined) return;
        const key = String(operation);
        let entry = sums.get(key);
        if (entry === undefined) {
          entry = { sum: metrics.map(() => 0), count: metrics.map(() => 0) };
          sums.set(key, entry);
        }
        entry.sum[k]! += state.values[i]!;
        entry.count[k]! += 1;
      });
    });
    const profiles = [...sums].map(([operation, { sum, count }]) => ({
      operation,
      features: sum.map((s, k) => (count[k]! > 0 ? s / count[k]! : Number.NaN)),
    }));
    return discoverOperationPatterns(profiles, metrics);
  }

  /** Counts and the latest state of every metric. */
  getAnalyticsSummary(): AnalyticsSummary {
    const perMetric = [...this._metrics].map(([metric, state]) => {
      const n = state.values.length;
      let recent = 0;
      for (let i = Math.max(0, n - RECENT); i < n; i++) if (state.results[i]!.anomaly) recent++;
      return {
        metric,
        points: n,
        lastValue: state.values[n - 1]!,
        lastTimeMillis: state.times[n - 1]!,
        recentAnomalies: recent,
        period: state.detector.period,
      };
    });
    return {
      metrics: perMetric.length,
      totalPoints: perMetric.reduce((a, m) => a + m.points, 0),
      recentAnomalies: perMetric.reduce((a, m) => a + m.recentAnomalies, 0),
      perMetric,
    };
  }
}

const REASON_TEXT: Record<AnomalyReason, string> = {
  spike: 'far from the recent level',
  level_shift: 'the level moved',
  seasonal_deviation: 'unlike the same time in earlier cycles',
  sudden_change: 'an unusually large step from the previous value',
  pattern: 'an unusual combination of level, step and cycle',
  sustained: 'a long run of unusual values',
};

function explain(
  value: number,
  r: { expected: number; low: number; high: number; reason?: AnomalyReason },
): string {
  const side = value > r.high ? 'above' : value < r.low ? 'below' : 'inside';
  const range = `[${fmt(r.low)}, ${fmt(r.high)}]`;
  const why = r.reason ? REASON_TEXT[r.reason] : 'unusual';
  return `${fmt(value)} is ${side} the expected range ${range} (expected ~${fmt(r.expected)}): ${why}`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x);
}
