/**
 * The `analytics` section: the anomaly engine (a streaming detector on every series) and the
 * trend engine (trends and forecasts, scheduled less often). Declared here once, with its
 * defaults and checks.
 *
 * ```yaml
 * analytics:
 *   enabled: true
 *   ml_models:
 *     anomaly_detection: { contamination: 0.01, n_estimators: 50 }
 *     performance_prediction:
 *       n_estimators: 20
 *       max_depth: 6
 *       max_training_rows: 80       # most recent rows a forest trains on
 *       min_points: 100             # shorter series get no forest
 *       skip_when_holt_winters_below: 0.7  # no forest where Holt-Winters beats seasonal-naive this well
 *   anomaly:
 *     enabled: true
 *     metrics: []                 # metric names scored; empty: every series
 *     evaluation_interval: 15s
 *     max_series: 1000            # series scored at most (others are counted and ignored)
 *     history_points: 1024        # values each detector keeps
 *     resolve_after_points: 10    # ordinary points in a row that resolve an anomaly
 *     max_points_per_pass: 200000 # points scored per pass; the rest wait for the next
 *     pass_budget: 1s             # time one pass may take; the rest wait for the next
 *     anomalies_kept: 1000        # recent anomalies kept for GET /api/v1/anomalies
 *   trend:
 *     enabled: true
 *     metrics: [heterodyne.operation.duration, heterodyne.process.memory.usage]
 *     collect_interval: 15s       # how often new samples are read into each series' history
 *     evaluation_interval: 5m     # how often trends and forecasts are recomputed
 *     points_per_series: 2000     # recent values kept per series (16 bytes each)
 *     horizon: 1h                 # how far forecasts look ahead
 *     significance: 0.05          # Mann-Kendall level
 *     coverage: 0.95              # forecast interval coverage
 *     max_series: 1000
 *     max_series_per_pass: 200    # series analysed per pass, round robin
 *     pass_budget: 2s
 *     limits: { heterodyne.queue.depth: { upper: 1000 } }
 * ```
 */
import type { MapReader } from './yaml-reader.js';
import { report } from './yaml-scalars.js';
import { DEFAULT_BASELINE_METRICS } from './baselines-config.js';

/** A limit a forecast may breach: values above `upper` or below `lower` are bad. */
export interface ForecastLimit {
  upper?: number;
  lower?: number;
}

/** `analytics.anomaly`: the anomaly engine. */
export interface AnomalyEngineConfig {
  /** Whether the anomaly engine runs (also off when `analytics.enabled` is false). @default true */
  enabled: boolean;
  /** Metric names scored; empty scores every gauge, counter, histogram and summary series. @default [] */
  metrics: string[];
  /** How often new samples are scored, in milliseconds. @default 15000 */
  evaluationIntervalMillis: number;
  /** Series scored at most; later ones are counted and ignored. @default 1000 */
  maxSeries: number;
  /** Values each series' detector keeps (about 20 bytes each). @default 1024 */
  historyPoints: number;
  /** Ordinary points in a row after which a firing anomaly resolves. @default 10 */
  resolveAfterPoints: number;
  /** Points scored in one pass at most; the rest are scored by the next pass. @default 200000 */
  maxPointsPerPass: number;
  /** Time one pass may take, in milliseconds; the rest waits for the next pass. @default 1000 */
  passBudgetMillis: number;
  /** Recent anomalies kept for `GET /api/v1/anomalies`. @default 1000 */
  anomaliesKept: number;
}

/** `analytics.trend`: the trend and forecast engine. */
export interface TrendEngineConfig {
  /** Whether the trend engine runs (also off when `analytics.enabled` is false). @default true */
  enabled: boolean;
  /** Metric names analysed. @default the baselines' default metrics */
  metrics: string[];
  /** How often new samples are read into each series' history, in milliseconds. @default 15000 */
  collectIntervalMillis: number;
  /** How often trends and forecasts are recomputed, in milliseconds. @default 300000 */
  evaluationIntervalMillis: number;
  /** Recent values kept per series (16 bytes each); forecasts see at most this many. @default 2000 */
  pointsPerSeries: number;
  /** How far forecasts look ahead, in milliseconds. @default 3600000 */
  horizonMillis: number;
  /** Two-sided significance level of the Mann-Kendall test. @default 0.05 */
  significance: number;
  /** Coverage of the forecast interval. @default 0.95 */
  coverage: number;
  /** Series followed at most. @default 1000 */
  maxSeries: number;
  /** Series analysed per pass at most (round robin over the rest). @default 200 */
  maxSeriesPerPass: number;
  /** Time one pass may take, in milliseconds. @default 2000 */
  passBudgetMillis: number;
  /** Limits per metric name that a forecast may breach, besides SLO targets and baseline bands. */
  limits: Record<string, ForecastLimit>;
}

