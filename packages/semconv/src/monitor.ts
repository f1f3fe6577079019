/**
 * Names of the analysis service's own telemetry, under `heterodyne.monitor.`. They follow the OTel
 * naming rules the rest of the conventions follow: lowercase, dot-namespaced, snake_case
 * inside a segment, no `_total` (exporters add it), durations as `*.duration` histograms in
 * seconds with explicit buckets, counts with `{unit}` annotations.
 *
 * Prometheus sees them with suffixes added: `heterodyne_monitor_points_received_total`,
 * `heterodyne_monitor_processing_duration_seconds_bucket`, ...
 */
import { ATTR_ERROR_TYPE } from './attributes.js';
import type { MetricDefinition } from './metrics.js';
import { MONITOR_FINDINGS_METRICS } from './monitor-findings.js';
import { MONITOR_RETENTION_METRICS } from './monitor-retention.js';

/** Data points received (spans and log records count as points), before any checks. Counter. */
export const METRIC_MONITOR_POINTS_RECEIVED = 'heterodyne.monitor.points.received';
/** Data points processed and kept. Counter. */
export const METRIC_MONITOR_POINTS_ACCEPTED = 'heterodyne.monitor.points.accepted';
/** Data points dropped, by {@link ATTR_MONITOR_DROP_REASON}. Counter. */
export const METRIC_MONITOR_POINTS_DROPPED = 'heterodyne.monitor.points.dropped';
/** Requests whose payload could not be decoded, by signal and encoding. Counter. */
export const METRIC_MONITOR_DECODE_ERRORS = 'heterodyne.monitor.decode.errors';
/** Requests waiting in the ingest queue (the one in processing included). UpDownCounter (observable). */
export const METRIC_MONITOR_QUEUE_SIZE = 'heterodyne.monitor.queue.size';
/** Data points waiting in the ingest queue. UpDownCounter (observable). */
export const METRIC_MONITOR_QUEUE_POINTS = 'heterodyne.monitor.queue.points';
/** Requests the ingest queue holds at most. UpDownCounter (observable). */
export const METRIC_MONITOR_QUEUE_CAPACITY = 'heterodyne.monitor.queue.capacity';
/** Time to process one request (decode to stored). Histogram, seconds. */
export const METRIC_MONITOR_PROCESSING_DURATION = 'heterodyne.monitor.processing.duration';
/** Time of one store operation. Histogram, seconds. */
export const METRIC_MONITOR_STORE_DURATION = 'heterodyne.monitor.store.duration';
/**
 * Requests (or connections) the receivers refused or answered with an error, by transport,
 * signal (when known) and {@link ATTR_MONITOR_REFUSAL_REASON}. Counter.
 */
export const METRIC_MONITOR_REQUESTS_REFUSED = 'heterodyne.monitor.requests.refused';
/** Series held and not stale. UpDownCounter (observable). */
export const METRIC_MONITOR_SERIES_ACTIVE = 'heterodyne.monitor.series.active';
/** Time of one engine evaluation. Histogram, seconds. */
export const METRIC_MONITOR_ENGINE_EVALUATION_DURATION =
  'heterodyne.monitor.engine.evaluation.duration';
/**
 * How late an engine evaluation started after the interval boundary it evaluates. Histogram,
 * seconds.
 */
export const METRIC_MONITOR_ENGINE_EVALUATION_LAG = 'heterodyne.monitor.engine.evaluation.lag';
/**
 * Interval boundaries an engine was not evaluated at, because its previous evaluation was
 * still running (engines never overlap themselves). Counter.
 */
export const METRIC_MONITOR_ENGINE_EVALUATIONS_SKIPPED =
  'heterodyne.monitor.engine.evaluations.skipped';
/** Findings raised and resolved by the engines, by engine and state. Counter. */
export const METRIC_MONITOR_ENGINE_FINDINGS = 'heterodyne.monitor.engine.findings';
/** Alert notification delivery attempts, by channel and outcome. Counter. */
export const METRIC_MONITOR_ALERT_DELIVERIES = 'heterodyne.monitor.alert.deliveries';
/** Active alerts (firing, including silenced and inhibited ones), by severity. Gauge. */
export const METRIC_MONITOR_ALERTS_ACTIVE = 'heterodyne.monitor.alerts.active';

