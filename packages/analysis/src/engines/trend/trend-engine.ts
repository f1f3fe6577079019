/**
 * The trend engine. Every `collect_interval` it appends the new samples of each followed
 * series to a bounded history of its own (the series store's ring holds only the last few
 * dozen); less often (every 5 minutes by default), per series, it computes the trend (Mann-Kendall significance, Theil-Sen slope,
 * direction by the metric's polarity) and a forecast one horizon ahead (model chosen by
 * backtest, with an interval) from the series' recent samples. A pass analyses at most
 * `max_series_per_pass` series within `pass_budget`, the longest-waiting first. A series
 * too short to analyse says so (`insufficient_data`, with the reason). A `forecast_breach`
 * finding fires while the forecast lies beyond a limit of the series (SLO target, configured
 * limit, or the bad side of its baseline band) and resolves when it no longer does.
 */
import type { TrendEngineConfig } from '../../config/analytics-config.js';
import type { BaselineStore } from '../../store/types.js';
import type { DerivedMetrics } from '../../telemetry/derived-metrics.js';
import { yieldToEventLoop } from '../../event-loop.js';
import { SeriesBuffer } from '../baselines/series-buffer.js';
import { baselineSeriesKey } from '../baselines/series-key.js';
import type { Engine, EngineContext, EngineReport } from '../engine.js';
import type { Finding } from '../findings.js';
import type { ViewSeries } from '../series-view.js';
import { forecastSeries } from './forecast.js';
import type { ForecastResult } from './forecast.js';
import type { ForestSize } from './forest-forecast.js';
import { findBreach } from './forecast-breach.js';
import type { Breach, BreachLimits } from './forecast-breach.js';
import type { SourcedLimit } from './forecast-limits.js';
import { analyzeTrend } from './trend-analysis.js';
import { exportTrendMetrics } from './trend-metrics-export.js';
import type { TrendResult } from './types.js';

/** Engine name in findings, status and self-telemetry. */
export const TREND_ENGINE_NAME = 'trend';

/** Options of {@link createTrendEngine}. */
export interface TrendEngineOptions {
  config: TrendEngineConfig;
  /** Size of the forecasting forests. @default { trees: 20, maxDepth: 6, maxTrainingRows: 80 } */
  forest?: ForestSize;
  /** Fewest points of a series for the forest to be tried. @default 100 */
  forestMinPoints?: number;
  /**
   * The forest is tried only where Holt-Winters' backtest error relative to seasonal-naive is
   * at least this. @default 0.7
   */
  forestAboveRelativeError?: number;
  /** Limits per metric name a forecast may breach (see `forecast-limits.ts`). @default {} */
  limits?: Readonly<Record<string, SourcedLimit>>;
  /** Where the baseline bands are read; without it only `limits` are checked. */
  baselines?: Pick<BaselineStore, 'listBaselines'>;
  /** Where the trend and forecast metrics are registered; none in `replay`. */
  metrics?: DerivedMetrics;
  /** Monotonic milliseconds for the pass budget. @default performance.now */
  elapsedMillis?: () => number;
}

/** What the engine knows of one series. */
export interface TrendSeriesState {
  /** Series key: metric and identifying attributes. */
  series: string;
  metric: string;
  attributes: Readonly<Record<string, string>>;
  /** `ok`, or `insufficient_data` when the series is too short for a trend or a forecast. */
  status: 'ok' | 'insufficient_data' | 'pending';
  /** Why the status is `insufficient_data` (points seen and points needed). */
  reason?: string;
  /** When it was last analysed, ms since the epoch. */
  analyzedAtMillis?: number;
  trend?: TrendResult;
  forecast?: ForecastResult;
  /** The limit the forecast breaches, while it does. */
  breach?: Breach;
}

/** The trend engine and its results. */
export interface TrendEngine extends Engine {
  /** The latest trend and forecast of every followed series. */
  series(): TrendSeriesState[];
  /** How far the forecasts look ahead, in seconds. */
  readonly horizonSeconds: number;
}

interface Tracked extends TrendSeriesState {
  view: ViewSeries;
  history: SeriesBuffer;
  lastMillis: number;
  firing?: Finding;
}

const KINDS = ['gauge', 'histogram', 'exponential_histogram', 'summary'] as const;

