/**
 * Protobuf encoding of an `ExportMetricsServiceRequest` from the model, for every metric
 * kind (including the summaries and exponential histograms the OTel JS SDK never sends).
 * Used by replay, tests and benchmarks. Proto3 defaults are omitted; repeated numbers are
 * packed.
 */
import { writeAttributes, writeResource, writeScope } from './encode-common.js';
import type {
  ExponentialBuckets,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  Metric,
  MetricsRequest,
  NumberDataPoint,
  SummaryDataPoint,
} from './model.js';
import { WT_I64 } from './wire-types.js';
import { WireWriter } from './wire-writer.js';

/**
 * Encodes `request` as protobuf. Throws a `TypeError` for a model the wire cannot carry
 * (an `as_int` value that is not an integer).
 */
export function encodeMetricsProtobuf(request: MetricsRequest): Uint8Array {
  const w = new WireWriter(4096);
  for (const rm of request.resourceMetrics) {
    const rmMark = w.begin(1);
    writeResource(w, 1, rm.resource);
    for (const sm of rm.scopeMetrics) {
      const smMark = w.begin(2);
      writeScope(w, 1, sm.scope);
      for (const metric of sm.metrics) writeMetric(w, metric);
      w.stringField(3, sm.schemaUrl);
      w.end(smMark);
    }
    w.stringField(3, rm.schemaUrl);
    w.end(rmMark);
  }
  return w.finish();
}

function writeMetric(w: WireWriter, metric: Metric): void {
  const mark = w.begin(2);
  w.stringField(1, metric.name);
  w.stringField(2, metric.description);
  w.stringField(3, metric.unit);
  const data = metric.data;
  switch (data.type) {
    case 'gauge': {
      const m = w.begin(5);
      for (const p of data.points) writeNumberPoint(w, p);
      w.end(m);
      break;
    }
    case 'sum': {
      const m = w.begin(7);
      for (const p of data.points) writeNumberPoint(w, p);
      w.int32Field(2, data.temporality);
      if (data.isMonotonic) w.uint32Field(3, 1);
      w.end(m);
      break;
    }
    case 'histogram': {
      const m = w.begin(9);
      for (const p of data.points) writeHistogramPoint(w, p);
      w.int32Field(2, data.temporality);
      w.end(m);
      break;
    }
    case 'exponentialHistogram': {
      const m = w.begin(10);
      for (const p of data.points) writeExponentialPoint(w, p);
      w.int32Field(2, data.temporality);
      w.end(m);
      break;
    }
    case 'summary': {
      const m = w.begin(11);
      for (const p of data.points) writeSummaryPoint(w, p);
      w.end(m);
      break;
    }
    case 'empty':
      break;
  }
  w.end(mark);
}

function writeNumberPoint(w: WireWriter, p: NumberDataPoint): void {
  const mark = w.begin(1);
  w.fixed64Field(2, p.startTimeUnixNano);
  w.fixed64Field(3, p.timeUnixNano);
  if (p.isInt) {
    if (!Number.isInteger(p.value)) {
      throw new TypeError(`NumberDataPoint: as_int value ${p.value} is not an integer`);
    }
    w.tag(6, WT_I64);
    w.fixed64(p.value);
  } else {
    w.doubleField(4, p.value);
  }
  writeAttributes(w, 7, p.attributes);
  w.uint32Field(8, p.flags);
  w.end(mark);
}

function writeHistogramPoint(w: WireWriter, p: HistogramDataPoint): void {
  const mark = w.begin(1);
  w.fixed64Field(2, p.startTimeUnixNano);
  w.fixed64Field(3, p.timeUnixNano);
  w.fixed64Field(4, p.count);
  if (p.sum !== undefined) w.doubleField(5, p.sum);
  if (p.bucketCounts.length > 0) {
    const m = w.begin(6);
    for (const c of p.bucketCounts) w.fixed64(c);
    w.end(m);
  }
  if (p.explicitBounds.length > 0) {
    const m = w.begin(7);
    for (const b of p.explicitBounds) w.double(b);
    w.end(m);
  }
  writeAttributes(w, 9, p.attributes);
  w.uint32Field(10, p.flags);
  if (p.min !== undefined) w.doubleField(11, p.min);
  if (p.max !== undefined) w.doubleField(12, p.max);
  w.end(mark);
}

function writeExponentialPoint(w: WireWriter, p: ExponentialHistogramDataPoint): void {
  const mark = w.begin(1);
  writeAttributes(w, 1, p.attributes);
  w.fixed64Field(2, p.startTimeUnixNano);
  w.fixed64Field(3, p.timeUnixNano);
  w.fixed64Field(4, p.count);
  if (p.sum !== undefined) w.doubleField(5, p.sum);
  if (p.scale !== 0) {
    w.tag(6, 0);
    w.sint32(p.scale);
  }
  w.fixed64Field(7, p.zeroCount);
  writeBuckets(w, 8, p.positive);
  writeBuckets(w, 9, p.negative);
  w.uint32Field(10, p.flags);
  if (p.min !== undefined) w.doubleField(12, p.min);
  if (p.max !== undefined) w.doubleField(13, p.max);
  w.doubleFieldUnlessZero(14, p.zeroThreshold);
  w.end(mark);
}

function writeBuckets(w: WireWriter, field: number, buckets: ExponentialBuckets): void {
  if (buckets.offset === 0 && buckets.bucketCounts.length === 0) return;
  const mark = w.begin(field);
  if (buckets.offset !== 0) {
    w.tag(1, 0);
    w.sint32(buckets.offset);
  }
  if (buckets.bucketCounts.length > 0) {
    const m = w.begin(2);
    for (const c of buckets.bucketCounts) w.int64(c);
    w.end(m);
  }
  w.end(mark);
}

function writeSummaryPoint(w: WireWriter, p: SummaryDataPoint): void {
  const mark = w.begin(1);
  w.fixed64Field(2, p.startTimeUnixNano);
  w.fixed64Field(3, p.timeUnixNano);
  w.fixed64Field(4, p.count);
  w.doubleFieldUnlessZero(5, p.sum);
  for (const q of p.quantileValues) {
    const m = w.begin(6);
    w.doubleFieldUnlessZero(1, q.quantile);
    w.doubleFieldUnlessZero(2, q.value);
    w.end(m);
  }
  writeAttributes(w, 7, p.attributes);
  w.uint32Field(8, p.flags);
  w.end(mark);
}
