/** Default values of the configuration, in one place. */

/** OTLP/HTTP receiver listen address (the OTLP default port). */
export const DEFAULT_OTLP_HTTP_ENDPOINT = 'localhost:4318';
/** OTLP/gRPC receiver listen address (the OTLP default port). */
export const DEFAULT_OTLP_GRPC_ENDPOINT = 'localhost:4317';
/** HTTP API listen address; it also serves `/metrics` unless the exporter has its own. */
export const DEFAULT_API_ENDPOINT = 'localhost:8080';
/** Largest OTLP request body (after decompression) and gRPC message, in bytes. */
export const DEFAULT_MAX_REQUEST_BYTES = 16 * 2 ** 20;

/** Streams per metric before the overflow stream takes new ones (as the OTel SDK does). */
export const DEFAULT_CARDINALITY_LIMIT = 10_000;
/** Recent points kept per series (the series store's ring capacity). */
export const DEFAULT_WINDOW_CAPACITY = 60;
/** Sample retention, in milliseconds (24 h). */
export const DEFAULT_RETENTION_MILLIS = 24 * 3_600_000;
/** Series staleness, in milliseconds (5 min, as Prometheus). */
export const DEFAULT_STALENESS_MILLIS = 5 * 60_000;

/** Queued requests before overload answers. */
export const DEFAULT_QUEUE_MAX_REQUESTS = 1000;
/** Queued data points before overload answers. */
export const DEFAULT_QUEUE_MAX_POINTS = 200_000;
/** `Retry-After` under overload, in milliseconds. */
export const DEFAULT_RETRY_AFTER_MILLIS = 1_000;

/** OTLP export interval, in milliseconds (`OTEL_METRIC_EXPORT_INTERVAL`'s default). */
export const DEFAULT_EXPORT_INTERVAL_MILLIS = 60_000;
/** OTLP export timeout, in milliseconds. */
export const DEFAULT_EXPORT_TIMEOUT_MILLIS = 10_000;
/** Path of the Prometheus scrape endpoint. */
export const DEFAULT_PROMETHEUS_PATH = '/metrics';

/** The embedded store. */
export const DEFAULT_STORE_URL = 'sqlite:./monitoring-data/heterodyne.db';
/** SLO evaluation interval, in milliseconds (the feature description's 30 s). */
export const DEFAULT_SLO_EVALUATION_INTERVAL_MILLIS = 30_000;

/** `service.name` of the service's own telemetry. */
export const DEFAULT_SERVICE_NAME = 'heterodyne-monitor';

/** Shown as the file name in errors about the built-in defaults. */
export const DEFAULTS_SOURCE = '<defaults>';