/** Creates the trend engine. */
export function createTrendEngine(options: TrendEngineOptions): TrendEngine {
  const { config } = options;
  const elapsed = options.elapsedMillis ?? (() => performance.now());
  const tracked = new Map<number, Tracked>();
  const ignored = new Set<number>();
  let lastEvaluation: number | undefined;
  let lastDuration: number | undefined;
  let lastAnalyzed = 0;
  let waiting = 0;
  let failures = 0;
  let lastError: string | undefined;
  const unregister = options.metrics
    ? exportTrendMetrics(options.metrics, () => tracked.values(), config.horizonMillis / 1000)
    : () => {};

  const follow = (context: EngineContext): void => {
    const present = new Set<number>();
    for (const metric of config.metrics) {
      for (const view of context.series.select({ metric, kind: KINDS, includeStale: true })) {
        present.add(view.id);
        if (tracked.has(view.id) || view.stale) continue;
        if (tracked.size >= config.maxSeries) {
          ignored.add(view.id);
          continue;
        }
        const attributes: Record<string, string> = {};
        for (const [k, v] of Object.entries(view.attributes)) attributes[k] = String(v);
        tracked.set(view.id, {
          view,
          history: new SeriesBuffer(metric, config.pointsPerSeries),
          lastMillis: Number.NEGATIVE_INFINITY,
          series: baselineSeriesKey(view),
          metric,
          attributes,
          status: 'pending',
        });
      }
    }
    for (const id of tracked.keys()) if (!present.has(id)) tracked.delete(id);
    for (const id of ignored) if (!present.has(id)) ignored.delete(id);
  };

  const collect = (at: number, context: EngineContext): void => {
    for (const state of tracked.values()) {
      for (const s of context.series.samples(state.view.id, state.lastMillis, at)) {
        state.lastMillis = s.timeMillis;
        const value =
          state.view.kind === 'gauge'
            ? s.value
            : s.count !== undefined && s.count > 0
              ? s.value / s.count
              : Number.NaN;
        // Gaps (intervals without observations, NaN) are left out, not filled in.
        if (Number.isFinite(value)) state.history.push(s.timeMillis, value);
      }
    }
  };

  const bandLimits = async (metrics: Set<string>): Promise<Map<string, BreachLimits['band']>> => {
    const bands = new Map<string, BreachLimits['band']>();
    if (!options.baselines) return bands;
    for (const metric of metrics) {
      for (const b of await options.baselines.listBaselines({ metric })) {
        const lower = b.details.bandLower;
        const upper = b.details.bandUpper;
        if (typeof lower === 'number' && typeof upper === 'number') {
          bands.set(b.key, { lower, upper });
        }
      }
    }
    return bands;
  };

  const analyze = (
    state: Tracked,
    at: number,
    context: EngineContext,
    band: BreachLimits['band'],
  ): void => {
    const { times, values } = state.history.points();
    state.trend = analyzeTrend(state.metric, times, values, {
      significance: config.significance,
    });
    state.forecast = forecastSeries(times, values, config.horizonMillis / 1000, {
      coverage: config.coverage,
      ...(options.forest ? { forest: options.forest } : {}),
      ...(options.forestMinPoints !== undefined
        ? { forestMinPoints: options.forestMinPoints }
        : {}),
      ...(options.forestAboveRelativeError !== undefined
        ? { forestAboveRelativeError: options.forestAboveRelativeError }
        : {}),
    });
    state.analyzedAtMillis = at;
    state.status =
      state.trend.direction === 'insufficient_data' || state.forecast.model === undefined
        ? 'insufficient_data'
        : 'ok';
    const reason = state.trend.reason ?? state.forecast.reason;
    if (state.status === 'ok' || reason === undefined) delete state.reason;
    else state.reason = reason;
    if (state.status !== 'ok') return;
    const limit = options.limits?.[state.metric];
    const breach = findBreach(state.trend, state.forecast, {
      ...(limit ? { limit } : {}),
      ...(band ? { band } : {}),
    });
    if (breach && !state.firing) {
      state.breach = breach;
      state.firing = breachFinding(state, breach, state.forecast, at);
      context.emit(state.firing);
    } else if (!breach && state.firing) {
      context.emit({
        ...state.firing,
        state: 'resolved',
        summary: `${state.series}: the forecast no longer crosses ${state.firing.labels.limit}`,
        endsAtMillis: at,
      });
      state.firing = undefined;
      state.breach = undefined;
    } else if (breach) {
      state.breach = breach;
    }
  };

  return {
    name: TREND_ENGINE_NAME,
    intervalMillis: config.collectIntervalMillis,
    horizonSeconds: config.horizonMillis / 1000,
    async evaluate(at, context) {
      const started = elapsed();
      follow(context);
      collect(at, context);
      if (lastEvaluation !== undefined && at - lastEvaluation < config.evaluationIntervalMillis) {
        return;
      }
      lastEvaluation = at;
      // The longest-waiting series first, so every series is reached over a few passes.
      const order = [...tracked.values()].sort(
        (a, b) => (a.analyzedAtMillis ?? -Infinity) - (b.analyzedAtMillis ?? -Infinity),
      );
      const batch = order.slice(0, config.maxSeriesPerPass);
      let analyzed = 0;
      try {
        const bands = await bandLimits(new Set(batch.map((s) => s.metric)));
        for (const state of batch) {
          if (elapsed() - started >= config.passBudgetMillis) break;
          // One forecast can take a hundred milliseconds of CPU: let ingest run between them.
          if (analyzed > 0) await yieldToEventLoop();
          analyze(state, at, context, bands.get(state.series));
          analyzed++;
        }
        lastError = undefined;
      } catch (error) {
        failures++;
        lastError = error instanceof Error ? error.message : String(error);
      }
      lastAnalyzed = analyzed;
      waiting = order.length - analyzed;
      lastDuration = (elapsed() - started) / 1000;
    },
    report(): EngineReport {
      let short = 0;
      let breaching = 0;
      for (const s of tracked.values()) {
        if (s.status === 'insufficient_data') short++;
        if (s.firing) breaching++;
      }
      return {
        name: TREND_ENGINE_NAME,
        healthy: lastError === undefined,
        ...(lastEvaluation === undefined ? {} : { lastEvaluationMillis: lastEvaluation }),
        ...(lastDuration === undefined ? {} : { lastDurationSeconds: lastDuration }),
        detail: {
          series: tracked.size,
          ignoredSeries: ignored.size,
          analyzedLastPass: lastAnalyzed,
          waitingSeries: waiting,
          insufficientData: short,
          breaching,
          failures,
          ...(lastError === undefined ? {} : { lastError }),
        },
      };
    },
    series() {
      return [...tracked.values()].map((s) => {
        const out: TrendSeriesState = {
          series: s.series,
          metric: s.metric,
          attributes: s.attributes,
          status: s.status,
        };
        if (s.reason !== undefined) out.reason = s.reason;
        if (s.analyzedAtMillis !== undefined) out.analyzedAtMillis = s.analyzedAtMillis;
        if (s.trend) out.trend = s.trend;
        if (s.forecast) out.forecast = s.forecast;
        if (s.breach) out.breach = s.breach;
        return out;
      });
    },
    shutdown() {
      unregister();
      return Promise.resolve();
    },
  };
}