/** New series the store refused, by {@link ATTR_MONITOR_DROP_REASON} (`series_limit`, `memory_limit`, `too_long`). Counter (observable). */
export const METRIC_MONITOR_SERIES_REFUSED = 'heterodyne.monitor.series.refused';
/** Series evicted: stale past retention, or idle to make room under the store-wide limits. Counter (observable). */
export const METRIC_MONITOR_SERIES_EVICTED = 'heterodyne.monitor.series.evicted';
/** Most series the store holds (`max_series`). UpDownCounter (observable). */
export const METRIC_MONITOR_SERIES_LIMIT = 'heterodyne.monitor.series.limit';
/** Unhandled promise rejections and uncaught exceptions the service logged and survived, by `error.type`. Counter. */
export const METRIC_MONITOR_PROCESS_ERRORS = 'heterodyne.monitor.process.errors';
/**
 * Longest event-loop delay since the previous collection (a stall: a timer, a request or a
 * checkpoint slice waited this long), from `perf_hooks.monitorEventLoopDelay`. Gauge, seconds.
 */
export const METRIC_MONITOR_EVENTLOOP_DELAY_MAX = 'heterodyne.monitor.eventloop.delay.max';
/** Series store checkpoints that failed (each retried with backoff). Counter. */
export const METRIC_MONITOR_CHECKPOINT_FAILURES = 'heterodyne.monitor.checkpoint.failures';
/** Time since the last successful checkpoint (or since start, before the first). Gauge, seconds. */
export const METRIC_MONITOR_CHECKPOINT_AGE = 'heterodyne.monitor.checkpoint.age';
/** Checkpoint records dropped at restore because they were damaged. Counter. */
export const METRIC_MONITOR_CHECKPOINT_RECORDS_DAMAGED =
  'heterodyne.monitor.checkpoint.records.damaged';
/** Write-ahead log records skipped at replay because they were damaged. Counter. */
export const METRIC_MONITOR_WAL_RECORDS_DAMAGED = 'heterodyne.monitor.wal.records.damaged';
/** Write-ahead log write or sync failures (requests answered 503/UNAVAILABLE meanwhile). Counter. */
export const METRIC_MONITOR_WAL_FAILURES = 'heterodyne.monitor.wal.failures';
/** Time of one write-ahead log flush (write and, under `fsync`, fdatasync). Histogram, seconds. */
export const METRIC_MONITOR_WAL_FLUSH_DURATION = 'heterodyne.monitor.wal.flush.duration';

/** The OTLP signal: `metrics`, `traces` or `logs`. */
export const ATTR_MONITOR_SIGNAL = 'heterodyne.monitor.signal';
/** The transport a request came on: `http` or `grpc`. */
export const ATTR_MONITOR_TRANSPORT = 'heterodyne.monitor.transport';
/** The payload encoding: `protobuf` or `json`. */
export const ATTR_MONITOR_ENCODING = 'heterodyne.monitor.encoding';
/** Why points were dropped (see {@link DROP_REASON_VALUES}). */
export const ATTR_MONITOR_DROP_REASON = 'heterodyne.monitor.drop.reason';
/**
 * Why a receiver refused a request: `too_large` (413 / `RESOURCE_EXHAUSTED`),
 * `headers_too_large` (431), `overloaded` (429), `unavailable` (503), `unauthenticated`,
 * `decode_error`, `connection_limit` (a connection closed at the connection cap),
 * `request_timeout` (408), ... (the receivers' error reasons).
 */
export const ATTR_MONITOR_REFUSAL_REASON = 'heterodyne.monitor.refusal.reason';
/** The store operation: `read`, `write`, `migrate`, ... */
export const ATTR_MONITOR_STORE_OPERATION = 'heterodyne.monitor.store.operation';
/** The analysis engine (`slo`, `anomaly`, ...). */
export const ATTR_MONITOR_ENGINE = 'heterodyne.monitor.engine';
/** The state of a finding: `firing` or `resolved`. */
export const ATTR_MONITOR_FINDING_STATE = 'heterodyne.monitor.finding.state';
/** An alert channel's id (`alerting.channels.<id>`). */
export const ATTR_MONITOR_ALERT_CHANNEL = 'heterodyne.monitor.alert.channel';
/** A delivery attempt's outcome: `delivered`, `failed`, `dead-letter` or `rate-limited`. */
export const ATTR_MONITOR_ALERT_OUTCOME = 'heterodyne.monitor.alert.outcome';
/** An alert's severity: `info`, `warning`, `error` or `critical`. */
export const ATTR_MONITOR_ALERT_SEVERITY = 'heterodyne.monitor.alert.severity';

