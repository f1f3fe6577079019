/**
 * Protobuf decoding of `ExportLogsServiceRequest`
 * (opentelemetry/proto/collector/logs/v1 and logs/v1, v1.x field numbers).
 */
import { locate } from './decode-failure.js';
import type { AttributeValue, Attributes, LogRecord, ResourceLogs, ScopeLogs } from './model.js';
import {
  checkAttributeCount,
  emptyResource,
  emptyScope,
  readAnyValue,
  readId,
  readKeyValue,
  readResource,
  readScope,
} from './proto-common.js';
import { readEnvelope } from './proto-envelope.js';
import type { WireReader } from './wire-reader.js';
import { WT_I32, WT_I64, WT_LEN, WT_VARINT, fieldName, fieldTable } from './wire-types.js';

/** `ExportLogsServiceRequest` fields. */
export const LOGS_REQUEST = fieldTable({ 1: ['resource_logs', WT_LEN] });
const RESOURCE_LOGS = fieldTable({
  1: ['resource', WT_LEN],
  2: ['scope_logs', WT_LEN],
  3: ['schema_url', WT_LEN],
});
const SCOPE_LOGS = fieldTable({
  1: ['scope', WT_LEN],
  2: ['log_records', WT_LEN],
  3: ['schema_url', WT_LEN],
});
const LOG_RECORD = fieldTable({
  1: ['time_unix_nano', WT_I64],
  2: ['severity_number', WT_VARINT],
  3: ['severity_text', WT_LEN],
  5: ['body', WT_LEN],
  6: ['attributes', WT_LEN],
  7: ['dropped_attributes_count', WT_VARINT],
  8: ['flags', WT_I32],
  9: ['trace_id', WT_LEN],
  10: ['span_id', WT_LEN],
  11: ['observed_time_unix_nano', WT_I64],
  12: ['event_name', WT_LEN],
});

/** Reads one `ResourceLogs` message (the tag is already read). */
export function readResourceLogs(r: WireReader): ResourceLogs {
  const e = readEnvelope(r, RESOURCE_LOGS, 'scope_logs', readResource, readScopeLogs);
  return { resource: e.head ?? emptyResource(), schemaUrl: e.schemaUrl, scopeLogs: e.children };
}

function readScopeLogs(r: WireReader): ScopeLogs {
  const e = readEnvelope(r, SCOPE_LOGS, 'log_records', readScope, readLogRecord, true);
  return { scope: e.head ?? emptyScope(), schemaUrl: e.schemaUrl, logRecords: e.children };
}

function readLogRecord(r: WireReader): LogRecord {
  const outer = r.enter();
  let time = 0;
  let observed = 0;
  let severityNumber = 0;
  let severityText = '';
  let body: AttributeValue = null;
  const attributes: Attributes = {};
  let count = 0;
  let traceId = '';
  let spanId = '';
  let flags = 0;
  let eventName = '';
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      switch (tag) {
        case 0x09: // 1 time_unix_nano
          time = r.fixed64();
          break;
        case 0x10: // 2 severity_number
          severityNumber = r.int32();
          break;
        case 0x1a: // 3 severity_text
          severityText = r.string();
          break;
        case 0x2a: // 5 body
          body = readAnyValue(r, 1);
          break;
        case 0x32: // 6 attributes
          checkAttributeCount(r, count);
          readKeyValue(r, attributes, 1);
          count++;
          break;
        case 0x38: // 7 dropped_attributes_count
          r.uint32();
          break;
        case 0x45: // 8 flags
          flags = r.fixed32();
          break;
        case 0x4a: // 9 trace_id
          traceId = readId(r, 16);
          break;
        case 0x52: // 10 span_id
          spanId = readId(r, 8);
          break;
        case 0x59: // 11 observed_time_unix_nano
          observed = r.fixed64();
          break;
        case 0x62: // 12 event_name
          eventName = r.string();
          break;
        default:
          r.skip(tag, LOG_RECORD);
      }
    }
  } catch (error) {
    throw locate(error, field === 6 ? `attributes[${count}]` : fieldName(LOG_RECORD, field));
  }
  r.limit = outer;
  return {
    timeUnixNano: time,
    observedTimeUnixNano: observed,
    severityNumber,
    severityText,
    body,
    attributes,
    traceId,
    spanId,
    flags,
    eventName,
  };
}
