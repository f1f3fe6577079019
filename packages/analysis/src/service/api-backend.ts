import type { AlertSystem } from '../alerting/alert-system.js';
import { createApprovals } from '../approvals/approvals.js';
import { BASELINE_UPDATE_KIND, baselineUpdateApplier } from '../approvals/baseline-approvals.js';
import { REMEDIATION_KIND, remediationApprovalHooks } from '../approvals/remediation-approvals.js';
import { OptimizationEngine } from '../engines/optimization/optimization-engine.js';
import type { AlertingConfig } from '../alerting/config.js';
import type { EngineRuntime } from '../engines/engine-runtime.js';
import { getSloView, isSloEngine, listSloViews } from '../engines/slo/slo-views.js';
import { createAnalyticsApi } from './analytics-api.js';
import { createBaselineApi } from './baseline-api.js';
import { createOptimizationApi } from './optimization-api.js';
import type {
  ApiBackend,
  ComponentStatus,
  FindingView,
  ReadinessReport,
  SampleView,
  SeriesSummary,
  StatusReport,
} from '../api/types.js';
import type { AttributeValue, Attributes } from '../otlp/model.js';
import type { IngestQueueStats } from '../queue/types.js';
import type { SeriesStore } from '../series/series-store.js';
import type { SeriesInfo } from '../series/types.js';
import type { MonitoringStore } from '../store/types.js';
import { createAlertingBackend } from './alerting-backend.js';
import type { IngestStats } from './ingest-stats.js';
import { packageVersion } from './version.js';

/** What the API backend reads; the service passes its live parts. */
export interface ApiBackendSources {
  store: MonitoringStore;
  series: SeriesStore;
  stats: IngestStats;
  queue: () => IngestQueueStats;
  /** The queue's limits, read when the status is built (known once the receivers started). */
  queueLimits: () => { maxRequests: number; maxPoints: number };
  /** Points dropped since start, by reason. */
  dropped: () => Record<string, number>;
  /** Receiver addresses and whether each is listening; null when disabled. */
  receivers: () => {
    http: { address: string; listening: boolean } | null;
    grpc: { address: string; listening: boolean } | null;
  };
  /** True once shutdown began. */
  stopping: () => boolean;
  nowMillis: () => number;
  startedAtMillis: number;
  /** Prometheus exposition for `/metrics`. */
  metricsText: () => Promise<string>;
  /** The engine runtime, once started. @default none */
  engines?: () => EngineRuntime | undefined;
  /** The service's components with their health. @default none */
  components?: () => ComponentStatus[];
  /** The same, streamed in chunks. */
  metricsChunks?: () => AsyncIterable<string>;
  /** More readiness checks by name (checkpoints, write-ahead log). @default none */
  checks?: () => Record<string, { ok: boolean; message: string }>;
  /** The alerting system, once started; undefined when alerting is off. @default none */
  alerting?: () => AlertSystem | undefined;
  /** The `alerting` section. @default none */
  alertingConfig?: AlertingConfig;
  /** How long proposals wait for a decision, ms. @default 7 days */
  proposalTtlMillis?: number;
}

