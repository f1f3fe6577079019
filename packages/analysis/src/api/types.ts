import type { OptimizationApi } from './optimization-routes.js';
import type { AnalyticsApi } from './analytics-routes.js';
import type { BaselineApi } from './baseline-routes.js';
/**
 * Public types of the HTTP JSON API: the bodies it returns and the backend it reads from.
 * The API server knows nothing of the series store or the persistence layer; the service
 * implements {@link ApiBackend} on top of them, which keeps the HTTP layer testable alone.
 */
import type { Approvals } from '../approvals/approvals.js';
import type { EngineStatus } from '../engines/engine-runtime.js';
import type { Finding, FindingState } from '../engines/findings.js';
import type { SloGroupView, SloView } from '../engines/slo/slo-views.js';

/** One readiness check (`/readyz`). */
export interface ReadinessCheck {
  /** Whether this part is ready. */
  ok: boolean;
  /** Why it is not ready (or a short detail when it is). */
  message?: string;
}

/** The `/readyz` body. */
export interface ReadinessReport {
  /** True when every check is ok. */
  ready: boolean;
  /** Checks by name (`store`, `receiver.http`, `receiver.grpc`, ...). */
  checks: Record<string, ReadinessCheck>;
}

/** Ingest rates of one signal over the rate window. */
export interface SignalRates {
  /** Export requests per second. */
  requestsPerSecond: number;
  /** Accepted data points (spans, log records) per second. */
  acceptedPerSecond: number;
  /** Rejected data points (spans, log records) per second. */
  rejectedPerSecond: number;
}

/** The `/api/v1/status` body. */
export interface StatusReport {
  /** `ok` when ready, `degraded` when a readiness check fails, `stopping` during shutdown. */
  health: 'ok' | 'degraded' | 'stopping';
  /** Package version of `@heterodyne/analysis`. */
  version: string;
  /** Start time, ISO 8601. */
  startedAt: string;
  /** Seconds since start. */
  uptimeSeconds: number;
  /** The persistence layer. */
  store: { kind: string; healthy: boolean; message?: string };
  /** The series store. */
  series: {
    /** Series not stale. */
    active: number;
    /**
     * Estimated bytes held by the whole series store, `preallocatedBytes` included; divide
     * `memoryBytes - preallocatedBytes` by the series count for a per-series figure.
     */
    memoryBytes: number;
    /** Record space allocated ahead of use (256 series at a time per series kind). */
    preallocatedBytes: number;
    /** Series count by metric name. */
    byMetric: Record<string, number>;
    /** Most series the store holds (`processors.series.max_series`). */
    maxSeries: number;
    /** Most estimated bytes (`processors.series.max_memory`). */
    maxMemoryBytes: number;
    /** New series refused since start, by reason (`series_limit`, `memory_limit`, `too_long`). */
    refused: Record<string, number>;
    /** Series evicted since start to make room for new ones. */
    evictedForRoom: number;
  };
  /** Rates over the last {@link StatusReport.ingest.windowSeconds} seconds. */
  ingest: {
    windowSeconds: number;
    metrics: SignalRates;
    traces: SignalRates;
    logs: SignalRates;
  };
  /** Totals since start. */
  totals: {
    requests: number;
    acceptedPoints: number;
    rejectedPoints: number;
    logRecords: number;
  };
  /** The bounded ingest queue. */
  queue: { depth: number; queuedPoints: number; maxRequests: number; maxPoints: number };
  /** Points dropped (not stored) since start, by reason. */
  dropped: Record<string, number>;
  /** Listening addresses of the receivers (`null` when disabled). */
  receivers: { http: string | null; grpc: string | null };
  /** What the analysis engines report, with their schedules; empty without engines. */
  engines: EngineStatus[];
  /** The service's components in start order, with their health and report. */
  components: ComponentStatus[];
}

/** One component of the service in the status. */
export interface ComponentStatus {
  /** Component name (`store`, `engines`, `receivers`, ...). */
  name: string;
  /** False when the component reports a problem. */
  healthy: boolean;
  /** The problem, when unhealthy. */
  message?: string;
  /** The component's own summary, when it has one. */
  report?: Readonly<Record<string, unknown>>;
}

/** One finding as `GET /api/v1/findings` lists it: the finding and its times in ISO 8601. */
export interface FindingView extends Finding {
  /** `startsAtMillis` as ISO 8601. */
  startsAt: string;
  /** `endsAtMillis` as ISO 8601, once resolved. */
  endsAt?: string;
}

/** Filters of `GET /api/v1/findings`. */
export interface FindingsQuery {
  engine?: string;
  state?: FindingState;
  limit: number;
}

