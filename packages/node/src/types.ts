import type { Attributes, DiagLogLevel } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResourceDetector, Resource } from '@opentelemetry/resources';
import type { MeterProvider, PushMetricExporter, ViewOptions } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * OTLP transport, as named by `OTEL_EXPORTER_OTLP_PROTOCOL`.
 * See https://opentelemetry.io/docs/specs/otel/protocol/exporter/#specify-protocol
 */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/**
 * Where a signal goes, as named by `OTEL_TRACES_EXPORTER` / `OTEL_METRICS_EXPORTER`:
 * `otlp` (over {@link OtlpProtocol}), `console` (stdout, for local use) or `none`.
 */
export type ExporterKind = 'otlp' | 'console' | 'none';

/** Metric aggregation temporality asked of the OTLP metric exporter. */
export type TemporalityPreference = 'cumulative' | 'delta' | 'lowmemory';

/** Export settings of one signal (traces or metrics). Each field overrides the shared one. */
export interface SignalOptions {
  /**
   * Exporter(s) for this signal.
   * @default the top-level `exporter`, else `OTEL_TRACES_EXPORTER` / `OTEL_METRICS_EXPORTER`, else `'otlp'`
   */
  exporter?: ExporterKind | readonly ExporterKind[];
  /**
   * OTLP transport for this signal.
   * @default the top-level `protocol`, else `OTEL_EXPORTER_OTLP_{TRACES,METRICS}_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`, else `'http/protobuf'`
   */
  protocol?: OtlpProtocol;
  /**
   * Full URL for this signal, used as is (e.g. `http://collector:4318/v1/traces`; for gRPC
   * `http://collector:4317`). When neither this nor the top-level `endpoint` is set, the
   * exporter reads `OTEL_EXPORTER_OTLP_{TRACES,METRICS}_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`.
   * @default the exporter's own env/default resolution
   */
  endpoint?: string;
  /**
   * Extra request headers (gRPC metadata) for this signal, merged over the top-level `headers`.
   * Headers from `OTEL_EXPORTER_OTLP_*HEADERS` still apply to keys not given here.
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * Export request timeout, milliseconds.
   * @default `OTEL_EXPORTER_OTLP_*TIMEOUT`, else 10000 (read by the exporter)
   */
  timeoutMillis?: number;
  /**
   * Request body compression.
   * @default `OTEL_EXPORTER_OTLP_*COMPRESSION`, else `'none'` (read by the exporter)
   */
  compression?: 'gzip' | 'none';
}

/** Metric export settings. */
export interface MetricSignalOptions extends SignalOptions {
  /**
   * Interval between two metric exports, milliseconds.
   * @default `OTEL_METRIC_EXPORT_INTERVAL`, else 60000
   */
  exportIntervalMillis?: number;
  /**
   * Timeout of one metric export, milliseconds; at most `exportIntervalMillis`.
   * @default `OTEL_METRIC_EXPORT_TIMEOUT`, else 30000 (lowered to the interval when larger)
   */
  exportTimeoutMillis?: number;
  /**
   * Aggregation temporality the OTLP exporter asks for.
   * @default `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`, else `'cumulative'` (read by the exporter)
   */
  temporality?: TemporalityPreference;
}

