/** OTLP/JSON decoding of `ExportTraceServiceRequest` into the model. */
import type { DecodeLimits } from './limits.js';
import type { ResourceSpans, ScopeSpans, Span, TracesRequest } from './model.js';
import { readAttributes, readRepeated, readResource, readScope } from './json-common.js';
import type { JsonObject } from './json-values.js';
import { readArray, readEnum, readId, readInt64, readMessage, readString } from './json-values.js';
import { locate } from './decode-failure.js';

const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

const STATUS_CODE_NAMES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/** Decodes a parsed `ExportTraceServiceRequest` object. */
export function readTracesRequest(obj: JsonObject, limits: Readonly<DecodeLimits>): TracesRequest {
  return {
    resourceSpans: readRepeated(obj, 'resourceSpans', (rs): ResourceSpans => ({
      resource: readResource(rs, limits),
      schemaUrl: readString(rs, 'schemaUrl'),
      scopeSpans: readRepeated(rs, 'scopeSpans', (ss): ScopeSpans => ({
        scope: readScope(ss, limits),
        schemaUrl: readString(ss, 'schemaUrl'),
        spans: readRepeated(ss, 'spans', (s) => readSpan(s, limits)),
      })),
    })),
  };
}

function readSpan(s: JsonObject, limits: Readonly<DecodeLimits>): Span {
  return {
    traceId: readId(s, 'traceId', 16),
    spanId: readId(s, 'spanId', 8),
    parentSpanId: readId(s, 'parentSpanId', 8),
    traceState: readString(s, 'traceState'),
    name: readString(s, 'name'),
    kind: readEnum(s, 'kind', SPAN_KIND_NAMES),
    startTimeUnixNano: readInt64(s, 'startTimeUnixNano'),
    endTimeUnixNano: readInt64(s, 'endTimeUnixNano'),
    attributes: readAttributes(s, 'attributes', limits),
    eventsCount: readArray(s, 'events').length,
    linksCount: readArray(s, 'links').length,
    status: readStatus(s),
  };
}

function readStatus(s: JsonObject): { code: number; message: string } {
  const status = readMessage(s, 'status');
  if (status === undefined) return { code: 0, message: '' };
  try {
    return {
      code: readEnum(status, 'code', STATUS_CODE_NAMES),
      message: readString(status, 'message'),
    };
  } catch (error) {
    throw locate(error, 'status');
  }
}
