/**
 * The baselines engine: at each evaluation it reads the new samples of the configured
 * metrics (gauge values; for histograms and summaries the mean of each interval), feeds a
 * {@link BaselineManager}, refreshes stale baselines when the data allows, validates every
 * baselined series and raises a `drift` finding while a series has drifted (resolved when it
 * comes back). Baseline statistics, bands and drift state are exported as derived metrics.
 */
import {
  ATTR_BASELINE_DRIFT_DIRECTION,
  ATTR_BASELINE_METRIC,
  ATTR_BASELINE_SERIES,
  ATTR_BASELINE_STATISTIC,
  BASELINE_METRICS,
  METRIC_BASELINE_DRIFT_ACTIVE,
  METRIC_BASELINE_DRIFT_EVENTS,
  METRIC_BASELINE_DRIFT_RELATIVE_CHANGE,
  METRIC_BASELINE_SERIES_IGNORED,
  METRIC_BASELINE_SERIES_TRACKED,
  METRIC_BASELINE_VALUE,
} from '@heterodyne/semconv';
import type { BaselineApprovalGate } from '../../approvals/baseline-approvals.js';
import type { BaselinesConfig } from '../../config/baselines-config.js';
import type { BaselineRecord } from '../../store/baseline-records.js';
import type { BaselineStore } from '../../store/types.js';
import type { DerivedMetrics } from '../../telemetry/derived-metrics.js';
import type { Engine, EngineContext, EngineLogger, EngineReport } from '../engine.js';
import type { Finding } from '../findings.js';
import { yieldToEventLoop } from '../../event-loop.js';
import { BaselineManager } from './baseline-manager.js';
import type { BaselineManagerOptions, BaselineValidation } from './baseline-types.js';
import { formatRelativeChange } from './drift-test.js';
import { baselineSeriesKey } from './series-key.js';

/** Engine name in findings, status and self-telemetry. */
export const BASELINES_ENGINE_NAME = 'baselines';

/** Options of {@link createBaselinesEngine}. */
export interface BaselinesEngineOptions {
  config: BaselinesConfig;
  store: BaselineStore;
  /** Writes many baselines in one transaction (the store's `batch`). @default one at a time */
  batch?: BaselineManagerOptions['batch'];
  /** Milliseconds clock (the replay clock during `replay`). */
  now: () => number;
  logger?: EngineLogger;
  /** Where the derived metrics are registered; none in `replay`. */
  metrics?: DerivedMetrics;
  /** Automatic refreshes become proposals (see `BaselineManagerOptions.approvalGate`). */
  approvalGate?: BaselineApprovalGate;
}

/** The engine, with its manager for in-process use. */
export interface BaselinesEngine extends Engine {
  readonly manager: BaselineManager;
}

interface SeriesState {
  key: string;
  metric: string;
  lastMillis: number;
  validation?: BaselineValidation;
  baseline?: BaselineRecord;
  firing?: Finding;
}

const DEFINITION = new Map(BASELINE_METRICS.map((d) => [d.name, d]));
const KINDS = ['gauge', 'histogram', 'exponential_histogram', 'summary'] as const;

function definition(name: string): { name: string; description: string; unit: string } {
  const d = DEFINITION.get(name)!;
  return { name, description: d.description, unit: d.unit };
}