/** Options of {@link startMonitoring}. Explicit options win over `OTEL_*` variables. */
export interface StartMonitoringOptions {
  /**
   * `service.name` of the resource.
   * @default `OTEL_SERVICE_NAME`, else `service.name` in `OTEL_RESOURCE_ATTRIBUTES`, else `unknown_service:<process>`
   */
  serviceName?: string;
  /**
   * `service.version` of the resource.
   * @default `service.version` in `OTEL_RESOURCE_ATTRIBUTES`, else unset
   */
  serviceVersion?: string;
  /**
   * `service.instance.id` of the resource: what tells this process apart from other runs of
   * the same service (Prometheus' `instance` label).
   * @default `service.instance.id` in `resourceAttributes` or `OTEL_RESOURCE_ATTRIBUTES`, else a random UUID per process
   */
  serviceInstanceId?: string;
  /** Extra resource attributes; they win over `OTEL_RESOURCE_ATTRIBUTES` and detected ones. */
  resourceAttributes?: Attributes;
  /**
   * Resource detectors run at start-up (their results lose to env and explicit attributes).
   * @default `[hostDetector, osDetector, processDetector]` from `@opentelemetry/resources`
   */
  resourceDetectors?: readonly ResourceDetector[];
  /**
   * Exporter(s) for both signals; `console` prints to stdout, `none` exports nothing.
   * @default `OTEL_TRACES_EXPORTER` / `OTEL_METRICS_EXPORTER`, else `'otlp'`
   */
  exporter?: ExporterKind | readonly ExporterKind[];
  /**
   * OTLP transport for both signals.
   * @default `OTEL_EXPORTER_OTLP_PROTOCOL`, else `'http/protobuf'`
   */
  protocol?: OtlpProtocol;
  /**
   * Base URL of an OTLP receiver for both signals, e.g. `http://collector:4318`. Over HTTP
   * `/v1/traces` and `/v1/metrics` are appended; over gRPC it is used as is.
   * @default the exporter's own resolution of `OTEL_EXPORTER_OTLP_*ENDPOINT`, else `http://localhost:4318` (`:4317` for gRPC)
   */
  endpoint?: string;
  /** Extra request headers (gRPC metadata) for both signals, e.g. an API key. */
  headers?: Readonly<Record<string, string>>;
  /** Trace export settings, overriding the shared ones. */
  traces?: SignalOptions;
  /** Metric export settings, overriding the shared ones. */
  metrics?: MetricSignalOptions;
  /**
   * Use this span exporter instead of the one `exporter` selects (e.g. an in-memory exporter).
   */
  spanExporter?: SpanExporter;
  /**
   * Use this metric exporter instead of the one `exporter` selects.
   */
  metricExporter?: PushMetricExporter;
  /** Extra metric views, added after the heterodyne bucket views. */
  views?: readonly ViewOptions[];
  /** Instrumentations to enable with the new providers; disabled again by `shutdown()`. */
  instrumentations?: readonly Instrumentation[];
  /**
   * Register the memory gauges of `@heterodyne/sdk` (heap used, heap limit, RSS, utilization).
   * @default true
   */
  memoryGauges?: boolean;
  /**
   * When the event loop empties (`beforeExit`) without `shutdown()` having been called, call
   * it, so spans and metrics still buffered are exported instead of lost. `process.exit()`
   * and signals end the process without `beforeExit`: call `shutdown()` yourself there.
   * @default true
   */
  flushOnExit?: boolean;
  /**
   * Turn the whole setup off: no exporters, nothing registered, inert providers.
   * @default `OTEL_SDK_DISABLED`, else false
   */
  disabled?: boolean;
  /**
   * Log OpenTelemetry's internal diagnostics to the console at this level, until `shutdown()`.
   * @default `OTEL_LOG_LEVEL`, else no diagnostic logger is installed
   */
  logLevel?: DiagLogLevel;
  /**
   * Longest wait of `shutdown()`, milliseconds. The final exports are given this long (an
   * OTLP exporter's retries stop then too); what is not exported by then is dropped and
   * reported through `diag`.
   * @default 5000
   */
  shutdownTimeoutMillis?: number;
  /**
   * Let `shutdown()` reject when the final export failed or timed out. By default it
   * resolves and reports the loss through `diag`, so a finished program still exits 0 when
   * the receiver is down.
   * @default false
   */
  rejectOnShutdownFailure?: boolean;
}

/** Resolved settings of one signal. */
export interface SignalConfig {
  /** Exporters to create; empty when the signal is off. */
  readonly exporters: readonly Exclude<ExporterKind, 'none'>[];
  /** OTLP transport. */
  readonly protocol: OtlpProtocol;
  /** Explicit URL, or undefined to let the exporter read `OTEL_*` itself. */
  readonly url: string | undefined;
  /** Explicit headers, or undefined to let the exporter read `OTEL_*` itself. */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** Explicit request timeout, milliseconds, or undefined (exporter default/env). */
  readonly timeoutMillis: number | undefined;
  /** Explicit compression, or undefined (exporter default/env). */
  readonly compression: 'gzip' | 'none' | undefined;
}

/** Resolved metric settings. */
export interface MetricSignalConfig extends SignalConfig {
  /** Interval between exports, milliseconds. */
  readonly exportIntervalMillis: number;
  /** Timeout of one export, milliseconds. */
  readonly exportTimeoutMillis: number;
  /** Explicit temporality, or undefined (exporter default/env). */
  readonly temporality: TemporalityPreference | undefined;
}

/** The configuration {@link startMonitoring} runs with, after options and env are merged. */
export interface MonitoringConfig {
  /** Whether the setup is switched off. */
  readonly disabled: boolean;
  /** Resource attributes from env and explicit options (detectors and SDK defaults excluded). */
  readonly resourceAttributes: Attributes;
  /** Trace settings. */
  readonly traces: SignalConfig;
  /** Metric settings. */
  readonly metrics: MetricSignalConfig;
  /** Diagnostic log level, if one was asked for. */
  readonly logLevel: DiagLogLevel | undefined;
  /** Longest wait of `shutdown()`, milliseconds. */
  readonly shutdownTimeoutMillis: number;
  /** Whether `shutdown()` rejects when the final export failed or timed out. */
  readonly rejectOnShutdownFailure: boolean;
  /** Problems found in `OTEL_*` variables; each was ignored in favour of the default. */
  readonly warnings: readonly string[];
}

/** What {@link startMonitoring} returns. */
export interface Monitoring {
  /** False when the setup was disabled (`disabled` / `OTEL_SDK_DISABLED`). */
  readonly enabled: boolean;
  /** The tracer provider (registered globally unless disabled). */
  readonly tracerProvider: NodeTracerProvider;
  /** The meter provider (registered globally unless disabled). */
  readonly meterProvider: MeterProvider;
  /** The resource both providers report. */
  readonly resource: Resource;
  /** The resolved configuration. */
  readonly config: MonitoringConfig;
  /** Exports everything buffered so far (spans and metrics). */
  forceFlush(): Promise<void>;
  /**
   * Flushes and exports everything, shuts the exporters down and unregisters the global
   * providers, within `shutdownTimeoutMillis`. When the receiver is down or slow, it resolves
   * at that deadline and reports the dropped telemetry through `diag` (it rejects instead
   * only with `rejectOnShutdownFailure`). Idempotent: later calls return the first call's
   * promise.
   */
  shutdown(): Promise<void>;
}
