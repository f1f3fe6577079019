/**
 * The decoded OTLP data model: what the protobuf and JSON decoders produce and what the
 * pipeline consumes. It mirrors `opentelemetry/proto` (collector/{metrics,trace,logs}/v1)
 * with JavaScript types:
 *
 * - 64-bit timestamps (`fixed64` nanoseconds) become `number` nanoseconds. A double holds
 *   them to within 256 ns for present-day dates, and both decoders round identically, so
 *   equal wire values stay equal (reset detection compares start times for equality).
 * - `int64` values become `number` (exact up to 2^53).
 * - Attributes become plain objects keyed by attribute name; later duplicates win.
 * - Trace and span ids become lowercase hex strings ('' when absent).
 *
 * Spec: https://github.com/open-telemetry/opentelemetry-proto (v1.x) and
 * https://opentelemetry.io/docs/specs/otlp/
 */

/** An `AnyValue`. `bytesValue` becomes a `Uint8Array`, kvlist an object, array an array. */
export type AttributeValue =
  | string
  | number
  | boolean
  | Uint8Array
  | null
  | readonly AttributeValue[]
  | { readonly [key: string]: AttributeValue };

/** Attributes by key. */
export type Attributes = Record<string, AttributeValue>;

/** `opentelemetry.proto.resource.v1.Resource`. */
export interface Resource {
  attributes: Attributes;
  droppedAttributesCount: number;
}

/** `opentelemetry.proto.common.v1.InstrumentationScope`. */
export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

/** `AggregationTemporality`: 0 unspecified, 1 delta, 2 cumulative. */
export const AggregationTemporality = {
  UNSPECIFIED: 0,
  DELTA: 1,
  CUMULATIVE: 2,
} as const;
/** One of the {@link AggregationTemporality} values. */
export type AggregationTemporality =
  (typeof AggregationTemporality)[keyof typeof AggregationTemporality];

/** `DataPointFlags.FLAG_NO_RECORDED_VALUE`: the point marks a stream as stale. */
export const FLAG_NO_RECORDED_VALUE = 1;

/** Fields every data point has. */
export interface BasePoint {
  attributes: Attributes;
  /** Nanoseconds since the epoch; 0 when absent. */
  startTimeUnixNano: number;
  /** Nanoseconds since the epoch. */
  timeUnixNano: number;
  /** `DataPointFlags` bits. */
  flags: number;
}

/** `NumberDataPoint` (gauge and sum). */
export interface NumberDataPoint extends BasePoint {
  value: number;
  /** True when the wire value was `as_int`. */
  isInt: boolean;
}

/** `HistogramDataPoint` with explicit bucket bounds. */
export interface HistogramDataPoint extends BasePoint {
  count: number;
  /** Absent when the producer did not record a sum (e.g. negative measurements). */
  sum: number | undefined;
  /** `explicitBounds.length + 1` counts (may be empty when only count/sum are sent). */
  bucketCounts: number[];
  /**
   * Bucket upper bounds. The protobuf decoder gives consecutive points with equal bounds
   * the same array (less garbage, and `===` tells a consumer the layout is unchanged):
   * treat it as read-only.
   */
  explicitBounds: number[];
  min: number | undefined;
  max: number | undefined;
}

/** One side of an exponential histogram. */
export interface ExponentialBuckets {
  offset: number;
  bucketCounts: number[];
}

/** `ExponentialHistogramDataPoint`. */
export interface ExponentialHistogramDataPoint extends BasePoint {
  count: number;
  sum: number | undefined;
  scale: number;
  zeroCount: number;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
  min: number | undefined;
  max: number | undefined;
  zeroThreshold: number;
}

/** `SummaryDataPoint`. */
export interface SummaryDataPoint extends BasePoint {
  count: number;
  sum: number;
  quantileValues: { quantile: number; value: number }[];
}

