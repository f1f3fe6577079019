import type { LogsRequest, MetricsRequest, TracesRequest } from '../otlp/model.js';
import type { SeriesStore } from '../series/series-store.js';
import type { Clock } from '../series/types.js';

/**
 * What one request produced. `received = accepted + rejected + dropped` (points; spans for
 * traces; log records for logs). The client learns of every point not stored: OTLP
 * `partial_success` counts `rejectedPoints + droppedPoints` as rejected, and `errorMessage`
 * names the invalid points and the reasons of the drops (duplicates, out of order,
 * overflow: valid points that resending would not store).
 */
export interface IngestResult {
  /** Points (spans, log records) processed: stored, used as a cumulative reference, or a staleness marker. */
  acceptedPoints: number;
  /** Invalid points (spans) that were not processed. */
  rejectedPoints: number;
  /** Valid points dropped by normalisation (see {@link DropReason}). */
  droppedPoints: number;
  /**
   * Why points were rejected or dropped ('' when none were): the first problems, each with
   * its location, then the dropped points counted by reason.
   */
  errorMessage: string;
}

/**
 * Why a point was not stored:
 * - `invalid`: rejected (malformed; counted in `rejectedPoints`),
 * - `duplicate`: same timestamp as its stream's last point,
 * - `out_of_order`: older than its stream's last point,
 * - `overflow`: a cumulative point of a stream past the cardinality limit, or any point
 *   past it when the metric has no room left for an overflow stream,
 * - `series_limit`/`memory_limit`: a new stream refused by the store-wide limits,
 * - `too_long`: a new stream whose name, attribute key or value is past the store's limits.
 */
export type DropReason =
  | 'invalid'
  | 'duplicate'
  | 'out_of_order'
  | 'overflow'
  | 'series_limit'
  | 'memory_limit'
  | 'too_long';

/** Pipeline counters since creation. */
export interface IngestCounters {
  /** Export requests processed, by signal. */
  requests: { metrics: number; traces: number; logs: number };
  /** Metric data points received (an empty metric counts as one). */
  pointsReceived: number;
  /** Metric data points accepted. */
  pointsAccepted: number;
  /** Metric data points not stored, by reason (`invalid` = rejected). */
  dropped: Record<DropReason, number>;
  /** Accepted points that went to an overflow stream. */
  overflowPoints: number;
  /** Cumulative resets detected (start time change, decrease, new bounds). */
  resets: number;
  /** Cumulative points kept only as their stream's reference (no delta emitted). */
  referencePoints: number;
  /** No-recorded-value points (staleness markers). */
  staleMarkers: number;
  /** Spans received. */
  spansReceived: number;
  /** Spans rejected as invalid. */
  spansRejected: number;
  /** Spans turned into operation metrics. */
  spansConverted: number;
  /** Spans not converted because their producer also sends the metrics (`spanMetrics: 'auto'`). */
  spansSkippedAsDuplicate: number;
  /** Metric points derived from spans and accepted (not included in `pointsReceived`). */
  derivedPoints: number;
  /** Log records received. */
  logRecordsReceived: number;
}

/**
 * When spans carrying `heterodyne.operation.name` become operation metrics:
 * - `auto`: unless their resource has sent `heterodyne.operation.duration` as metrics
 *   (then the SDK's own metrics are used, not counted twice),
 * - `always`, `never`.
 */
export type SpanMetricsMode = 'auto' | 'always' | 'never';

/** Options of {@link createIngestPipeline}. */
export interface IngestPipelineOptions {
  /** Where samples go. */
  store: SeriesStore;
  /**
   * The service clock (arrival times, staleness, span-derived point times).
   * @default the store's clock
   */
  clock?: Clock;
  /**
   * Span-derived operation metrics (see {@link SpanMetricsMode}).
   * @default 'auto'
   */
  spanMetrics?: SpanMetricsMode;
  /**
   * Points stamped further ahead of `clock` than this are rejected: one such point would
   * make every later point of its stream look out of order. In milliseconds.
   * @default 3600000 (one hour)
   */
  maxFutureSkewMillis?: number;
  /**
   * Most problems spelled out in `errorMessage`; the rest are counted ("and N more").
   * @default 3
   */
  maxErrorMessages?: number;
}

/** Turns decoded OTLP requests into stored samples. Synchronous; no I/O. */
export interface IngestPipeline {
  /** Normalises and stores the points of a metrics request. */
  ingestMetrics(request: MetricsRequest): IngestResult;
  /** Turns operation spans into metrics (see {@link SpanMetricsMode}) and counts spans. */
  ingestTraces(request: TracesRequest): IngestResult;
  /** Counts log records (they are accepted, not stored). */
  ingestLogs(request: LogsRequest): IngestResult;
  /** A copy of the counters. */
  counters(): IngestCounters;
}