/** `analytics`: anomaly detection, trends and forecasts. */
export interface AnalyticsConfig {
  /** Master switch of the anomaly and trend engines. @default true */
  enabled: boolean;
  mlModels: {
    anomalyDetection: {
      /** Expected share of anomalous points, in (0, 0.5]; sets the score threshold. @default 0.01 */
      contamination: number;
      /** Trees in each isolation forest. @default 50 */
      nEstimators: number;
    };
    performancePrediction: {
      /** Trees in the forecasting random forest. @default 20 */
      nEstimators: number;
      /** Depth of its trees. @default 6 */
      maxDepth: number;
      /** Most recent rows a forest trains on (its cost grows as their square). @default 80 */
      maxTrainingRows: number;
      /** Fewest points of a series for the forest to be tried. @default 100 */
      minPoints: number;
      /**
       * The forest is left out where Holt-Winters' backtest error relative to seasonal-naive
       * is below this (0: always tried). @default 0.7
       */
      skipWhenHoltWintersBelow: number;
    };
  };
  anomaly: AnomalyEngineConfig;
  trend: TrendEngineConfig;
}

/** Reads `analytics`. */
export function readAnalytics(root: MapReader): AnalyticsConfig {
  const analytics = root.map('analytics');
  for (const key of ['baselines_dir', 'analytics_dir', 'optimization_dir']) {
    analytics.refuse(key, 'is not used: all state lives in the database named by `store`');
  }
  const models = analytics.map('ml_models');
  const anomalyModel = models.map('anomaly_detection');
  const prediction = models.map('performance_prediction');
  const mlModels: AnalyticsConfig['mlModels'] = {
    anomalyDetection: {
      contamination: anomalyModel.number('contamination', 0.01, { above: 0, max: 0.5 }),
      nEstimators: anomalyModel.number('n_estimators', 50, { min: 1, max: 1000, integer: true }),
    },
    performancePrediction: {
      nEstimators: prediction.number('n_estimators', 20, { min: 1, max: 1000, integer: true }),
      maxDepth: prediction.number('max_depth', 6, { min: 1, max: 64, integer: true }),
      maxTrainingRows: prediction.number('max_training_rows', 80, {
        min: 30,
        max: 100_000,
        integer: true,
      }),
      minPoints: prediction.number('min_points', 100, { min: 1, integer: true }),
      skipWhenHoltWintersBelow: prediction.number('skip_when_holt_winters_below', 0.7, {
        min: 0,
      }),
    },
  };
  anomalyModel.finish();
  prediction.finish();
  models.finish();
  const config: AnalyticsConfig = {
    enabled: analytics.boolean('enabled', true),
    mlModels,
    anomaly: readAnomaly(analytics.map('anomaly')),
    trend: readTrend(analytics.map('trend')),
  };
  analytics.finish();
  return config;
}

function readAnomaly(a: MapReader): AnomalyEngineConfig {
  const out: AnomalyEngineConfig = {
    enabled: a.boolean('enabled', true),
    metrics: a.stringList('metrics', []),
    evaluationIntervalMillis: a.duration('evaluation_interval', 15_000, { min: 1000 }),
    maxSeries: a.number('max_series', 1000, { min: 1, max: 1_000_000, integer: true }),
    historyPoints: a.number('history_points', 1024, { min: 64, max: 100_000, integer: true }),
    resolveAfterPoints: a.number('resolve_after_points', 10, {
      min: 1,
      max: 100_000,
      integer: true,
    }),
    maxPointsPerPass: a.number('max_points_per_pass', 200_000, {
      min: 1,
      max: 100_000_000,
      integer: true,
    }),
    passBudgetMillis: a.duration('pass_budget', 1000, { min: 10 }),
    anomaliesKept: a.number('anomalies_kept', 1000, { min: 1, max: 1_000_000, integer: true }),
  };
  a.finish();
  return out;
}

function readTrend(t: MapReader): TrendEngineConfig {
  const limitsMap = t.map('limits');
  const limits: Record<string, ForecastLimit> = {};
  for (const { key } of limitsMap.entries()) {
    const l = limitsMap.map(key);
    const upper = l.number('upper', undefined);
    const lower = l.number('lower', undefined);
    if (upper !== undefined && lower !== undefined && !(lower < upper)) {
      report(l.ctx, l.pathOf('lower'), `must be below upper (${upper})`, l.node('lower'));
    }
    l.finish();
    limits[key] = {
      ...(upper === undefined ? {} : { upper }),
      ...(lower === undefined ? {} : { lower }),
    };
  }
  limitsMap.finish();
  const out: TrendEngineConfig = {
    enabled: t.boolean('enabled', true),
    metrics: t.stringList('metrics', [...DEFAULT_BASELINE_METRICS]),
    collectIntervalMillis: t.duration('collect_interval', 15_000, { min: 1000 }),
    evaluationIntervalMillis: t.duration('evaluation_interval', 300_000, { min: 1000 }),
    pointsPerSeries: t.number('points_per_series', 2000, {
      min: 16,
      max: 1_000_000,
      integer: true,
    }),
    horizonMillis: t.duration('horizon', 3_600_000, { min: 1000 }),
    significance: t.number('significance', 0.05, { above: 0, max: 0.5 }),
    coverage: t.number('coverage', 0.95, { above: 0, max: 0.999 }),
    maxSeries: t.number('max_series', 1000, { min: 1, max: 1_000_000, integer: true }),
    maxSeriesPerPass: t.number('max_series_per_pass', 200, {
      min: 1,
      max: 1_000_000,
      integer: true,
    }),
    passBudgetMillis: t.duration('pass_budget', 2000, { min: 10 }),
    limits,
  };
  t.finish();
  return out;
}
