/**
 * Protobuf decoding of `ExportMetricsServiceRequest`
 * (opentelemetry/proto/collector/metrics/v1 and metrics/v1, v1.x field numbers). Written by
 * hand for the ingest hot path: no per-point closures, monomorphic point objects built once
 * from locals, attribute objects filled directly.
 */
import { locate } from './decode-failure.js';
import type {
  AggregationTemporality,
  Attributes,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  InstrumentationScope,
  Metric,
  MetricData,
  NumberDataPoint,
  Resource,
  ResourceMetrics,
  ScopeMetrics,
  SummaryDataPoint,
} from './model.js';
import {
  checkAttributeCount,
  emptyResource,
  emptyScope,
  readKeyValue,
  readResource,
  readScope,
} from './proto-common.js';
import { readExponentialPoint, readSummaryPoint } from './proto-metrics-points.js';
import type { WireReader } from './wire-reader.js';
import { WT_I64, WT_LEN, WT_VARINT, fieldName, fieldTable } from './wire-reader.js';

export const METRICS_REQUEST = fieldTable({ 1: ['resource_metrics', WT_LEN] });
const RESOURCE_METRICS = fieldTable({
  1: ['resource', WT_LEN],
  2: ['scope_metrics', WT_LEN],
  3: ['schema_url', WT_LEN],
});
const SCOPE_METRICS = fieldTable({
  1: ['scope', WT_LEN],
  2: ['metrics', WT_LEN],
  3: ['schema_url', WT_LEN],
});
const METRIC = fieldTable({
  1: ['name', WT_LEN],
  2: ['description', WT_LEN],
  3: ['unit', WT_LEN],
  5: ['gauge', WT_LEN],
  7: ['sum', WT_LEN],
  9: ['histogram', WT_LEN],
  10: ['exponential_histogram', WT_LEN],
  11: ['summary', WT_LEN],
  12: ['metadata', WT_LEN],
});
const POINTS_AND_TEMPORALITY = fieldTable({
  1: ['data_points', WT_LEN],
  2: ['aggregation_temporality', WT_VARINT],
  3: ['is_monotonic', WT_VARINT],
});
const NUMBER_POINT = fieldTable({
  2: ['start_time_unix_nano', WT_I64],
  3: ['time_unix_nano', WT_I64],
  4: ['as_double', WT_I64],
  5: ['exemplars', WT_LEN],
  6: ['as_int', WT_I64],
  7: ['attributes', WT_LEN],
  8: ['flags', WT_VARINT],
});
const HISTOGRAM_POINT = fieldTable({
  2: ['start_time_unix_nano', WT_I64],
  3: ['time_unix_nano', WT_I64],
  4: ['count', WT_I64],
  5: ['sum', WT_I64],
  6: ['bucket_counts', WT_LEN],
  7: ['explicit_bounds', WT_LEN],
  8: ['exemplars', WT_LEN],
  9: ['attributes', WT_LEN],
  10: ['flags', WT_VARINT],
  11: ['min', WT_I64],
  12: ['max', WT_I64],
});

/** Reads one `ResourceMetrics` message (the tag is already read). */
export function readResourceMetrics(r: WireReader): ResourceMetrics {
  const outer = r.enter();
  let resource: Resource | undefined;
  let schemaUrl = '';
  const scopeMetrics: ScopeMetrics[] = [];
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x12) scopeMetrics.push(readScopeMetrics(r));
      else if (tag === 0x0a) resource = readResource(r);
      else if (tag === 0x1a) schemaUrl = r.string();
      else r.skip(tag, RESOURCE_METRICS);
    }
  } catch (error) {
    throw locate(
      error,
      field === 2 ? `scope_metrics[${scopeMetrics.length}]` : fieldName(RESOURCE_METRICS, field),
    );
  }
  r.limit = outer;
  return { resource: resource ?? emptyResource(), schemaUrl, scopeMetrics };
}

function readScopeMetrics(r: WireReader): ScopeMetrics {
  const outer = r.enter();
  let scope: InstrumentationScope | undefined;
  let schemaUrl = '';
  const metrics: Metric[] = [];
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x12) metrics.push(readMetric(r));
      else if (tag === 0x0a) scope = readScope(r);
      else if (tag === 0x1a) schemaUrl = r.string();
      else r.skip(tag, SCOPE_METRICS);
    }
  } catch (error) {
    throw locate(
      error,
      field === 2 ? `metrics[${metrics.length}]` : fieldName(SCOPE_METRICS, field),
    );
  }
  r.limit = outer;
  return { scope: scope ?? emptyScope(), schemaUrl, metrics };
}

const EMPTY: MetricData = { type: 'empty' };

function readMetric(r: WireReader): Metric {
  const outer = r.enter();
  let name = '';
  let description = '';
  let unit = '';
  let data: MetricData = EMPTY;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      switch (tag) {
        case 0x0a:
          name = r.string();
          break;
        case 0x12:
          description = r.string();
          break;
        case 0x1a:
          unit = r.string();
          break;
        case 0x2a: // 5 gauge
        case 0x3a: // 7 sum
        case 0x4a: // 9 histogram
        case 0x52: // 10 exponential_histogram
        case 0x5a: // 11 summary
          data = readMetricData(r, field);
          break;
        case 0x62: // 12 metadata: not kept
          r.pos = r.lengthEnd();
          break;
        default:
          r.skip(tag, METRIC);
      }
    }
  } catch (error) {
    throw locate(error, fieldName(METRIC, field));
  }
  r.limit = outer;
  return { name, description, unit, data };
}

