/**
 * The resolved configuration: what `loadConfig` returns after defaults, `${ENV}` expansion
 * and validation. Durations are milliseconds and sizes bytes (the names say so); secrets are
 * {@link Secret}s. The file's own (snake_case, Collector-shaped) layout is documented in
 * `examples/config/full.yaml`.
 */
import type { AlertingConfig } from '../alerting/config.js';
import type { EnginesConfig } from './engines-config.js';
import type { InactiveSection } from './inactive-sections.js';
import type { AnalyticsConfig, BaselinesConfig, OptimizationConfig } from './reserved-types.js';
import type { BurnAlertWindow } from '../engines/slo/alert-windows.js';
import type { BudgetWindow, SloSpec } from '../engines/slo/types.js';
import type { Secret } from './secret.js';
import type { Role } from '../auth/roles.js';
import type { RetentionConfig } from './retention-config.js';
import type { ApprovalsConfig } from './approvals-config.js';

/** A `host:port` to listen on. */
export interface ListenEndpoint {
  /** As written in the file (`localhost:4318`). */
  endpoint: string;
  /**
   * Address to bind. `localhost` binds `127.0.0.1`: clients on Node 20 try every address
   * `localhost` resolves to, so `http://localhost:4318` reaches it even where `::1` comes
   * first, and `http://127.0.0.1:4318` does too. Binding the name itself would let Node
   * pick `::1` on such hosts, which IPv4 clients cannot reach. Write `[::1]:4318` for IPv6
   * loopback or `0.0.0.0:4318` for every interface.
   */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
}

/** Bearer-token authentication. Tokens come from environment variables named in the file. */
export interface BearerAuthConfig {
  /** Accepted tokens (several, so one can be rotated while the next is already valid). */
  tokens: Secret[];
}

/** An API token with its role (`api.auth.tokens[]`). */
export interface RoleTokenConfig {
  /** Who holds it; recorded with what it changes. */
  name: string;
  /** What it may do. */
  role: Role;
  secret: Secret;
}

/** `api.auth`: `tokens` lists every secret (for redaction), `roleTokens` each with its role. */
export interface ApiAuthConfig extends BearerAuthConfig {
  roleTokens: RoleTokenConfig[];
}

/** `receivers.otlp.protocols.http`. */
export interface OtlpHttpReceiverConfig extends ListenEndpoint {
  /** Largest request body after decompression. @default 16 MiB */
  maxRequestBodyBytes: number;
  /** Whether request headers are kept with the data (`include_metadata`). @default false */
  includeMetadata: boolean;
  /** Most open connections; the longest-idle one is closed past it. @default 500 */
  maxConnections: number;
  /** Time a client has to send a request's headers (`read_header_timeout`). @default 10s */
  readHeaderTimeoutMillis: number;
}

/** `receivers.otlp.protocols.grpc`. */
export interface OtlpGrpcReceiverConfig extends ListenEndpoint {
  /** Largest message accepted. @default 16 MiB */
  maxRecvMsgBytes: number;
  /** Calls in progress per connection (`max_concurrent_streams`). @default 100 */
  maxConcurrentStreams: number;
}

/** An `otlp` receiver. */
export interface OtlpReceiverConfig {
  type: 'otlp';
  /** Component id (`otlp` or `otlp/<name>`). */
  id: string;
  /** OTLP/HTTP, or `undefined` when the protocol is not enabled. */
  http: OtlpHttpReceiverConfig | undefined;
  /** OTLP/gRPC, or `undefined` when the protocol is not enabled. */
  grpc: OtlpGrpcReceiverConfig | undefined;
  /** Bearer-token auth for both protocols; `undefined` accepts every client. */
  auth: BearerAuthConfig | undefined;
  /** Per-request limits of the decoders, both protocols (`limits`). */
  limits: OtlpRequestLimitsConfig;
}

/** `receivers.otlp.limits`: what one request may hold, checked while it is decoded. */
export interface OtlpRequestLimitsConfig {
  /**
   * Data points (spans, log records) in one request; never more than the queue's
   * `max_points`. @default the queue's max_points
   */
  maxPointsPerRequest: number | undefined;
  /** Messages (JSON: objects) in one request. @default 1000000 */
  maxItemsPerRequest: number;
  /** Longest metric name, in UTF-8 bytes. @default 1024 */
  maxNameBytes: number;
  /** Longest attribute key, in UTF-8 bytes. @default 1024 */
  maxAttributeKeyBytes: number;
}

/** Any receiver. */
export type ReceiverConfig = OtlpReceiverConfig;

