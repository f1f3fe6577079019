/**
 * The anomaly engine: a streaming detector per series scores every new sample at each
 * evaluation, raising an `anomaly` finding when a point is anomalous and resolving it once
 * the series is ordinary again. The detectors are cheap per point (their isolation forests
 * are refitted inside `update`, every `retrainEveryPoints` points), the number of series and
 * the values each keeps are bounded, and one pass is bounded by a point count and a time
 * budget: series not reached continue, round robin, at the next pass.
 */
import type { DerivedMetrics } from '../../telemetry/derived-metrics.js';
import { yieldToEventLoop } from '../../event-loop.js';
import { baselineSeriesKey } from '../baselines/series-key.js';
import type { Engine, EngineContext, EngineReport } from '../engine.js';
import { DEFAULT_ENGINE_INTERVAL_MILLIS } from '../engine.js';
import type { Finding } from '../findings.js';
import type { ViewSeries } from '../series-view.js';
import { exportAnomalyMetrics } from './anomaly-metrics-export.js';
import type { AnomalyExportHooks } from './anomaly-metrics-export.js';
import { createAnomalyLog } from './anomaly-log.js';
import type { AnomalyQuery, AnomalyRecord } from './anomaly-log.js';
import { createStreamingAnomalyDetector } from './streaming-anomaly-detector.js';
import type {
  AnomalyDetectorOptions,
  AnomalyPointScore,
  StreamingAnomalyDetector,
} from './types.js';

/** Engine name in findings, status and self-telemetry. */
export const ANOMALY_ENGINE_NAME = 'anomaly';

/** Options of {@link createAnomalyEngine}. */
export interface AnomalyEngineOptions {
  /** Settings of every series' detector. @default the detector's defaults */
  detector?: AnomalyDetectorOptions;
  /** Metric names scored; empty or absent scores every series. @default [] */
  metrics?: readonly string[];
  /**
   * Most series scored (the first seen keep their detectors; later ones are counted as
   * skipped). Each detector holds about 20 bytes per history point.
   * @default 1000
   */
  maxSeries?: number;
  /** Ordinary points in a row after which a firing anomaly resolves. @default 10 */
  resolveAfterPoints?: number;
  /** Evaluation interval, in milliseconds. @default 15000 */
  intervalMillis?: number;
  /** Points scored per pass at most; the rest wait for the next pass. @default 200000 */
  maxPointsPerPass?: number;
  /** Time one pass may take, in milliseconds (checked between series). @default 1000 */
  passBudgetMillis?: number;
  /** Recent anomalies kept for {@link AnomalyEngine.anomalies}. @default 1000 */
  anomaliesKept?: number;
  /** Where the anomaly metrics are registered; none in `replay`. */
  derivedMetrics?: DerivedMetrics;
  /** Monotonic milliseconds for the pass budget. @default performance.now */
  elapsedMillis?: () => number;
}

/** The latest state of one scored series. */
export interface AnomalySeriesState {
  seriesId: number;
  /** Series key: metric and identifying attributes. */
  series: string;
  metric: string;
  attributes: Readonly<Record<string, string>>;
  lastTimeMillis: number;
  lastValue: number;
  lastScore: AnomalyPointScore;
  points: number;
  firing: boolean;
}

/** The anomaly engine and what it knows about each series. */
export interface AnomalyEngine extends Engine {
  /** The latest score of every scored series. */
  series(): AnomalySeriesState[];
  /** Recent anomalies, newest first. */
  anomalies(query?: AnomalyQuery): AnomalyRecord[];
}

interface Tracked {
  /** Created when the series is first scored, inside a pass's budget. */
  detector?: StreamingAnomalyDetector;
  view: ViewSeries;
  key: string;
  attributes: Record<string, string>;
  lastMillis: number;
  lastValue: number;
  lastScore?: AnomalyPointScore;
  points: number;
  ordinaryRun: number;
  firing?: Finding;
  record?: AnomalyRecord;
}

/** Longest slice of a pass before it lets the event loop run, ms. */
const YIELD_AFTER_MILLIS = 10;

const KINDS = [
  'gauge',
  'counter',
  'updowncounter',
  'histogram',
  'exponential_histogram',
  'summary',
] as const;

