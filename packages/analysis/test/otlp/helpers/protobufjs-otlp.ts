/**
 * An independent decoding path for cross-checks: protobufjs with our own JSON schema
 * description (`test/fixtures/otlp/otlp-schema.json`), and a plain conversion of its
 * `toObject` output into the model.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import type {
  AttributeValue,
  Attributes,
  LogsRequest,
  Metric,
  MetricsRequest,
  TracesRequest,
} from '../../../src/otlp/model.js';

const schemaPath = new URL('../../fixtures/otlp/otlp-schema.json', import.meta.url);
export const otlpRoot = protobuf.Root.fromJSON(JSON.parse(readFileSync(schemaPath, 'utf8')));

export const MetricsRequestType = otlpRoot.lookupType(
  'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
);
export const TracesRequestType = otlpRoot.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);
export const LogsRequestType = otlpRoot.lookupType(
  'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest',
);

/** `toObject` options: longs as decimal strings (converted with one rounding), oneof names. */
const OBJECT_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: Number,
  arrays: true,
  oneofs: true,
};

// protobufjs objects are untyped; this module converts them field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

const num = (v: unknown): number => (v === undefined || v === null ? 0 : Number(v));
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const hex = (v: Uint8Array | undefined): string => (v ? Buffer.from(v).toString('hex') : '');

function anyValue(v: Obj): AttributeValue {
  if (!v || !v.value) return null;
  switch (v.value as string) {
    case 'stringValue':
      return v.stringValue;
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return Number(v.intValue);
    case 'doubleValue':
      return v.doubleValue;
    case 'bytesValue':
      return new Uint8Array(v.bytesValue);
    case 'arrayValue':
      return (v.arrayValue.values ?? []).map(anyValue);
    case 'kvlistValue':
      return attributes(v.kvlistValue.values);
    default:
      return null;
  }
}