/**
 * Drop reasons in use. Others may be recorded; keep the set small (it is a label).
 * - `invalid`: the point broke the data model (NaN count, bucket mismatch, ...);
 * - `overloaded`/`unavailable`: the ingest queue refused the request;
 * - `duplicate`/`out_of_order`: same or older timestamp than the stream's last point;
 * - `cardinality_limit`: a cumulative point of a stream past the limit, or any point past it
 *   when the metric has no room left for an overflow stream;
 * - `series_limit`/`memory_limit`: a new stream refused by the store-wide limits;
 * - `too_long`: a new stream whose name, attribute key or value is past the store's limits;
 * - `processing_failed`: processing threw;
 * - `unauthenticated`, `too_large`: the receiver refused the whole request.
 */
export const DROP_REASON_VALUES = {
  INVALID: 'invalid',
  OVERLOADED: 'overloaded',
  UNAVAILABLE: 'unavailable',
  DUPLICATE: 'duplicate',
  OUT_OF_ORDER: 'out_of_order',
  CARDINALITY_LIMIT: 'cardinality_limit',
  PROCESSING_FAILED: 'processing_failed',
  UNAUTHENTICATED: 'unauthenticated',
  TOO_LARGE: 'too_large',
  SERIES_LIMIT: 'series_limit',
  MEMORY_LIMIT: 'memory_limit',
  TOO_LONG: 'too_long',
} as const;

/**
 * Bucket bounds of the service's latency histograms, in seconds: 10 µs to 10 s. Request
 * processing takes microseconds to milliseconds, far below `DURATION_BUCKETS_SECONDS`'
 * first bound (1 ms), which is sized for scientific operations.
 */
export const MONITOR_LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
  0.25, 0.5, 1, 2.5, 5, 10,
];