/** Creates the anomaly engine. Throws a `RangeError` for invalid detector options. */
export function createAnomalyEngine(options: AnomalyEngineOptions = {}): AnomalyEngine {
  const maxSeries = options.maxSeries ?? 1000;
  const resolveAfter = options.resolveAfterPoints ?? 10;
  const maxPoints = options.maxPointsPerPass ?? 200_000;
  const budget = options.passBudgetMillis ?? 1000;
  const elapsed = options.elapsedMillis ?? (() => performance.now());
  const metrics = options.metrics ?? [];
  // Validates the detector options now rather than at the first evaluation.
  createStreamingAnomalyDetector(options.detector);
  const tracked = new Map<number, Tracked>();
  const log = createAnomalyLog(options.anomaliesKept ?? 1000);
  const ignored = new Set<number>();
  let cursor = 0;
  let scoredPoints = 0;
  let deferredSeries = 0;
  let lastEvaluationMillis: number | undefined;
  let lastDuration: number | undefined;
  const hooks: AnomalyExportHooks = {};
  const unregister = options.derivedMetrics
    ? exportAnomalyMetrics(
        options.derivedMetrics,
        () => tracked.values(),
        () => ignored.size,
        hooks,
      )
    : () => {};

  const select = (context: EngineContext): readonly ViewSeries[] =>
    metrics.length === 0
      ? context.series.select({ kind: KINDS, includeStale: true })
      : metrics.flatMap((metric) =>
          context.series.select({ metric, kind: KINDS, includeStale: true }),
        );

  const score = (state: Tracked, atMillis: number, context: EngineContext): number => {
    let points = 0;
    const from = Number.isFinite(state.lastMillis) ? state.lastMillis : 0;
    for (const sample of context.series.samples(state.view.id, from, atMillis)) {
      state.lastMillis = sample.timeMillis;
      const value = pointValue(state.view, sample.value, sample.count);
      // Missing values (an interval without observations, NaN) are gaps, not points.
      if (!Number.isFinite(value)) continue;
      state.detector ??= createStreamingAnomalyDetector(options.detector);
      const s = state.detector.update(sample.timeMillis, value);
      points++;
      state.points++;
      state.lastValue = value;
      state.lastScore = s;
      if (s.anomaly) {
        state.ordinaryRun = 0;
        if (state.firing === undefined) {
          state.firing = anomalyFinding(state, sample.timeMillis, value, s);
          state.record = log.add(state, sample.timeMillis, value, s);
          hooks.onAnomaly?.(state.view.metric, s.reason ?? 'unusual');
          context.emit(state.firing);
        }
      } else if (state.firing !== undefined && ++state.ordinaryRun >= resolveAfter) {
        resolve(state, sample.timeMillis, context);
      }
    }
    return points;
  };

  const resolve = (state: Tracked, atMillis: number, context: EngineContext): void => {
    if (!state.firing) return;
    context.emit({
      ...state.firing,
      state: 'resolved',
      summary: `${state.key} is ordinary again`,
      endsAtMillis: atMillis,
    });
    if (state.record) state.record.resolvedAtMillis = atMillis;
    state.firing = undefined;
    state.record = undefined;
  };

  const evaluate = async (atMillis: number, context: EngineContext): Promise<void> => {
    const started = elapsed();
    const views = select(context);
    const present = new Set<number>();
    for (const view of views) {
      present.add(view.id);
      if (tracked.has(view.id) || view.stale) continue;
      if (tracked.size >= maxSeries) {
        ignored.add(view.id);
        continue;
      }
      tracked.set(view.id, {
        view,
        key: baselineSeriesKey(view),
        attributes: stringAttributes(view),
        lastMillis: Number.NEGATIVE_INFINITY,
        lastValue: Number.NaN,
        points: 0,
        ordinaryRun: 0,
      });
    }
    // Series the store evicted: their state goes (bounded memory), a firing anomaly resolves.
    for (const [id, state] of tracked) {
      if (present.has(id)) continue;
      resolve(state, atMillis, context);
      tracked.delete(id);
    }
    for (const id of ignored) if (!present.has(id)) ignored.delete(id);
    const order = [...tracked.values()];
    let points = 0;
    let visited = 0;
    const start = order.length === 0 ? 0 : cursor % order.length;
    let sinceYield = started;
    for (; visited < order.length; visited++) {
      // Every pass scores at least one series, so a spent budget still makes progress.
      if (visited > 0 && (points >= maxPoints || elapsed() - started >= budget)) break;
      // A pass may take its whole budget (a second by default): ingest and the API run
      // between slices of it instead of waiting for the end.
      if (elapsed() - sinceYield >= YIELD_AFTER_MILLIS) {
        await yieldToEventLoop();
        sinceYield = elapsed();
      }
      points += score(order[(start + visited) % order.length]!, atMillis, context);
    }
    deferredSeries = order.length - visited;
    cursor = order.length === 0 ? 0 : (start + visited) % order.length;
    scoredPoints += points;
    hooks.onScored?.(points);
    lastEvaluationMillis = atMillis;
    lastDuration = (elapsed() - started) / 1000;
  };

  return {
    name: ANOMALY_ENGINE_NAME,
    intervalMillis: options.intervalMillis ?? DEFAULT_ENGINE_INTERVAL_MILLIS,
    evaluate,
    report(): EngineReport {
      let firing = 0;
      for (const s of tracked.values()) if (s.firing) firing++;
      return {
        name: ANOMALY_ENGINE_NAME,
        healthy: true,
        ...(lastEvaluationMillis !== undefined ? { lastEvaluationMillis } : {}),
        ...(lastDuration !== undefined ? { lastDurationSeconds: lastDuration } : {}),
        detail: {
          series: tracked.size,
          maxSeries,
          skippedSeries: ignored.size,
          // Series the last pass did not reach (budget spent); the next pass starts with them.
          deferredSeries,
          scoredPoints,
          firing,
        },
      };
    },
    series() {
      return [...tracked.values()]
        .filter((s) => s.lastScore !== undefined)
        .map((s) => ({
          seriesId: s.view.id,
          series: s.key,
          metric: s.view.metric,
          attributes: s.attributes,
          lastTimeMillis: s.lastMillis,
          lastValue: s.lastValue,
          lastScore: s.lastScore!,
          points: s.points,
          firing: s.firing !== undefined,
        }));
    },
    anomalies: (query) => log.list(query),
    shutdown() {
      unregister();
      return Promise.resolve();
    },
  };
}