/** Whether an engine is the trend engine (for the API). */
export function isTrendEngine(engine: Engine): engine is TrendEngine {
  return engine.name === TREND_ENGINE_NAME && 'series' in engine;
}

function breachFinding(
  state: Tracked,
  breach: Breach,
  forecast: ForecastResult,
  at: number,
): Finding {
  const f = (x: number): string => Number(x.toPrecision(4)).toString();
  return {
    engine: TREND_ENGINE_NAME,
    kind: 'forecast_breach',
    severity: breach.confident ? 'warning' : 'info',
    state: 'firing',
    labels: {
      ...state.attributes,
      metric: state.metric,
      series: state.series,
      limit: breach.source,
    },
    summary: `${state.series}: forecast ${f(forecast.predictedValue)} [${f(forecast.lower)}, ${f(forecast.upper)}] in ${f(forecast.horizonSeconds)} s crosses the ${breach.side} limit ${f(breach.limit)} (${breach.source}, ${forecast.model})`,
    value: forecast.predictedValue,
    threshold: breach.limit,
    evidence: {
      model: forecast.model ?? null,
      predicted: forecast.predictedValue,
      lower: forecast.lower,
      upper: forecast.upper,
      coverage: forecast.coverage,
      horizonSeconds: forecast.horizonSeconds,
      targetTimeMillis: forecast.targetTimeMillis,
      side: breach.side,
      confident: breach.confident,
      slopePerSecond: state.trend?.slopePerSecond ?? null,
      trendPValue: state.trend?.pValue ?? null,
      relativeToSeasonalNaive: forecast.backtest?.relativeToSeasonalNaive ?? null,
    },
    suggestedAction: `Look at what drives ${state.metric} before ${new Date(forecast.targetTimeMillis).toISOString()}`,
    startsAtMillis: at,
  };
}