/** The service's implementation of the API's {@link ApiBackend}. */
export function createApiBackend(sources: ApiBackendSources): ApiBackend {
  // Proposals of every kind, each applied by the applier of its kind.
  const remediation = remediationApprovalHooks(() =>
    sources
      .engines?.()
      ?.scheduler.engines.find((e): e is OptimizationEngine => e instanceof OptimizationEngine),
  );
  const approvals = createApprovals({
    store: sources.store,
    now: sources.nowMillis,
    ...(sources.proposalTtlMillis === undefined
      ? {}
      : { expireAfterMillis: sources.proposalTtlMillis }),
    appliers: {
      [BASELINE_UPDATE_KIND]: baselineUpdateApplier(sources.store, sources.nowMillis),
      [REMEDIATION_KIND]: remediation.applier,
    },
    observers: { [REMEDIATION_KIND]: remediation.observer },
  });
  const readiness = async (): Promise<ReadinessReport> => {
    const checks: ReadinessReport['checks'] = {};
    const health = await sources.store.health().catch((error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error.message : String(error),
    }));
    checks.store = health.ok
      ? { ok: true, message: `${sources.store.backend} schema v${health.schemaVersion}` }
      : { ok: false, message: health.error };
    const receivers = sources.receivers();
    for (const [name, r] of Object.entries(receivers)) {
      if (r === null) continue;
      checks[`receiver.${name}`] = r.listening
        ? { ok: true, message: r.address }
        : { ok: false, message: `not listening on ${r.address}` };
    }
    for (const [name, check] of Object.entries(sources.checks?.() ?? {})) checks[name] = check;
    if (sources.stopping()) checks.service = { ok: false, message: 'shutting down' };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };

  return {
    readiness,
    async status(): Promise<StatusReport> {
      const ready = await readiness();
      const now = sources.nowMillis();
      const stats = sources.series.stats();
      const queue = sources.queue();
      const limits = sources.queueLimits();
      const rates = sources.stats.rates();
      const receivers = sources.receivers();
      const byMetric: Record<string, number> = {};
      for (const [name, m] of Object.entries(stats.byMetric)) byMetric[name] = m.series;
      const storeCheck = ready.checks.store;
      return {
        health: sources.stopping() ? 'stopping' : ready.ready ? 'ok' : 'degraded',
        version: packageVersion(),
        startedAt: new Date(sources.startedAtMillis).toISOString(),
        uptimeSeconds: Math.max(0, (now - sources.startedAtMillis) / 1000),
        store: {
          kind: sources.store.backend,
          healthy: storeCheck?.ok ?? false,
          ...(storeCheck?.ok ? {} : { message: storeCheck?.message }),
        },
        series: {
          active: stats.activeSeries,
          memoryBytes: stats.memoryBytes,
          preallocatedBytes: stats.preallocatedBytes,
          byMetric,
          maxSeries: stats.maxSeries,
          maxMemoryBytes: stats.maxMemoryBytes,
          refused: stats.refusedSeries,
          evictedForRoom: stats.evictedForRoom,
        },
        ingest: { windowSeconds: sources.stats.windowSeconds, ...rates },
        totals: sources.stats.totals(),
        queue: {
          depth: queue.queuedRequests,
          queuedPoints: queue.queuedPoints,
          maxRequests: limits.maxRequests,
          maxPoints: limits.maxPoints,
        },
        dropped: sources.dropped(),
        receivers: {
          http: receivers.http?.address ?? null,
          grpc: receivers.grpc?.address ?? null,
        },
        engines: sources.engines?.()?.statuses() ?? [],
        components: sources.components?.() ?? [],
      };
    },
    listSeries({ metric, limit }) {
      // By metric this reads the metric's own series (an index), and only `limit` are described.
      const selector = metric === undefined ? undefined : { metric };
      const series = sources.series.listSeries(selector, limit).map(seriesSummary);
      return { series, total: sources.series.countSeries(selector) };
    },
    recentSamples(rawId, limit) {
      if (!/^\d{1,15}$/.test(rawId)) return undefined;
      const id = Number(rawId);
      const info = sources.series.getSeries(id);
      const samples = sources.series.recentSamples(id, limit);
      if (!info || !samples) return undefined;
      const distribution =
        info.kind !== 'gauge' && info.kind !== 'counter' && info.kind !== 'updowncounter';
      return {
        series: seriesSummary(info),
        samples: samples.map((s): SampleView => {
          const view: SampleView = {
            time: new Date(s.timeMillis).toISOString(),
            timeUnixMillis: s.timeMillis,
            value: s.value,
          };
          if (distribution) {
            view.count = s.count ?? 0;
            if (!Number.isNaN(s.value)) view.sum = s.value;
          }
          return view;
        }),
      };
    },
    metricsText: () => sources.metricsText(),
    baselines: createBaselineApi(sources.store, sources.nowMillis),
    optimization: createOptimizationApi(sources.store),
    analytics: createAnalyticsApi(() => sources.engines?.()?.scheduler.engines),
    listFindings(query) {
      const runtime = sources.engines?.();
      if (!runtime) return { findings: [], firing: 0 };
      const findings = runtime.findings.list(query).map((f): FindingView => ({
        ...f,
        startsAt: new Date(f.startsAtMillis).toISOString(),
        ...(f.endsAtMillis === undefined ? {} : { endsAt: new Date(f.endsAtMillis).toISOString() }),
      }));
      return { findings, firing: runtime.findings.firing(query.engine).length };
    },
    listSlos() {
      const engine = sources.engines?.()?.scheduler.engines.find(isSloEngine);
      return engine ? listSloViews(engine) : undefined;
    },
    async getSlo(id, query) {
      const engine = sources.engines?.()?.scheduler.engines.find(isSloEngine);
      return engine ? getSloView(engine, id, query) : undefined;
    },
    ...(sources.metricsChunks ? { metricsChunks: sources.metricsChunks } : {}),
    approvals: () => approvals,
    alerting() {
      const system = sources.alerting?.();
      if (!system || !sources.alertingConfig) return undefined;
      return createAlertingBackend(
        system,
        sources.store,
        sources.alertingConfig,
        sources.nowMillis,
      );
    },
  };
}

/** A series as the API lists it. */
export function seriesSummary(info: SeriesInfo): SeriesSummary {
  return {
    id: String(info.id),
    metric: info.metric,
    kind: info.kind,
    unit: info.unit,
    resource: jsonAttributes(info.resource),
    scope: info.scope.name,
    attributes: jsonAttributes(info.attributes),
    samples: info.samples,
    lastSampleAt:
      info.lastSampleMillis === undefined ? null : new Date(info.lastSampleMillis).toISOString(),
    stale: info.stale,
  };
}

/** Attributes as JSON can carry them: bytes as base64, non-finite numbers as strings. */
export function jsonAttributes(attributes: Attributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = jsonValue(value);
  return out;
}

function jsonValue(value: AttributeValue): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return (value as readonly AttributeValue[]).map(jsonValue);
  return jsonAttributes(value as Attributes);
}