/** One series in the `/api/v1/series` listing. */
export interface SeriesSummary {
  /** Series id, as used in `/api/v1/series/<id>/samples`. */
  id: string;
  /** Metric name. */
  metric: string;
  /** Metric kind as stored (`gauge`, `sum`, `histogram`, ...). */
  kind: string;
  /** Metric unit. */
  unit: string;
  /** Resource attributes. */
  resource: Record<string, unknown>;
  /** Instrumentation scope name. */
  scope: string;
  /** Point attributes. */
  attributes: Record<string, unknown>;
  /** Samples kept in the series' window. */
  samples: number;
  /** Time of the last sample, ISO 8601, or null. */
  lastSampleAt: string | null;
  /** True once the series went stale. */
  stale: boolean;
}

/** One recent sample. Histogram fields are present for histogram-kind series. */
export interface SampleView {
  /** Sample time, ISO 8601. */
  time: string;
  /** Sample time, milliseconds since the epoch. */
  timeUnixMillis: number;
  /** The value: gauge value, delta of a sum, or the sum of a histogram delta. */
  value: number;
  /** Histogram delta count, when the series is a histogram. */
  count?: number;
  /** Histogram delta sum, when known. */
  sum?: number;
}

/** A series and its recent samples, oldest first. */
export interface SeriesSamples {
  series: SeriesSummary;
  samples: SampleView[];
}

/** What the API server reads from. Implemented by the analysis service. */
export interface ApiBackend {
  /** Liveness/readiness checks; called per `/readyz` request. */
  readiness(): Promise<ReadinessReport>;
  /** The status body. */
  status(): Promise<StatusReport>;
  /** Series matching `metric` (all when undefined), at most `limit`, and the total match count. */
  listSeries(query: { metric?: string; limit: number }): {
    series: SeriesSummary[];
    total: number;
  };
  /** The last `limit` samples of a series, or undefined when no such series exists. */
  recentSamples(id: string, limit: number): SeriesSamples | undefined;
  /** Prometheus text exposition for `/metrics` (format 0.0.4). */
  metricsText(): Promise<string>;
  /** Recent findings matching the query, newest first, and how many conditions fire now. */
  listFindings(query: FindingsQuery): { findings: FindingView[]; firing: number };
  /** Every SLO with its groups; undefined when no SLO engine runs. */
  listSlos(): SloView[] | undefined;
  /** One SLO or SLO group (with history); undefined when unknown or no SLO engine runs. */
  getSlo(
    id: string,
    query: { since?: number; limit: number },
  ): Promise<SloView | SloGroupView | undefined>;
  /**
   * The same text as chunks, written to the response as they come (preferred over
   * `metricsText` when present).
   */
  metricsChunks?(): AsyncIterable<string>;
  /** Baselines, versions and drift (`/api/v1/baselines*`); absent: those routes answer 404. */
  baselines?: BaselineApi;
  /** Anomalies, trends and forecasts (`analytics-routes.ts`); absent: those routes answer 404. */
  analytics?: AnalyticsApi;
  /** The alerting routes' backend; undefined when alerting is off. @default none */
  alerting?(): AlertingBackend | undefined;
  /** Proposals and the audit log (`proposal-routes.ts`); undefined without a store. @default none */
  approvals?(): Approvals | undefined;
  /** Opportunities, remediations and their audit log; absent: those routes answer 404. */
  optimization?: OptimizationApi;
}

/** What the alert routes read and write (absent when alerting is off). */
export interface AlertingBackend {
  /** Active alerts (with silence, inhibition and acknowledgement), optionally of one severity. */
  active(severity?: string): unknown[];
  /** Stored alerts of one status, newest first. */
  listAlerts(query: { status: string; severity?: string; limit: number }): Promise<unknown[]>;
  /** Acknowledges an alert by id or fingerprint; false when no open alert has it. */
  acknowledge(id: string, by: string, comment?: string): Promise<boolean>;
  /** Silences, or only those active now. */
  listSilences(activeOnly: boolean): Promise<unknown[]>;
  /** Creates a silence. */
  createSilence(input: {
    matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
    startsAt: number;
    endsAt: number;
    createdBy: string;
    comment: string;
  }): Promise<unknown>;
  /** Ends a silence now; undefined when unknown. */
  expireSilence(id: string): Promise<unknown>;
  /** Delivery attempts, newest first. */
  listDeliveries(query: { channel?: string; status?: string; limit: number }): Promise<unknown[]>;
  /** The channels with their settings, secrets redacted. */
  channels(): unknown[];
  /** Sends a test notification. */
  testChannel(id: string): Promise<{ ok: true } | { ok: false; error: string }>;
  /** Now, ms since the epoch. */
  nowMillis(): number;
}