/** The data of a metric, by kind. `empty` means the metric carried no data field (invalid). */
export type MetricData =
  | { type: 'gauge'; points: NumberDataPoint[] }
  | {
      type: 'sum';
      points: NumberDataPoint[];
      temporality: AggregationTemporality;
      isMonotonic: boolean;
    }
  | { type: 'histogram'; points: HistogramDataPoint[]; temporality: AggregationTemporality }
  | {
      type: 'exponentialHistogram';
      points: ExponentialHistogramDataPoint[];
      temporality: AggregationTemporality;
    }
  | { type: 'summary'; points: SummaryDataPoint[] }
  | { type: 'empty' };

/** `opentelemetry.proto.metrics.v1.Metric`. */
export interface Metric {
  name: string;
  description: string;
  unit: string;
  data: MetricData;
}

/** `opentelemetry.proto.metrics.v1.ScopeMetrics`: the metrics of one instrumentation scope. */
export interface ScopeMetrics {
  scope: InstrumentationScope;
  schemaUrl: string;
  metrics: Metric[];
}

/** `opentelemetry.proto.metrics.v1.ResourceMetrics`: the metrics of one resource. */
export interface ResourceMetrics {
  resource: Resource;
  schemaUrl: string;
  scopeMetrics: ScopeMetrics[];
}

/** `ExportMetricsServiceRequest`. */
export interface MetricsRequest {
  resourceMetrics: ResourceMetrics[];
}

/** `Status.StatusCode`: 0 unset, 1 ok, 2 error. */
export const SpanStatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

/** `opentelemetry.proto.trace.v1.Span` (events and links are counted, not kept). */
export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  /** `SpanKind` number (0 unspecified .. 5 consumer). */
  kind: number;
  startTimeUnixNano: number;
  endTimeUnixNano: number;
  attributes: Attributes;
  eventsCount: number;
  linksCount: number;
  status: { code: number; message: string };
}

/** `opentelemetry.proto.trace.v1.ScopeSpans`. */
export interface ScopeSpans {
  scope: InstrumentationScope;
  schemaUrl: string;
  spans: Span[];
}

/** `opentelemetry.proto.trace.v1.ResourceSpans`. */
export interface ResourceSpans {
  resource: Resource;
  schemaUrl: string;
  scopeSpans: ScopeSpans[];
}

/** `ExportTraceServiceRequest`. */
export interface TracesRequest {
  resourceSpans: ResourceSpans[];
}

/** `opentelemetry.proto.logs.v1.LogRecord`. */
export interface LogRecord {
  timeUnixNano: number;
  observedTimeUnixNano: number;
  severityNumber: number;
  severityText: string;
  body: AttributeValue;
  attributes: Attributes;
  traceId: string;
  spanId: string;
  flags: number;
  eventName: string;
}

/** `opentelemetry.proto.logs.v1.ScopeLogs`. */
export interface ScopeLogs {
  scope: InstrumentationScope;
  schemaUrl: string;
  logRecords: LogRecord[];
}

/** `opentelemetry.proto.logs.v1.ResourceLogs`. */
export interface ResourceLogs {
  resource: Resource;
  schemaUrl: string;
  scopeLogs: ScopeLogs[];
}

/** `ExportLogsServiceRequest`. */
export interface LogsRequest {
  resourceLogs: ResourceLogs[];
}

/** The three OTLP signals. */
export type Signal = 'metrics' | 'traces' | 'logs';

/** A decode failure: what was wrong and where (`resource_metrics[0].scope_metrics[1]...`). */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
  /**
   * True when the request is valid but holds more than a count limit allows
   * (`maxPointsPerRequest`, `maxItemsPerRequest`): a receiver answers "too large" (HTTP 413,
   * gRPC `RESOURCE_EXHAUSTED`) rather than "invalid", and smaller requests would succeed.
   */
  readonly tooLarge: boolean;
  constructor(
    message: string,
    readonly path: string = '',
    options?: { cause?: unknown; tooLarge?: boolean },
  ) {
    super(path ? `${path}: ${message}` : message, options);
    this.tooLarge = options?.tooLarge ?? false;
  }
}
