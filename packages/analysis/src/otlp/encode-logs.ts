/** Protobuf encoding of an `ExportLogsServiceRequest` from the model. */
import {
  writeAnyValue,
  writeAttributes,
  writeId,
  writeResource,
  writeScope,
} from './encode-common.js';
import type { LogRecord, LogsRequest } from './model.js';
import { WireWriter } from './wire-writer.js';

/** Encodes `request` as protobuf. Throws a `TypeError` for an id that is not hex. */
export function encodeLogsProtobuf(request: LogsRequest): Uint8Array {
  const w = new WireWriter(4096);
  for (const rl of request.resourceLogs) {
    const rlMark = w.begin(1);
    writeResource(w, 1, rl.resource);
    for (const sl of rl.scopeLogs) {
      const slMark = w.begin(2);
      writeScope(w, 1, sl.scope);
      for (const record of sl.logRecords) writeLogRecord(w, record);
      w.stringField(3, sl.schemaUrl);
      w.end(slMark);
    }
    w.stringField(3, rl.schemaUrl);
    w.end(rlMark);
  }
  return w.finish();
}

function writeLogRecord(w: WireWriter, record: LogRecord): void {
  const mark = w.begin(2);
  w.fixed64Field(1, record.timeUnixNano);
  w.int32Field(2, record.severityNumber);
  w.stringField(3, record.severityText);
  // A null body is an absent body.
  if (record.body !== null) writeAnyValue(w, 5, record.body);
  writeAttributes(w, 6, record.attributes);
  w.fixed32Field(8, record.flags);
  writeId(w, 9, record.traceId, 'logRecord.traceId');
  writeId(w, 10, record.spanId, 'logRecord.spanId');
  w.fixed64Field(11, record.observedTimeUnixNano);
  w.stringField(12, record.eventName);
  w.end(mark);
}
