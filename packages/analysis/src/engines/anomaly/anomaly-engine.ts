import type { Engine, EngineContext, EngineReport } from '../engine.js';
import { DEFAULT_ENGINE_INTERVAL_MILLIS } from '../engine.js';
import type { Finding } from '../findings.js';
import type { ViewSeries } from '../series-view.js';
import { createStreamingAnomalyDetector } from './streaming-anomaly-detector.js';
import type {
  AnomalyDetectorOptions,
  AnomalyPointScore,
  StreamingAnomalyDetector,
} from './types.js';

/** Options of {@link createAnomalyEngine}. */
export interface AnomalyEngineOptions {
  /** Settings of every series' detector. @default the detector's defaults */
  detector?: AnomalyDetectorOptions;
  /**
   * Most series scored (the first seen keep their detectors; later ones are counted as
   * skipped). Each detector holds about 80 KiB after 5,000 points.
   * @default 1000
   */
  maxSeries?: number;
  /** Ordinary points in a row after which a firing anomaly resolves. @default 10 */
  resolveAfterPoints?: number;
  /** Evaluation interval, in milliseconds. @default 15000 */
  intervalMillis?: number;
}

/** The latest state of one scored series. */
export interface AnomalySeriesState {
  seriesId: number;
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
}

interface Tracked {
  detector: StreamingAnomalyDetector;
  view: ViewSeries;
  lastMillis: number;
  lastValue: number;
  lastScore?: AnomalyPointScore;
  points: number;
  ordinaryRun: number;
  firing?: Finding;
}

/**
 * An engine that scores every new sample of every gauge, counter, up-down counter and
 * histogram series (histograms by their mean per sample) with a streaming anomaly detector
 * per series, raising an `anomaly` finding when a point is anomalous and resolving it after
 * `resolveAfterPoints` ordinary points. Cheap per point; the number of series is bounded.
 */
export function createAnomalyEngine(options: AnomalyEngineOptions = {}): AnomalyEngine {
  const maxSeries = options.maxSeries ?? 1000;
  const resolveAfter = options.resolveAfterPoints ?? 10;
  // Validates the detector options now rather than at the first evaluation.
  createStreamingAnomalyDetector(options.detector);
  const tracked = new Map<number, Tracked>();
  let skipped = 0;
  let scoredPoints = 0;
  let lastEvaluationMillis: number | undefined;

  const evaluate = (atMillis: number, context: EngineContext): void => {
    skipped = 0;
    const views = context.series.select({
      kind: ['gauge', 'counter', 'updowncounter', 'histogram', 'exponential_histogram', 'summary'],
      includeStale: false,
    });
    for (const view of views) {
      let state = tracked.get(view.id);
      if (state === undefined) {
        if (tracked.size >= maxSeries) {
          skipped++;
          continue;
        }
        state = {
          detector: createStreamingAnomalyDetector(options.detector),
          view,
          lastMillis: Number.NEGATIVE_INFINITY,
          lastValue: Number.NaN,
          points: 0,
          ordinaryRun: 0,
        };
        tracked.set(view.id, state);
      }
      const from = Number.isFinite(state.lastMillis) ? state.lastMillis : 0;
      for (const sample of context.series.samples(view.id, from, atMillis)) {
        const value = pointValue(view, sample.value, sample.count);
        state.lastMillis = sample.timeMillis;
        if (!Number.isFinite(value)) continue;
        const score = state.detector.update(sample.timeMillis, value);
        scoredPoints++;
        state.points++;
        state.lastValue = value;
        state.lastScore = score;
        if (score.anomaly) {
          state.ordinaryRun = 0;
          if (state.firing === undefined) {
            state.firing = anomalyFinding(view, sample.timeMillis, value, score);
            context.emit(state.firing);
          }
        } else if (state.firing !== undefined && ++state.ordinaryRun >= resolveAfter) {
          context.emit({ ...state.firing, state: 'resolved', endsAtMillis: sample.timeMillis });
          state.firing = undefined;
        }
      }
    }
    lastEvaluationMillis = atMillis;
  };

  return {
    name: 'anomaly',
    intervalMillis: options.intervalMillis ?? DEFAULT_ENGINE_INTERVAL_MILLIS,
    evaluate,
    report(): EngineReport {
      let firing = 0;
      for (const s of tracked.values()) if (s.firing) firing++;
      return {
        name: 'anomaly',
        healthy: true,
        ...(lastEvaluationMillis !== undefined ? { lastEvaluationMillis } : {}),
        detail: { series: tracked.size, maxSeries, skippedSeries: skipped, scoredPoints, firing },
      };
    },
    series() {
      return [...tracked.values()]
        .filter((s) => s.lastScore !== undefined)
        .map((s) => ({
          seriesId: s.view.id,
          metric: s.view.metric,
          attributes: stringAttributes(s.view),
          lastTimeMillis: s.lastMillis,
          lastValue: s.lastValue,
          lastScore: s.lastScore!,
          points: s.points,
          firing: s.firing !== undefined,
        }));
    },
  };
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
  view: ViewSeries,
  atMillis: number,
  value: number,
  score: AnomalyPointScore,
): Finding {
  const range = `[${round(score.expectedLow)}, ${round(score.expectedHigh)}]`;
  return {
    engine: 'anomaly',
    kind: 'anomaly',
    severity: 'warning',
    state: 'firing',
    labels: { metric: view.metric, series_id: String(view.id), ...stringAttributes(view) },
    summary: `${view.metric}: ${round(value)} outside the expected range ${range} (${score.reason ?? 'unusual'}, score ${round(score.score)})`,
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