/** The `series` processor: normalisation and the series store. */
export interface SeriesProcessorConfig {
  type: 'series';
  id: string;
  /** Streams per metric before new ones go to the overflow stream. @default 10000 */
  cardinalityLimit: number;
  /** Recent points kept per series in its ring buffer. @default 60 */
  windowCapacity: number;
  /** How long samples and sketches are kept. @default 24h */
  retentionMillis: number;
  /** A series with no point for this long is marked stale. @default 5m */
  stalenessMillis: number;
  /** Most series in the store (`max_series`). @default 250000 */
  maxSeries: number;
  /** Most estimated bytes of the store (`max_memory`). @default 1GiB */
  maxMemoryBytes: number;
  /** Idle time before a series may be evicted for a new one (`eviction_min_idle`). @default staleness */
  evictionMinIdleMillis: number;
  /** Longest metric name, scope name or version (`max_name_length`). @default 1024 */
  maxNameLength: number;
  /** Longest attribute key (`max_attribute_key_length`). @default 1024 */
  maxAttributeKeyLength: number;
  /** Longest string or bytes attribute value (`max_attribute_value_length`). @default 16384 */
  maxAttributeValueLength: number;
  /** Most attributes per point or resource (`max_attributes`). @default 128 */
  maxAttributes: number;
  /**
   * How often the series store is checkpointed while running (`checkpoint_interval`); 0
   * checkpoints only at shutdown. Each checkpoint truncates the write-ahead log. @default 60s
   */
  checkpointIntervalMillis: number;
  /** The write-ahead log (`wal`). */
  wal: WalConfig;
}

/** `processors.series.wal`: when a 200/OK is sent, and where the log lives. */
export interface WalConfig {
  /**
   * `fsync`: answer after the request is written and fdatasync'ed (group commit; survives a
   * power loss). `write`: answer after the operating system has it (survives a crash of the
   * service, not of the machine), fsync every `syncIntervalMillis`. `off`: no log; a crash
   * loses what arrived since the last checkpoint. @default 'fsync'
   */
  sync: 'fsync' | 'write' | 'off';
  /** fsync interval of `write`. @default 1s */
  syncIntervalMillis: number;
  /**
   * Directory of the log and the checkpoint files. @default `PATH.series-wal/` beside a
   * SQLite file `PATH`; `./monitoring-data/wal-<store hash>` for PostgreSQL; none for
   * `sqlite::memory:`
   */
  dir: string | undefined;
}

/** The `queue` processor: the bounded ingest queue that answers 429/503 when full. */
export interface QueueProcessorConfig {
  type: 'queue';
  id: string;
  /** Requests waiting to be processed. @default 1000 */
  maxRequests: number;
  /** Data points (spans and log records count as points) waiting. @default 200000 */
  maxPoints: number;
  /** `Retry-After` sent with overload answers (whole seconds). @default 1s */
  retryAfterMillis: number;
  /** Longest wait before processing; a request waiting longer is refused (429). @default 2s */
  maxWaitMillis: number;
  /**
   * Memory for request bodies in flight (read, inflated, decoding) across all receivers;
   * past it requests are refused (429 / `UNAVAILABLE`). @default 64 MiB
   */
  maxInFlightBytes: number;
}

/** Any processor. */
export type ProcessorConfig = SeriesProcessorConfig | QueueProcessorConfig;

/** OTLP wire protocols, as `OTEL_EXPORTER_OTLP_PROTOCOL` names them. */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/** A header value: literal text, or a {@link Secret} when it came from `${ENV}`. */
export type HeaderValue = string | Secret;

/** An `otlp` exporter: derived metrics (and alert log records) out over OTLP. */
export interface OtlpExporterConfig {
  type: 'otlp';
  id: string;
  /**
   * Base URL (`https://otlp.example.org:4318`); for HTTP protocols `/v1/metrics` is
   * appended unless the path already ends with it. Required: there is no default, since
   * the default OTLP endpoint is this service's own receiver.
   */
  endpoint: string;
  /** @default 'http/protobuf' */
  protocol: OtlpProtocol;
  /** Extra request headers (gRPC metadata for `grpc`). */
  headers: Record<string, HeaderValue>;
  /** Export interval. @default 60s */
  intervalMillis: number;
  /** Timeout of one export; at most the interval. @default 10s */
  timeoutMillis: number;
  /** @default 'none' */
  compression: 'none' | 'gzip';
  /** @default 'cumulative' */
  temporality: 'cumulative' | 'delta';
}

/** The `prometheus` exporter: a `/metrics` scrape endpoint. */
export interface PrometheusExporterConfig {
  type: 'prometheus';
  id: string;
  /**
   * A separate `host:port` for the scrape endpoint. `undefined` (the default) serves it
   * from the API server at {@link PrometheusExporterConfig.path}: a single node then has one
   * HTTP port to open, firewall and scrape, and `/metrics` sits next to `/healthz` as
   * operators expect. Set an endpoint when Prometheus must reach the metrics where the API
   * should not be exposed (another interface or network), or without the API's bearer auth.
   */
  endpoint: ListenEndpoint | undefined;
  /** @default '/metrics' */
  path: string;
  /** Also expose the received metrics, so Prometheus needs no Collector. @default true */
  passThrough: boolean;
  /** Add unit and `_total` suffixes to names (OTel/Prometheus compatibility). @default true */
  addMetricSuffixes: boolean;
}

