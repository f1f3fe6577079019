/**
 * Protobuf encoding of an `ExportTraceServiceRequest` from the model. The model keeps only
 * the number of span events and links, so they are written as that many empty messages.
 */
import { writeAttributes, writeId, writeResource, writeScope } from './encode-common.js';
import type { Span, TracesRequest } from './model.js';
import { WireWriter } from './wire-writer.js';

/** Encodes `request` as protobuf. Throws a `TypeError` for an id that is not hex. */
export function encodeTracesProtobuf(request: TracesRequest): Uint8Array {
  const w = new WireWriter(4096);
  for (const rs of request.resourceSpans) {
    const rsMark = w.begin(1);
    writeResource(w, 1, rs.resource);
    for (const ss of rs.scopeSpans) {
      const ssMark = w.begin(2);
      writeScope(w, 1, ss.scope);
      for (const span of ss.spans) writeSpan(w, span);
      w.stringField(3, ss.schemaUrl);
      w.end(ssMark);
    }
    w.stringField(3, rs.schemaUrl);
    w.end(rsMark);
  }
  return w.finish();
}

function writeSpan(w: WireWriter, span: Span): void {
  const mark = w.begin(2);
  writeId(w, 1, span.traceId, 'span.traceId');
  writeId(w, 2, span.spanId, 'span.spanId');
  w.stringField(3, span.traceState);
  writeId(w, 4, span.parentSpanId, 'span.parentSpanId');
  w.stringField(5, span.name);
  w.int32Field(6, span.kind);
  w.fixed64Field(7, span.startTimeUnixNano);
  w.fixed64Field(8, span.endTimeUnixNano);
  writeAttributes(w, 9, span.attributes);
  for (let i = 0; i < span.eventsCount; i++) w.end(w.begin(11));
  for (let i = 0; i < span.linksCount; i++) w.end(w.begin(13));
  if (span.status.code !== 0 || span.status.message !== '') {
    const m = w.begin(15);
    w.stringField(2, span.status.message);
    w.int32Field(3, span.status.code);
    w.end(m);
  }
  w.end(mark);
}