/** The analysis service's own metrics, in documentation order. */
export const MONITOR_METRICS: readonly MetricDefinition[] = [
  {
    name: METRIC_MONITOR_POINTS_RECEIVED,
    instrument: 'counter',
    unit: '{point}',
    description: 'Data points received (spans and log records count as points), before any checks.',
    attributes: [ATTR_MONITOR_SIGNAL, ATTR_MONITOR_TRANSPORT],
  },
  {
    name: METRIC_MONITOR_POINTS_ACCEPTED,
    instrument: 'counter',
    unit: '{point}',
    description: 'Data points processed and kept.',
    attributes: [ATTR_MONITOR_SIGNAL],
  },
  {
    name: METRIC_MONITOR_POINTS_DROPPED,
    instrument: 'counter',
    unit: '{point}',
    description: 'Data points dropped, by reason.',
    attributes: [ATTR_MONITOR_SIGNAL, ATTR_MONITOR_DROP_REASON],
  },
  {
    name: METRIC_MONITOR_DECODE_ERRORS,
    instrument: 'counter',
    unit: '{request}',
    description: 'Requests whose payload could not be decoded.',
    attributes: [ATTR_MONITOR_SIGNAL, ATTR_MONITOR_ENCODING],
  },
  {
    name: METRIC_MONITOR_REQUESTS_REFUSED,
    instrument: 'counter',
    unit: '{request}',
    description: 'Requests or connections the receivers refused, by reason.',
    attributes: [ATTR_MONITOR_TRANSPORT, ATTR_MONITOR_SIGNAL, ATTR_MONITOR_REFUSAL_REASON],
  },
  {
    name: METRIC_MONITOR_QUEUE_SIZE,
    instrument: 'updowncounter',
    unit: '{request}',
    description: 'Requests waiting in the ingest queue, the one in processing included.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_QUEUE_POINTS,
    instrument: 'updowncounter',
    unit: '{point}',
    description: 'Data points waiting in the ingest queue.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_QUEUE_CAPACITY,
    instrument: 'updowncounter',
    unit: '{request}',
    description: 'Requests the ingest queue holds at most.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_PROCESSING_DURATION,
    instrument: 'histogram',
    unit: 's',
    description: 'Time to process one request, from decoded to stored.',
    attributes: [ATTR_MONITOR_SIGNAL],
    buckets: MONITOR_LATENCY_BUCKETS_SECONDS,
  },
  {
    name: METRIC_MONITOR_STORE_DURATION,
    instrument: 'histogram',
    unit: 's',
    description: 'Time of one store operation.',
    attributes: [ATTR_MONITOR_STORE_OPERATION, ATTR_ERROR_TYPE],
    buckets: MONITOR_LATENCY_BUCKETS_SECONDS,
  },
  {
    name: METRIC_MONITOR_SERIES_ACTIVE,
    instrument: 'updowncounter',
    unit: '{series}',
    description: 'Series held and not stale.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_ENGINE_EVALUATION_DURATION,
    instrument: 'histogram',
    unit: 's',
    description: 'Time of one engine evaluation.',
    attributes: [ATTR_MONITOR_ENGINE, ATTR_ERROR_TYPE],
    buckets: MONITOR_LATENCY_BUCKETS_SECONDS,
  },
  {
    name: METRIC_MONITOR_ENGINE_EVALUATION_LAG,
    instrument: 'histogram',
    unit: 's',
    description: 'How late an engine evaluation started after the interval boundary it evaluates.',
    attributes: [ATTR_MONITOR_ENGINE],
    buckets: MONITOR_LATENCY_BUCKETS_SECONDS,
  },
  {
    name: METRIC_MONITOR_ENGINE_EVALUATIONS_SKIPPED,
    instrument: 'counter',
    unit: '{evaluation}',
    description:
      'Interval boundaries an engine was not evaluated at because its previous evaluation was still running.',
    attributes: [ATTR_MONITOR_ENGINE],
  },
  {
    name: METRIC_MONITOR_ENGINE_FINDINGS,
    instrument: 'counter',
    unit: '{finding}',
    description: 'Findings raised and resolved by the engines.',
    attributes: [ATTR_MONITOR_ENGINE, ATTR_MONITOR_FINDING_STATE],
  },
  {
    name: METRIC_MONITOR_SERIES_REFUSED,
    instrument: 'counter',
    unit: '{series}',
    description: 'New series the store refused, by reason.',
    attributes: [ATTR_MONITOR_DROP_REASON],
  },
  {
    name: METRIC_MONITOR_SERIES_EVICTED,
    instrument: 'counter',
    unit: '{series}',
    description: 'Series evicted: stale past retention, or idle to make room for new ones.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_SERIES_LIMIT,
    instrument: 'updowncounter',
    unit: '{series}',
    description: 'Most series the store holds.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_PROCESS_ERRORS,
    instrument: 'counter',
    unit: '{error}',
    description: 'Unhandled promise rejections and uncaught exceptions logged and survived.',
    attributes: [ATTR_ERROR_TYPE],
  },
  {
    name: METRIC_MONITOR_EVENTLOOP_DELAY_MAX,
    instrument: 'gauge',
    unit: 's',
    description: 'Longest event-loop delay since the previous collection.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_CHECKPOINT_FAILURES,
    instrument: 'counter',
    unit: '{checkpoint}',
    description: 'Series store checkpoints that failed; each is retried with backoff.',
    attributes: [ATTR_ERROR_TYPE],
  },
  {
    name: METRIC_MONITOR_CHECKPOINT_AGE,
    instrument: 'gauge',
    unit: 's',
    description: 'Time since the last successful series store checkpoint.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_CHECKPOINT_RECORDS_DAMAGED,
    instrument: 'counter',
    unit: '{record}',
    description: 'Checkpoint records dropped at restore because they were damaged.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_WAL_RECORDS_DAMAGED,
    instrument: 'counter',
    unit: '{record}',
    description: 'Write-ahead log records skipped at replay because they were damaged.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_WAL_FAILURES,
    instrument: 'counter',
    unit: '{failure}',
    description: 'Write-ahead log write or sync failures.',
    attributes: [ATTR_ERROR_TYPE],
  },
  {
    name: METRIC_MONITOR_WAL_FLUSH_DURATION,
    instrument: 'histogram',
    unit: 's',
    description: 'Time of one write-ahead log flush: write and, under fsync, fdatasync.',
    attributes: [],
    buckets: MONITOR_LATENCY_BUCKETS_SECONDS,
  },
  {
    name: METRIC_MONITOR_ALERT_DELIVERIES,
    instrument: 'counter',
    unit: '{attempt}',
    description:
      'Alert notification delivery attempts: delivered, failed (retried later), dead-letter (retries exhausted) or rate-limited (delayed).',
    attributes: [ATTR_MONITOR_ALERT_CHANNEL, ATTR_MONITOR_ALERT_OUTCOME],
  },
  {
    name: METRIC_MONITOR_ALERTS_ACTIVE,
    instrument: 'updowncounter',
    unit: '{alert}',
    description: 'Active alerts, including silenced and inhibited ones.',
    attributes: [ATTR_MONITOR_ALERT_SEVERITY],
  },
  ...MONITOR_RETENTION_METRICS,
  ...MONITOR_FINDINGS_METRICS,
];
