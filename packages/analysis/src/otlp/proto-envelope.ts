import { locate } from './decode-failure.js';
import type { WireReader } from './wire-reader.js';
import { fieldName } from './wire-types.js';
import type { FieldTable } from './wire-types.js';

/** The content of a `Resource*` or `Scope*` message. */
export interface Envelope<H, C> {
  /** Field 1: the `Resource` or `InstrumentationScope`, when present. */
  head: H | undefined;
  /** Field 3: `schema_url`. */
  schemaUrl: string;
  /** Field 2: the repeated children (scope messages, or metrics/spans/log records). */
  children: C[];
}

/**
 * Reads one of the six envelope messages of OTLP (`ResourceMetrics`, `ScopeMetrics`,
 * `ResourceSpans`, `ScopeSpans`, `ResourceLogs`, `ScopeLogs`; the tag is already read). They
 * share one shape: field 1 a head message, field 2 repeated children, field 3 `schema_url`.
 * Errors are located as `<childrenName>[i]` or by the field's name in `table`. Each child
 * counts against the request's item limit, or its point limit when `childIsPoint` (spans,
 * log records).
 */
export function readEnvelope<H, C>(
  r: WireReader,
  table: FieldTable,
  childrenName: string,
  readHead: (r: WireReader) => H,
  readChild: (r: WireReader) => C,
  childIsPoint = false,
): Envelope<H, C> {
  const outer = r.enter();
  let head: H | undefined;
  let schemaUrl = '';
  const children: C[] = [];
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x12) {
        if (childIsPoint) r.countPoint();
        else r.countItem();
        children.push(readChild(r));
      } else if (tag === 0x0a) head = readHead(r);
      else if (tag === 0x1a) schemaUrl = r.string();
      else r.skip(tag, table);
    }
  } catch (error) {
    throw locate(
      error,
      field === 2 ? `${childrenName}[${children.length}]` : fieldName(table, field),
    );
  }
  r.limit = outer;
  return { head, schemaUrl, children };
}
