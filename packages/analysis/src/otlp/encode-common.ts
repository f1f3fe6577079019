/**
 * Protobuf encoding of the common OTLP messages from the model: attributes (`KeyValue`,
 * `AnyValue`), `Resource`, `InstrumentationScope` and trace/span ids.
 */
import type { AttributeValue, Attributes, InstrumentationScope, Resource } from './model.js';
import { fromHex } from './text.js';
import { WT_I64, WT_LEN, WT_VARINT } from './wire-types.js';
import type { WireWriter } from './wire-writer.js';

/**
 * Writes `attributes` as `repeated KeyValue` field `field`. A number becomes `int_value`
 * when it is a safe integer (as the OTel JS SDK does) and `double_value` otherwise.
 */
export function writeAttributes(w: WireWriter, field: number, attributes: Attributes): void {
  for (const key in attributes) {
    const mark = w.begin(field);
    w.stringField(1, key);
    writeAnyValue(w, 2, attributes[key]!);
    w.end(mark);
  }
}

/** Writes an `AnyValue` message as field `field`; `null` is the empty `AnyValue`. */
export function writeAnyValue(w: WireWriter, field: number, value: AttributeValue): void {
  const mark = w.begin(field);
  if (typeof value === 'string') {
    if (value === '') {
      // Still written: an empty string is a string value, not an empty AnyValue.
      w.tag(1, WT_LEN);
      w.uint32(0);
    } else {
      w.stringField(1, value);
    }
  } else if (typeof value === 'boolean') {
    w.tag(2, WT_VARINT);
    w.uint32(value ? 1 : 0);
  } else if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      w.tag(3, WT_VARINT);
      w.int64(value);
    } else {
      w.tag(4, WT_I64);
      w.double(value);
    }
  } else if (value instanceof Uint8Array) {
    w.bytesField(7, value, true);
  } else if (Array.isArray(value)) {
    const inner = w.begin(5);
    for (const element of value as readonly AttributeValue[]) writeAnyValue(w, 1, element);
    w.end(inner);
  } else if (value !== null) {
    const inner = w.begin(6);
    writeAttributes(w, 1, value as Attributes);
    w.end(inner);
  }
  w.end(mark);
}

/** Writes a `Resource` message as field `field`. */
export function writeResource(w: WireWriter, field: number, resource: Resource): void {
  const mark = w.begin(field);
  writeAttributes(w, 1, resource.attributes);
  w.uint32Field(2, resource.droppedAttributesCount);
  w.end(mark);
}

/** Writes an `InstrumentationScope` message as field `field`. */
export function writeScope(w: WireWriter, field: number, scope: InstrumentationScope): void {
  const mark = w.begin(field);
  w.stringField(1, scope.name);
  w.stringField(2, scope.version);
  writeAttributes(w, 3, scope.attributes);
  w.uint32Field(4, scope.droppedAttributesCount);
  w.end(mark);
}

/** Writes a hex trace/span id as a `bytes` field (omitted when empty). */
export function writeId(w: WireWriter, field: number, hex: string, name: string): void {
  if (hex === '') return;
  const bytes = fromHex(hex);
  if (bytes === undefined) throw new TypeError(`${name}: not a hex string: ${JSON.stringify(hex)}`);
  w.bytesField(field, bytes);
}
