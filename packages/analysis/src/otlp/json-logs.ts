/** OTLP/JSON decoding of `ExportLogsServiceRequest` into the model. */
import { locate } from './decode-failure.js';
import type { DecodeLimits } from './limits.js';
import type { AttributeValue, LogRecord, LogsRequest, ResourceLogs, ScopeLogs } from './model.js';
import {
  readAnyValue,
  readAttributes,
  readRepeated,
  readResource,
  readScope,
} from './json-common.js';
import type { JsonObject } from './json-values.js';
import { readEnum, readId, readInt32, readInt64, readMessage, readString } from './json-values.js';

const SEVERITY_NAMES: Record<string, number> = { SEVERITY_NUMBER_UNSPECIFIED: 0 };
['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].forEach((level, i) => {
  SEVERITY_NAMES[`SEVERITY_NUMBER_${level}`] = 4 * i + 1;
  for (let k = 2; k <= 4; k++) SEVERITY_NAMES[`SEVERITY_NUMBER_${level}${k}`] = 4 * i + k;
});

/** Decodes a parsed `ExportLogsServiceRequest` object. */
export function readLogsRequest(obj: JsonObject, limits: Readonly<DecodeLimits>): LogsRequest {
  return {
    resourceLogs: readRepeated(obj, 'resourceLogs', (rl): ResourceLogs => ({
      resource: readResource(rl, limits),
      schemaUrl: readString(rl, 'schemaUrl'),
      scopeLogs: readRepeated(rl, 'scopeLogs', (sl): ScopeLogs => ({
        scope: readScope(sl, limits),
        schemaUrl: readString(sl, 'schemaUrl'),
        logRecords: readRepeated(sl, 'logRecords', (r) => readLogRecord(r, limits)),
      })),
    })),
  };
}

function readLogRecord(r: JsonObject, limits: Readonly<DecodeLimits>): LogRecord {
  return {
    timeUnixNano: readInt64(r, 'timeUnixNano'),
    observedTimeUnixNano: readInt64(r, 'observedTimeUnixNano'),
    severityNumber: readEnum(r, 'severityNumber', SEVERITY_NAMES),
    severityText: readString(r, 'severityText'),
    body: readBody(r, limits),
    attributes: readAttributes(r, 'attributes', limits),
    traceId: readId(r, 'traceId', 16),
    spanId: readId(r, 'spanId', 8),
    flags: readInt32(r, 'flags', true),
    eventName: readString(r, 'eventName'),
  };
}

function readBody(r: JsonObject, limits: Readonly<DecodeLimits>): AttributeValue {
  const body = readMessage(r, 'body');
  if (body === undefined) return null;
  try {
    return readAnyValue(body, 1, limits);
  } catch (error) {
    throw locate(error, 'body');
  }
}