/** Creates the baselines engine. */
export function createBaselinesEngine(options: BaselinesEngineOptions): BaselinesEngine {
  const { config, store, now } = options;
  const manager = new BaselineManager({
    store,
    now,
    minSamples: config.minSamples,
    maxSeries: config.maxSeries,
    alpha: config.alpha,
    autoUpdate: config.autoUpdateEnabled,
    autoUpdateIntervalMillis: config.updateIntervalMillis,
    bandSensitivity: config.driftDetectionSensitivity,
    effectSizeThresholds: config.effectSizeThresholds,
    methods: config.baselineMethods,
    maxPointsPerSeries: config.pointsPerSeries,
    ...(options.approvalGate ? { approvalGate: options.approvalGate } : {}),
    ...(options.batch ? { batch: options.batch } : {}),
  });
  const states = new Map<number, SeriesState>();
  const ignored = new Set<number>();
  let lastEvaluation: number | undefined;
  let lastDuration: number | undefined;
  let failures = 0;
  let lastFailed = false;
  const unregister: Array<() => void> = [];
  const driftEvents = options.metrics?.meter.createCounter(METRIC_BASELINE_DRIFT_EVENTS, {
    description: definition(METRIC_BASELINE_DRIFT_EVENTS).description,
    unit: definition(METRIC_BASELINE_DRIFT_EVENTS).unit,
  });

  if (options.metrics) {
    const m = options.metrics;
    unregister.push(
      m.registerGauge(definition(METRIC_BASELINE_VALUE), (observe) => {
        for (const s of states.values()) {
          const b = s.baseline;
          if (!b) continue;
          const base = { [ATTR_BASELINE_METRIC]: s.metric, [ATTR_BASELINE_SERIES]: s.key };
          const values: Record<string, unknown> = {
            p50: b.p50,
            p95: b.p95,
            p99: b.p99,
            mean: b.mean,
            band_lower: b.details.bandLower,
            band_upper: b.details.bandUpper,
          };
          for (const [statistic, v] of Object.entries(values)) {
            if (typeof v === 'number' && Number.isFinite(v)) {
              observe(v, { ...base, [ATTR_BASELINE_STATISTIC]: statistic });
            }
          }
        }
      }),
      m.registerGauge(definition(METRIC_BASELINE_DRIFT_ACTIVE), (observe) => {
        for (const s of states.values()) {
          if (!s.baseline) continue;
          observe(s.firing ? 1 : 0, {
            [ATTR_BASELINE_METRIC]: s.metric,
            [ATTR_BASELINE_SERIES]: s.key,
          });
        }
      }),
      m.registerGauge(definition(METRIC_BASELINE_SERIES_TRACKED), (observe) =>
        observe(states.size),
      ),
      m.registerGauge(definition(METRIC_BASELINE_SERIES_IGNORED), (observe) =>
        observe(ignored.size),
      ),
      m.registerGauge(definition(METRIC_BASELINE_DRIFT_RELATIVE_CHANGE), (observe) => {
        for (const s of states.values()) {
          const change = s.validation?.assessment?.relativeChange;
          if (change === undefined || !Number.isFinite(change)) continue;
          observe(change, { [ATTR_BASELINE_METRIC]: s.metric, [ATTR_BASELINE_SERIES]: s.key });
        }
      }),
    );
  }

  const ingest = (at: number, context: EngineContext): void => {
    for (const metric of config.metrics) {
      for (const series of context.series.select({ metric, kind: KINDS, includeStale: false })) {
        let state = states.get(series.id);
        if (!state) {
          if (states.size >= config.maxSeries) {
            ignored.add(series.id);
            continue;
          }
          state = { key: baselineSeriesKey(series), metric, lastMillis: -Infinity };
          states.set(series.id, state);
        }
        const from = Number.isFinite(state.lastMillis) ? state.lastMillis : at - 7 * 86_400_000;
        for (const sample of context.series.samples(series.id, from, at)) {
          const value =
            series.kind === 'gauge'
              ? sample.value
              : sample.count !== undefined && sample.count > 0
                ? sample.value / sample.count
                : Number.NaN;
          // An interval without observations has no mean: it is a gap, not a value.
          if (series.kind !== 'gauge' && !(sample.count! > 0)) continue;
          manager.addDataPoint(metric, value, sample.timeMillis, state.key);
          state.lastMillis = Math.max(state.lastMillis, sample.timeMillis);
        }
      }
    }
  };

  const judge = async (
    at: number,
    state: SeriesState,
    context: EngineContext,
    stored: BaselineRecord | null,
  ): Promise<void> => {
    const v = await manager.validateBaseline(state.key, {
      changePoints: 'on-drift',
      baseline: stored,
    });
    state.validation = v;
    if (v.baseline) state.baseline = v.baseline;
    const a = v.assessment;
    const labels = { series: state.key, metric: state.metric };
    if (v.status === 'drift' && a && !state.firing) {
      const since = v.changePoints[v.changePoints.length - 1]?.timestampMillis ?? at;
      const finding: Finding = {
        engine: BASELINES_ENGINE_NAME,
        kind: 'drift',
        severity: a.direction === 'degraded' ? 'warning' : 'info',
        state: 'firing',
        labels,
        summary: `${state.key} ${a.direction}: ${formatRelativeChange(a.relativeChange)} against its baseline (p=${a.pValue.toExponential(2)}, ${a.test})`,
        value: a.relativeChange,
        threshold: a.effectSizeThreshold,
        evidence: {
          pValue: a.pValue,
          test: a.test,
          confidence: a.confidence,
          baselineLocation: a.baselineLocation,
          currentLocation: a.currentLocation,
          recentCount: v.recentCount,
          changePointMillis: since,
        },
        suggestedAction: a.suggestedAction,
        startsAtMillis: since,
      };
      state.firing = finding;
      context.emit(finding);
      driftEvents?.add(1, {
        [ATTR_BASELINE_METRIC]: state.metric,
        [ATTR_BASELINE_DRIFT_DIRECTION]: a.direction,
      });
    } else if (v.status !== 'drift' && state.firing && v.status !== 'insufficient-data') {
      context.emit({
        ...state.firing,
        state: 'resolved',
        summary: `${state.key} is back within its baseline`,
        endsAtMillis: at,
      });
      state.firing = undefined;
    }
  };

  return {
    name: BASELINES_ENGINE_NAME,
    intervalMillis: config.evaluationIntervalMillis,
    manager,
    async evaluate(at, context) {
      const started = performance.now();
      lastEvaluation = at;
      ingest(at, context);
      lastFailed = false;
      try {
        // Every baseline in one read rather than one per series; autoUpdate adds what it writes.
        const stored = new Map((await store.listBaselines()).map((b) => [b.key, b]));
        await manager.autoUpdate(stored);
        let visited = 0;
        for (const state of states.values()) {
          // Long passes over many series leave room for ingestion and the API.
          if (++visited % 100 === 0) await yieldToEventLoop();
          await judge(at, state, context, stored.get(state.key) ?? null);
        }
      } catch (error) {
        failures++;
        lastFailed = true;
        options.logger?.error('baselines: evaluation failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
      lastDuration = (performance.now() - started) / 1000;
    },
    report(): EngineReport {
      let baselined = 0;
      let drifting = 0;
      for (const s of states.values()) {
        if (s.baseline) baselined++;
        if (s.firing) drifting++;
      }
      return {
        name: BASELINES_ENGINE_NAME,
        healthy: !lastFailed,
        ...(lastEvaluation === undefined ? {} : { lastEvaluationMillis: lastEvaluation }),
        ...(lastDuration === undefined ? {} : { lastDurationSeconds: lastDuration }),
        detail: { series: states.size, baselined, drifting, ignoredSeries: ignored.size, failures },
      };
    },
    async shutdown() {
      for (const u of unregister) u();
    },
  };
}
