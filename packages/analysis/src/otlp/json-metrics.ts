/** OTLP/JSON decoding of `ExportMetricsServiceRequest` into the model. */
import { locate } from './decode-failure.js';
import type { DecodeLimits } from './limits.js';
import type {
  AggregationTemporality,
  BasePoint,
  ExponentialBuckets,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  Metric,
  MetricData,
  MetricsRequest,
  NumberDataPoint,
  ResourceMetrics,
  ScopeMetrics,
  SummaryDataPoint,
} from './model.js';
import {
  checkTextLength,
  readAttributes,
  readRepeated,
  readResource,
  readScope,
} from './json-common.js';
import type { JsonObject } from './json-values.js';
import {
  describe,
  field,
  fieldFailure,
  readBool,
  readDouble,
  readDoubleArray,
  readEnum,
  readInt32,
  readInt64,
  readInt64Array,
  readMessage,
  readOptionalDouble,
  readString,
  toInteger,
} from './json-values.js';

const TEMPORALITY_NAMES: Record<string, number> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};

/** Decodes a parsed `ExportMetricsServiceRequest` object. */
export function readMetricsRequest(
  obj: JsonObject,
  limits: Readonly<DecodeLimits>,
): MetricsRequest {
  return {
    resourceMetrics: readRepeated(obj, 'resourceMetrics', (rm): ResourceMetrics => ({
      resource: readResource(rm, limits),
      schemaUrl: readString(rm, 'schemaUrl'),
      scopeMetrics: readRepeated(rm, 'scopeMetrics', (sm): ScopeMetrics => ({
        scope: readScope(sm, limits),
        schemaUrl: readString(sm, 'schemaUrl'),
        metrics: readRepeated(sm, 'metrics', (m) => readMetric(m, limits)),
      })),
    })),
  };
}

const KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

function readMetric(obj: JsonObject, limits: Readonly<DecodeLimits>): Metric {
  const name = readString(obj, 'name');
  checkTextLength('name', name, limits.maxNameBytes, 'maxNameBytes');
  const description = readString(obj, 'description');
  const unit = readString(obj, 'unit');
  let data: MetricData = { type: 'empty' };
  for (const kind of KINDS) {
    const body = readMessage(obj, kind);
    if (body === undefined) continue;
    try {
      data = readMetricData(kind, body, limits);
    } catch (error) {
      throw locate(error, kind);
    }
  }
  return { name, description, unit, data };
}

function readMetricData(
  kind: (typeof KINDS)[number],
  obj: JsonObject,
  limits: Readonly<DecodeLimits>,
): MetricData {
  const temporality = () =>
    readEnum(obj, 'aggregationTemporality', TEMPORALITY_NAMES) as AggregationTemporality;
  switch (kind) {
    case 'gauge':
      return {
        type: 'gauge',
        points: readRepeated(obj, 'dataPoints', (p) => numberPoint(p, limits)),
      };
    case 'sum':
      return {
        type: 'sum',
        points: readRepeated(obj, 'dataPoints', (p) => numberPoint(p, limits)),
        temporality: temporality(),
        isMonotonic: readBool(obj, 'isMonotonic'),
      };
    case 'histogram':
      return {
        type: 'histogram',
        points: readRepeated(obj, 'dataPoints', (p) => histogramPoint(p, limits)),
        temporality: temporality(),
      };
    case 'exponentialHistogram':
      return {
        type: 'exponentialHistogram',
        points: readRepeated(obj, 'dataPoints', (p) => exponentialPoint(p, limits)),
        temporality: temporality(),
      };
    case 'summary':
      return {
        type: 'summary',
        points: readRepeated(obj, 'dataPoints', (p) => summaryPoint(p, limits)),
      };
  }
}

/** The fields every data point kind starts with. */
function pointFields(p: JsonObject, limits: Readonly<DecodeLimits>): BasePoint {
  return {
    attributes: readAttributes(p, 'attributes', limits),
    startTimeUnixNano: readInt64(p, 'startTimeUnixNano'),
    timeUnixNano: readInt64(p, 'timeUnixNano'),
    flags: readInt32(p, 'flags', true),
  };
}

function numberPoint(p: JsonObject, limits: Readonly<DecodeLimits>): NumberDataPoint {
  let value = 0;
  let isInt = false;
  const asInt = field(p, 'asInt');
  if (asInt !== undefined) {
    const n = toInteger(asInt, false);
    if (n === undefined) throw fieldFailure('asInt', `must be an integer, got ${describe(asInt)}`);
    value = n;
    isInt = true;
  } else {
    value = readDouble(p, 'asDouble');
  }
  return {
    ...pointFields(p, limits),
    value,
    isInt,
  };
}

function histogramPoint(p: JsonObject, limits: Readonly<DecodeLimits>): HistogramDataPoint {
  return {
    ...pointFields(p, limits),
    count: readInt64(p, 'count'),
    sum: readOptionalDouble(p, 'sum'),
    bucketCounts: readInt64Array(p, 'bucketCounts'),
    explicitBounds: readDoubleArray(p, 'explicitBounds'),
    min: readOptionalDouble(p, 'min'),
    max: readOptionalDouble(p, 'max'),
  };
}

function exponentialPoint(
  p: JsonObject,
  limits: Readonly<DecodeLimits>,
): ExponentialHistogramDataPoint {
  return {
    ...pointFields(p, limits),
    count: readInt64(p, 'count'),
    sum: readOptionalDouble(p, 'sum'),
    scale: readInt32(p, 'scale', false),
    zeroCount: readInt64(p, 'zeroCount'),
    positive: buckets(p, 'positive'),
    negative: buckets(p, 'negative'),
    min: readOptionalDouble(p, 'min'),
    max: readOptionalDouble(p, 'max'),
    zeroThreshold: readDouble(p, 'zeroThreshold'),
  };
}

function buckets(p: JsonObject, key: string): ExponentialBuckets {
  const b = readMessage(p, key);
  if (b === undefined) return { offset: 0, bucketCounts: [] };
  try {
    return {
      offset: readInt32(b, 'offset', false),
      bucketCounts: readInt64Array(b, 'bucketCounts'),
    };
  } catch (error) {
    throw locate(error, key);
  }
}

function summaryPoint(p: JsonObject, limits: Readonly<DecodeLimits>): SummaryDataPoint {
  return {
    ...pointFields(p, limits),
    count: readInt64(p, 'count'),
    sum: readDouble(p, 'sum'),
    quantileValues: readRepeated(p, 'quantileValues', (q) => ({
      quantile: readDouble(q, 'quantile'),
      value: readDouble(q, 'value'),
    })),
  };
}
