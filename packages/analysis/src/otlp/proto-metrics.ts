/**
 * Protobuf decoding of `ExportMetricsServiceRequest`
 * (opentelemetry/proto/collector/metrics/v1 and metrics/v1, v1.x field numbers). Written by
 * hand for the ingest hot path: no per-point closures, monomorphic point objects built once
 * from locals, attribute objects filled directly.
 */
import { locate } from './decode-failure.js';
import type {
  AggregationTemporality,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  Metric,
  MetricData,
  NumberDataPoint,
  ResourceMetrics,
  ScopeMetrics,
  SummaryDataPoint,
} from './model.js';
import { emptyResource, emptyScope, readResource, readScope } from './proto-common.js';
import { readExponentialPoint, readHistogramPoint } from './proto-histogram-points.js';
import { readNumberPoint } from './proto-number-point.js';
import { readSummaryPoint } from './proto-summary-point.js';
import { readEnvelope } from './proto-envelope.js';
import type { WireReader } from './wire-reader.js';
import { WT_LEN, WT_VARINT, fieldName, fieldTable } from './wire-types.js';

/** `ExportMetricsServiceRequest` fields. */
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
/** Reads one `ResourceMetrics` message (the tag is already read). */
export function readResourceMetrics(r: WireReader): ResourceMetrics {
  const e = readEnvelope(r, RESOURCE_METRICS, 'scope_metrics', readResource, readScopeMetrics);
  return { resource: e.head ?? emptyResource(), schemaUrl: e.schemaUrl, scopeMetrics: e.children };
}

function readScopeMetrics(r: WireReader): ScopeMetrics {
  const e = readEnvelope(r, SCOPE_METRICS, 'metrics', readScope, readMetric);
  return { scope: e.head ?? emptyScope(), schemaUrl: e.schemaUrl, metrics: e.children };
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
          name = r.name();
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
        r.countPoint();
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
