/**
 * Protobuf decoding of `ExportTraceServiceRequest`
 * (opentelemetry/proto/collector/trace/v1 and trace/v1, v1.x field numbers). Span events
 * and links are counted, not kept.
 */
import { locate } from './decode-failure.js';
import type { Attributes, ResourceSpans, ScopeSpans, Span } from './model.js';
import {
  checkAttributeCount,
  emptyResource,
  emptyScope,
  readId,
  readKeyValue,
  readResource,
  readScope,
} from './proto-common.js';
import { readEnvelope } from './proto-envelope.js';
import type { WireReader } from './wire-reader.js';
import { WT_I32, WT_I64, WT_LEN, WT_VARINT, fieldName, fieldTable } from './wire-types.js';

/** `ExportTraceServiceRequest` fields. */
export const TRACES_REQUEST = fieldTable({ 1: ['resource_spans', WT_LEN] });
const RESOURCE_SPANS = fieldTable({
  1: ['resource', WT_LEN],
  2: ['scope_spans', WT_LEN],
  3: ['schema_url', WT_LEN],
});
const SCOPE_SPANS = fieldTable({
  1: ['scope', WT_LEN],
  2: ['spans', WT_LEN],
  3: ['schema_url', WT_LEN],
});
const SPAN = fieldTable({
  1: ['trace_id', WT_LEN],
  2: ['span_id', WT_LEN],
  3: ['trace_state', WT_LEN],
  4: ['parent_span_id', WT_LEN],
  5: ['name', WT_LEN],
  6: ['kind', WT_VARINT],
  7: ['start_time_unix_nano', WT_I64],
  8: ['end_time_unix_nano', WT_I64],
  9: ['attributes', WT_LEN],
  10: ['dropped_attributes_count', WT_VARINT],
  11: ['events', WT_LEN],
  12: ['dropped_events_count', WT_VARINT],
  13: ['links', WT_LEN],
  14: ['dropped_links_count', WT_VARINT],
  15: ['status', WT_LEN],
  16: ['flags', WT_I32],
});
const STATUS = fieldTable({ 2: ['message', WT_LEN], 3: ['code', WT_VARINT] });

/** Reads one `ResourceSpans` message (the tag is already read). */
export function readResourceSpans(r: WireReader): ResourceSpans {
  const e = readEnvelope(r, RESOURCE_SPANS, 'scope_spans', readResource, readScopeSpans);
  return { resource: e.head ?? emptyResource(), schemaUrl: e.schemaUrl, scopeSpans: e.children };
}

function readScopeSpans(r: WireReader): ScopeSpans {
  const e = readEnvelope(r, SCOPE_SPANS, 'spans', readScope, readSpan, true);
  return { scope: e.head ?? emptyScope(), schemaUrl: e.schemaUrl, spans: e.children };
}

function readSpan(r: WireReader): Span {
  const outer = r.enter();
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let traceState = '';
  let name = '';
  let kind = 0;
  let start = 0;
  let end = 0;
  const attributes: Attributes = {};
  let count = 0;
  let eventsCount = 0;
  let linksCount = 0;
  let status = { code: 0, message: '' };
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      switch (tag) {
        case 0x0a: // 1 trace_id
          traceId = readId(r, 16);
          break;
        case 0x12: // 2 span_id
          spanId = readId(r, 8);
          break;
        case 0x1a: // 3 trace_state
          traceState = r.string();
          break;
        case 0x22: // 4 parent_span_id
          parentSpanId = readId(r, 8);
          break;
        case 0x2a: // 5 name
          name = r.string();
          break;
        case 0x30: // 6 kind
          kind = r.int32();
          break;
        case 0x39: // 7 start_time_unix_nano
          start = r.fixed64();
          break;
        case 0x41: // 8 end_time_unix_nano
          end = r.fixed64();
          break;
        case 0x4a: // 9 attributes
          checkAttributeCount(r, count);
          readKeyValue(r, attributes, 1);
          count++;
          break;
        case 0x5a: // 11 events: counted
          r.pos = r.lengthEnd();
          eventsCount++;
          break;
        case 0x6a: // 13 links: counted
          r.pos = r.lengthEnd();
          linksCount++;
          break;
        case 0x7a: // 15 status
          status = readStatus(r);
          break;
        case 0x50: // 10 dropped_attributes_count
        case 0x60: // 12 dropped_events_count
        case 0x70: // 14 dropped_links_count
          r.uint32();
          break;
        case 0x85: // 16 flags (fixed32)
          r.fixed32();
          break;
        default:
          r.skip(tag, SPAN);
      }
    }
  } catch (error) {
    throw locate(error, field === 9 ? `attributes[${count}]` : fieldName(SPAN, field));
  }
  r.limit = outer;
  return {
    traceId,
    spanId,
    parentSpanId,
    traceState,
    name,
    kind,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes,
    eventsCount,
    linksCount,
    status,
  };
}

function readStatus(r: WireReader): { code: number; message: string } {
  const outer = r.enter();
  let code = 0;
  let message = '';
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x12) message = r.string();
      else if (tag === 0x18) code = r.int32();
      else r.skip(tag, STATUS);
    }
  } catch (error) {
    throw locate(error, fieldName(STATUS, field));
  }
  r.limit = outer;
  return { code, message };
}