/**
 * Reads `Gauge`, `Sum`, `Histogram`, `ExponentialHistogram` or `Summary` (they share
 * `data_points = 1`; the aggregated kinds add `aggregation_temporality = 2`, sums
 * `is_monotonic = 3`).
 */
function readMetricData(r: WireReader, kind: number): MetricData {
  const outer = r.enter();
  let temporality = 0;
  let isMonotonic = false;
  const points: unknown[] = [];
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x0a) {
        switch (kind) {
          case 5:
          case 7:
            points.push(readNumberPoint(r));
            break;
          case 9:
            points.push(readHistogramPoint(r));
            break;
          case 10:
            points.push(readExponentialPoint(r));
            break;
          default:
            points.push(readSummaryPoint(r));
        }
      } else if (tag === 0x10 && kind !== 5 && kind !== 11) temporality = r.int32();
      else if (tag === 0x18 && kind === 7) isMonotonic = r.bool();
      else r.skip(tag, POINTS_AND_TEMPORALITY);
    }
  } catch (error) {
    throw locate(
      error,
      field === 1 ? `data_points[${points.length}]` : fieldName(POINTS_AND_TEMPORALITY, field),
    );
  }
  r.limit = outer;
  const t = temporality as AggregationTemporality;
  switch (kind) {
    case 5:
      return { type: 'gauge', points: points as NumberDataPoint[] };
    case 7:
      return { type: 'sum', points: points as NumberDataPoint[], temporality: t, isMonotonic };
    case 9:
      return { type: 'histogram', points: points as HistogramDataPoint[], temporality: t };
    case 10: {
      const ps = points as ExponentialHistogramDataPoint[];
      return { type: 'exponentialHistogram', points: ps, temporality: t };
    }
    default:
      return { type: 'summary', points: points as SummaryDataPoint[] };
  }
}

function readNumberPoint(r: WireReader): NumberDataPoint {
  const outer = r.enter();
  const attributes: Attributes = {};
  let count = 0;
  let start = 0;
  let time = 0;
  let value = 0;
  let isInt = false;
  let flags = 0;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      switch (tag) {
        case 0x3a: // 7 attributes
          checkAttributeCount(r, count);
          readKeyValue(r, attributes, 1);
          count++;
          break;
        case 0x11: // 2 start_time_unix_nano
          start = r.fixed64();
          break;
        case 0x19: // 3 time_unix_nano
          time = r.fixed64();
          break;
        case 0x21: // 4 as_double
          value = r.double();
          isInt = false;
          break;
        case 0x31: // 6 as_int
          value = r.sfixed64();
          isInt = true;
          break;
        case 0x2a: // 5 exemplars: not kept
          r.pos = r.lengthEnd();
          break;
        case 0x40: // 8 flags
          flags = r.uint32();
          break;
        default:
          r.skip(tag, NUMBER_POINT);
      }
    }
  } catch (error) {
    throw locate(error, field === 7 ? `attributes[${count}]` : fieldName(NUMBER_POINT, field));
  }
  r.limit = outer;
  return { attributes, startTimeUnixNano: start, timeUnixNano: time, flags, value, isInt };
}

function readHistogramPoint(r: WireReader): HistogramDataPoint {
  const outer = r.enter();
  const attributes: Attributes = {};
  let count = 0;
  let start = 0;
  let time = 0;
  let total = 0;
  let sum: number | undefined;
  const bucketCounts: number[] = [];
  let explicitBounds: number[] | undefined;
  let boundsOwned = false;
  let min: number | undefined;
  let max: number | undefined;
  let flags = 0;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      switch (tag) {
        case 0x4a: // 9 attributes
          checkAttributeCount(r, count);
          readKeyValue(r, attributes, 1);
          count++;
          break;
        case 0x11: // 2 start_time_unix_nano
          start = r.fixed64();
          break;
        case 0x19: // 3 time_unix_nano
          time = r.fixed64();
          break;
        case 0x21: // 4 count
          total = r.fixed64();
          break;
        case 0x29: // 5 sum
          sum = r.double();
          break;
        case 0x32: // 6 bucket_counts, packed
          r.packedFixed64(bucketCounts);
          break;
        case 0x31: // 6 bucket_counts, unpacked
          bucketCounts.push(r.fixed64());
          break;
        case 0x3a: // 7 explicit_bounds, packed: shared by points with equal bounds
          if (explicitBounds === undefined) {
            explicitBounds = r.sharedPackedDouble();
          } else {
            explicitBounds = explicitBounds.concat(r.sharedPackedDouble());
            boundsOwned = true;
          }
          break;
        case 0x39: // 7 explicit_bounds, unpacked
          if (!boundsOwned) {
            explicitBounds = explicitBounds === undefined ? [] : explicitBounds.slice();
            boundsOwned = true;
          }
          explicitBounds!.push(r.double());
          break;
        case 0x42: // 8 exemplars: not kept
          r.pos = r.lengthEnd();
          break;
        case 0x50: // 10 flags
          flags = r.uint32();
          break;
        case 0x59: // 11 min
          min = r.double();
          break;
        case 0x61: // 12 max
          max = r.double();
          break;
        default:
          r.skip(tag, HISTOGRAM_POINT);
      }
    }
  } catch (error) {
    throw locate(error, field === 9 ? `attributes[${count}]` : fieldName(HISTOGRAM_POINT, field));
  }
  r.limit = outer;
  return {
    attributes,
    startTimeUnixNano: start,
    timeUnixNano: time,
    flags,
    count: total,
    sum,
    bucketCounts,
    explicitBounds: explicitBounds ?? [],
    min,
    max,
  };
}
