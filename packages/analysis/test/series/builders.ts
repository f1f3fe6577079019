/** Builders of decoded OTLP objects (points, metrics, spans, requests) shared by the tests. */
import type {
  Attributes,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  Metric,
  MetricsRequest,
  NumberDataPoint,
  Span,
  SummaryDataPoint,
  TracesRequest,
} from '../../src/otlp/model.js';
import type { Clock } from '../../src/series/types.js';

/**
 * A base time in seconds, a multiple of 3600: nanosecond timestamps of whole seconds past it
 * are exact doubles, and rollup slots start on it.
 */
export const T0 = 1_699_999_200;

/** Nanoseconds of `T0 + seconds` (0 stays 0: "no start time"). */
export function ns(seconds: number): number {
  return (T0 + seconds) * 1e9;
}

/** Milliseconds of `T0 + seconds`. */
export function ms(seconds: number): number {
  return (T0 + seconds) * 1000;
}

/** A clock at `T0 + seconds` that tests move. */
export function manualClock(seconds = 0): Clock & { set(seconds: number): void } {
  let now = ms(seconds);
  return {
    now: () => now,
    set(s: number) {
      now = ms(s);
    },
  };
}

interface PointOptions {
  /** Start time, seconds after T0; `null` for none (0). */
  start?: number | null;
  attributes?: Attributes;
  flags?: number;
}

function base(time: number, o: PointOptions): Omit<NumberDataPoint, 'value' | 'isInt'> {
  return {
    attributes: o.attributes ?? {},
    startTimeUnixNano: o.start === null || o.start === undefined ? 0 : ns(o.start),
    timeUnixNano: ns(time),
    flags: o.flags ?? 0,
  };
}

/** A number point at `T0 + time` seconds. */
export function numberPoint(time: number, value: number, o: PointOptions = {}): NumberDataPoint {
  return { ...base(time, o), value, isInt: false };
}

/** An explicit-bounds histogram point. */
export function histogramPoint(
  time: number,
  bounds: number[],
  counts: number[],
  o: PointOptions & { sum?: number; min?: number; max?: number } = {},
): HistogramDataPoint {
  return {
    ...base(time, o),
    count: counts.reduce((a, b) => a + b, 0),
    sum: o.sum,
    bucketCounts: counts,
    explicitBounds: bounds,
    min: o.min,
    max: o.max,
  };
}

/** An exponential histogram point with positive buckets only. */
export function exponentialPoint(
  time: number,
  scale: number,
  offset: number,
  counts: number[],
  o: PointOptions & { sum?: number; zeroCount?: number } = {},
): ExponentialHistogramDataPoint {
  const zeroCount = o.zeroCount ?? 0;
  return {
    ...base(time, o),
    count: zeroCount + counts.reduce((a, b) => a + b, 0),
    sum: o.sum,
    scale,
    zeroCount,
    positive: { offset, bucketCounts: counts },
    negative: { offset: 0, bucketCounts: [] },
    min: undefined,
    max: undefined,
    zeroThreshold: 0,
  };
}

/** A summary point. */
export function summaryPoint(
  time: number,
  count: number,
  sum: number,
  quantiles: Record<string, number>,
  o: PointOptions = {},
): SummaryDataPoint {
  return {
    ...base(time, o),
    count,
    sum,
    quantileValues: Object.entries(quantiles).map(([q, value]) => ({ quantile: Number(q), value })),
  };
}

/** A metric around data. */
export function metric(name: string, data: Metric['data'], unit = ''): Metric {
  return { name, description: '', unit, data };
}

/** A request with one resource and one scope. */
export function metricsRequest(
  metrics: Metric[],
  resource: Attributes = { 'service.name': 'svc' },
  scope = { name: 'scope', version: '1' },
): MetricsRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: resource, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { ...scope, attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics,
          },
        ],
      },
    ],
  };
}

/** A span from `start` to `end` seconds after T0. */
export function span(
  name: string,
  start: number,
  end: number,
  attributes: Attributes = {},
  statusCode = 0,
): Span {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '',
    traceState: '',
    name,
    kind: 1,
    startTimeUnixNano: ns(start),
    endTimeUnixNano: ns(end),
    attributes,
    eventsCount: 0,
    linksCount: 0,
    status: { code: statusCode, message: '' },
  };
}

/** A traces request with one resource and scope. */
export function tracesRequest(
  spans: Span[],
  resource: Attributes = { 'service.name': 'svc' },
): TracesRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: resource, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeSpans: [
          {
            scope: { name: 'tracer', version: '', attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            spans,
          },
        ],
      },
    ],
  };
}