function attributes(list: Obj[] | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) {
    Object.defineProperty(out, kv.key ?? '', {
      value: anyValue(kv.value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const resource = (r: Obj) => ({
  attributes: attributes(r?.attributes),
  droppedAttributesCount: num(r?.droppedAttributesCount),
});
const scope = (s: Obj) => ({
  name: str(s?.name),
  version: str(s?.version),
  attributes: attributes(s?.attributes),
  droppedAttributesCount: num(s?.droppedAttributesCount),
});
const basePoint = (p: Obj) => ({
  attributes: attributes(p.attributes),
  startTimeUnixNano: num(p.startTimeUnixNano),
  timeUnixNano: num(p.timeUnixNano),
  flags: num(p.flags),
});
const optional = (p: Obj, key: string) => (p[`_${key}`] === key ? p[key] : undefined);

function metric(m: Obj): Metric {
  const head = { name: str(m.name), description: str(m.description), unit: str(m.unit) };
  const numberPoint = (p: Obj) => ({
    ...basePoint(p),
    value: p.value === 'asInt' ? Number(p.asInt) : num(p.asDouble),
    isInt: p.value === 'asInt',
  });
  switch (m.data as string | undefined) {
    case 'gauge':
      return { ...head, data: { type: 'gauge', points: m.gauge.dataPoints.map(numberPoint) } };
    case 'sum':
      return {
        ...head,
        data: {
          type: 'sum',
          points: m.sum.dataPoints.map(numberPoint),
          temporality: num(m.sum.aggregationTemporality) as 0 | 1 | 2,
          isMonotonic: m.sum.isMonotonic === true,
        },
      };
    case 'histogram':
      return {
        ...head,
        data: {
          type: 'histogram',
          temporality: num(m.histogram.aggregationTemporality) as 0 | 1 | 2,
          points: m.histogram.dataPoints.map((p: Obj) => ({
            ...basePoint(p),
            count: num(p.count),
            sum: optional(p, 'sum'),
            bucketCounts: p.bucketCounts.map(Number),
            explicitBounds: p.explicitBounds,
            min: optional(p, 'min'),
            max: optional(p, 'max'),
          })),
        },
      };
    case 'exponentialHistogram': {
      const buckets = (b: Obj) => ({
        offset: num(b?.offset),
        bucketCounts: (b?.bucketCounts ?? []).map(Number),
      });
      return {
        ...head,
        data: {
          type: 'exponentialHistogram',
          temporality: num(m.exponentialHistogram.aggregationTemporality) as 0 | 1 | 2,
          points: m.exponentialHistogram.dataPoints.map((p: Obj) => ({
            ...basePoint(p),
            count: num(p.count),
            sum: optional(p, 'sum'),
            scale: num(p.scale),
            zeroCount: num(p.zeroCount),
            positive: buckets(p.positive),
            negative: buckets(p.negative),
            min: optional(p, 'min'),
            max: optional(p, 'max'),
            zeroThreshold: num(p.zeroThreshold),
          })),
        },
      };
    }
    case 'summary':
      return {
        ...head,
        data: {
          type: 'summary',
          points: m.summary.dataPoints.map((p: Obj) => ({
            ...basePoint(p),
            count: num(p.count),
            sum: num(p.sum),
            quantileValues: p.quantileValues.map((q: Obj) => ({
              quantile: num(q.quantile),
              value: num(q.value),
            })),
          })),
        },
      };
    default:
      return { ...head, data: { type: 'empty' } };
  }
}

/** Decodes metrics request bytes with protobufjs and converts to the model. */
export function protobufjsMetrics(bytes: Uint8Array): MetricsRequest {
  const o: Obj = MetricsRequestType.toObject(MetricsRequestType.decode(bytes), OBJECT_OPTIONS);
  return {
    resourceMetrics: o.resourceMetrics.map((rm: Obj) => ({
      resource: resource(rm.resource),
      schemaUrl: str(rm.schemaUrl),
      scopeMetrics: rm.scopeMetrics.map((sm: Obj) => ({
        scope: scope(sm.scope),
        schemaUrl: str(sm.schemaUrl),
        metrics: sm.metrics.map(metric),
      })),
    })),
  };
}

/** Decodes traces request bytes with protobufjs and converts to the model. */
export function protobufjsTraces(bytes: Uint8Array): TracesRequest {
  const o: Obj = TracesRequestType.toObject(TracesRequestType.decode(bytes), OBJECT_OPTIONS);
  return {
    resourceSpans: o.resourceSpans.map((rs: Obj) => ({
      resource: resource(rs.resource),
      schemaUrl: str(rs.schemaUrl),
      scopeSpans: rs.scopeSpans.map((ss: Obj) => ({
        scope: scope(ss.scope),
        schemaUrl: str(ss.schemaUrl),
        spans: ss.spans.map((s: Obj) => ({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: hex(s.parentSpanId),
          traceState: str(s.traceState),
          name: str(s.name),
          kind: num(s.kind),
          startTimeUnixNano: num(s.startTimeUnixNano),
          endTimeUnixNano: num(s.endTimeUnixNano),
          attributes: attributes(s.attributes),
          eventsCount: s.events.length,
          linksCount: s.links.length,
          status: { code: num(s.status?.code), message: str(s.status?.message) },
        })),
      })),
    })),
  };
}

/** Decodes logs request bytes with protobufjs and converts to the model. */
export function protobufjsLogs(bytes: Uint8Array): LogsRequest {
  const o: Obj = LogsRequestType.toObject(LogsRequestType.decode(bytes), OBJECT_OPTIONS);
  return {
    resourceLogs: o.resourceLogs.map((rl: Obj) => ({
      resource: resource(rl.resource),
      schemaUrl: str(rl.schemaUrl),
      scopeLogs: rl.scopeLogs.map((sl: Obj) => ({
        scope: scope(sl.scope),
        schemaUrl: str(sl.schemaUrl),
        logRecords: sl.logRecords.map((r: Obj) => ({
          timeUnixNano: num(r.timeUnixNano),
          observedTimeUnixNano: num(r.observedTimeUnixNano),
          severityNumber: num(r.severityNumber),
          severityText: str(r.severityText),
          body: anyValue(r.body),
          attributes: attributes(r.attributes),
          traceId: hex(r.traceId),
          spanId: hex(r.spanId),
          flags: num(r.flags),
          eventName: str(r.eventName),
        })),
      })),
    })),
  };
}