/** Whether an engine is the anomaly engine (for the API). */
export function isAnomalyEngine(engine: Engine): engine is AnomalyEngine {
  return engine.name === ANOMALY_ENGINE_NAME && 'anomalies' in engine;
}

/** The number scored for a sample: a histogram's or summary's mean, else the value. */
function pointValue(view: ViewSeries, value: number, count: number | undefined): number {
  if (
    view.kind === 'histogram' ||
    view.kind === 'exponential_histogram' ||
    view.kind === 'summary'
  ) {
    return count !== undefined && count > 0 ? value / count : Number.NaN;
  }
  return value;
}

function stringAttributes(view: ViewSeries): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(view.attributes)) out[k] = String(v);
  return out;
}

function anomalyFinding(
  state: Tracked,
  atMillis: number,
  value: number,
  score: AnomalyPointScore,
): Finding {
  const range = `[${round(score.expectedLow)}, ${round(score.expectedHigh)}]`;
  const outside = value < score.expectedLow || value > score.expectedHigh;
  return {
    engine: ANOMALY_ENGINE_NAME,
    kind: 'anomaly',
    severity: 'warning',
    state: 'firing',
    labels: { ...state.attributes, metric: state.view.metric, series: state.key },
    summary: `${state.key}: ${round(value)} ${outside ? 'outside' : 'inside'} the expected range ${range}${outside ? '' : ' after a run of unusual points'} (${score.reason ?? 'unusual'}, score ${round(score.score)})`,
    value: score.score,
    evidence: {
      value,
      expected: score.expected,
      expectedLow: score.expectedLow,
      expectedHigh: score.expectedHigh,
      reason: score.reason ?? null,
      pValue: score.pValue,
      isolationScore: Number.isNaN(score.isolationScore) ? null : score.isolationScore,
    },
    startsAtMillis: atMillis,
  };
}

function round(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x);
}
