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

/** Most series in the store (the series store's `maxSeries`). */
export const DEFAULT_MAX_SERIES = 250_000;
/** Most estimated store memory, in bytes (1 GiB; the series store's `maxMemoryBytes`). */
export const DEFAULT_MAX_MEMORY_BYTES = 1024 ** 3;
/** Longest metric name, scope name or version stored. */
export const DEFAULT_MAX_NAME_LENGTH = 1024;
/** Longest attribute key stored. */
export const DEFAULT_MAX_ATTRIBUTE_KEY_LENGTH = 1024;
/** Longest string or bytes attribute value stored. */
export const DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH = 16_384;
/** Most attributes per point or resource. */
export const DEFAULT_MAX_ATTRIBUTES = 128;
/** Series store checkpoint interval, in milliseconds. */
export const DEFAULT_CHECKPOINT_INTERVAL_MILLIS = 60_000;
/** fsync interval of the write-ahead log's `write` policy, in milliseconds. */
export const DEFAULT_WAL_SYNC_INTERVAL_MILLIS = 1_000;

/** Queued requests before overload answers. */
export const DEFAULT_QUEUE_MAX_REQUESTS = 1000;
/** Queued data points before overload answers. */
export const DEFAULT_QUEUE_MAX_POINTS = 200_000;
/** `Retry-After` under overload, in milliseconds. */
export const DEFAULT_RETRY_AFTER_MILLIS = 1_000;
/** `processors.queue.max_wait`: longest wait in the ingest queue. */
export const DEFAULT_QUEUE_MAX_WAIT_MILLIS = 2_000;
/** `processors.queue.max_in_flight_bytes`: memory of request bodies in flight, 4 x 16 MiB. */
export const DEFAULT_QUEUE_MAX_IN_FLIGHT_BYTES = 64 * 2 ** 20;
/** `receivers.otlp.protocols.http.max_connections`. */
export const DEFAULT_HTTP_MAX_CONNECTIONS = 500;
/** `receivers.otlp.protocols.grpc.max_concurrent_streams`. */
export const DEFAULT_GRPC_MAX_CONCURRENT_STREAMS = 100;
/** `receivers.otlp.protocols.http.read_header_timeout`. */
export const DEFAULT_READ_HEADER_TIMEOUT_MILLIS = 10_000;
/** `receivers.otlp.limits.max_items_per_request`. */
export const DEFAULT_MAX_ITEMS_PER_REQUEST = 1_000_000;
/** `receivers.otlp.limits.max_name_length` (bytes: 255 characters of any script). */
export const DEFAULT_MAX_NAME_BYTES = 1_024;
/** `receivers.otlp.limits.max_attribute_key_length` (bytes). */
export const DEFAULT_MAX_ATTRIBUTE_KEY_BYTES = 1_024;

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