/** The `debug` exporter: a summary of each export written to the console. */
export interface DebugExporterConfig {
  type: 'debug';
  id: string;
  /** `basic`: one line per export; `normal`: one per metric; `detailed`: one per point. @default 'basic' */
  verbosity: 'basic' | 'normal' | 'detailed';
  /** @default 60s */
  intervalMillis: number;
}

/** Any exporter. */
export type ExporterConfig = OtlpExporterConfig | PrometheusExporterConfig | DebugExporterConfig;

/** OTLP signals a pipeline carries. */
export type SignalType = 'metrics' | 'traces' | 'logs';

/** One `service.pipelines` entry. */
export interface PipelineConfig {
  /** Pipeline id (`metrics` or `metrics/<name>`). */
  id: string;
  signal: SignalType;
  /** Receiver ids, each defined under `receivers`. */
  receivers: string[];
  /** Processor ids, in order. */
  processors: string[];
  /** Exporter ids. */
  exporters: string[];
}

/** `service.telemetry`: the service's own logs and metrics. */
export interface ServiceTelemetryConfig {
  /** @default 'info' */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** `none` turns self-metrics off, `basic` omits the latency histograms. @default 'normal' */
  metricsLevel: 'none' | 'basic' | 'normal' | 'detailed';
  /** Resource attributes of the service's telemetry. @default { 'service.name': 'heterodyne-monitor' } */
  resource: Record<string, string | number | boolean>;
}

/** `store`: where baselines, versions, alerts and SLO history live. */
export type StoreConfig =
  | {
      kind: 'sqlite';
      /** As written (`sqlite:./monitoring-data/heterodyne.db`). */
      url: string;
      /** Database file, relative to the working directory; `:memory:` for none. */
      path: string;
    }
  | {
      kind: 'postgres';
      /** The connection string (may hold a password from the environment). */
      url: Secret;
      /** The connection string with any password replaced, safe to print. */
      display: string;
    };

/** `api`: the HTTP JSON API. */
export interface ApiConfig {
  /** @default localhost:8080 */
  listen: ListenEndpoint;
  /** Bearer tokens with roles; `undefined` leaves the API open (bind it to loopback then). */
  auth: ApiAuthConfig | undefined;
}

/** `slo`: service level objectives (see `config/slo.ts` for the file's shape). */
export interface SloConfig {
  /** Target per SLI id of `@heterodyne/semconv` `SLIS`; every SLI has one (defaults from there). */
  targets: Record<string, number>;
  /** How often SLOs are evaluated. @default 30s */
  evaluationIntervalMillis: number;
  /** Whether the built-in SLOs (one per semconv SLI, with `targets`) are evaluated. @default true */
  builtin: boolean;
  /** Budget window of every SLO that does not set its own. @default 30d rolling */
  window: BudgetWindow;
  /** Attributes that split each SLO into groups. @default ['service.name', 'heterodyne.operation.name'] */
  groupBy: string[];
  /** Length of a time slice (gauge SLIs, `timeslices` budgeting), in seconds. @default 60 */
  sliceSeconds: number;
  /** Share of good slices the built-in gauge SLOs (memory utilization) promise. @default 0.99 */
  gaugeSliceObjective: number;
  /** The multi-window, multi-burn-rate alert table. @default the SRE workbook's four rows */
  alertWindows: readonly BurnAlertWindow[];
  /** One history record per SLO group at most this often, in ms (0: every evaluation). @default 5m */
  historyIntervalMillis: number;
  /** The counters are persisted at least this often, in ms. @default 5m */
  checkpointIntervalMillis: number;
  /** User-defined SLOs: `objectives` and the SLOs of the `openslo` files, resolved. */
  objectives: SloSpec[];
  /** OpenSLO files as written. */
  openslo: string[];
}

/** The whole configuration. */
export interface AnalysisConfig {
  /** The file it came from, or `undefined` for the built-in defaults. */
  source: string | undefined;
  receivers: Record<string, ReceiverConfig>;
  processors: Record<string, ProcessorConfig>;
  exporters: Record<string, ExporterConfig>;
  service: {
    pipelines: Record<string, PipelineConfig>;
    telemetry: ServiceTelemetryConfig;
    /**
     * This replica's name among those sharing one store (`service.replica`): its SLO state
     * and escalations are kept under it. Unset for a single replica.
     */
    replica?: string;
  };
  store: StoreConfig;
  api: ApiConfig;
  /** Limits of the engine runtime. */
  engines: EnginesConfig;
  slo: SloConfig;
  alerting: AlertingConfig;
  baselines: BaselinesConfig;
  analytics: AnalyticsConfig;
  optimization: OptimizationConfig;
  /** How long stored history is kept, and the clean-up's schedule. */
  retention: RetentionConfig;
  /** Whether automatic changes wait for a person's approval. */
  approvals: ApprovalsConfig;
  /** Things that are valid but probably not meant (a component no pipeline uses). */
  warnings: string[];
  /**
   * Sections written in the file that this version does not act on yet (see
   * `inactive-sections.ts`); the service and `config check` warn about each.
   */
  inactiveSections?: InactiveSection[];
}
