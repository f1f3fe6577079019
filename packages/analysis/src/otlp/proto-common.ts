/**
 * Protobuf decoding of `opentelemetry.proto.common.v1` and `resource.v1`: attributes
 * (`KeyValue` / `AnyValue`), `Resource` and `InstrumentationScope`.
 * Field numbers: https://github.com/open-telemetry/opentelemetry-proto (v1.x).
 */
import { DecodeFailure, locate } from './decode-failure.js';
import {
  KV_CACHED_MAX_BYTES,
  cachedKey,
  cachedValue,
  keyValueHit,
  keyValueSlot,
  storeKeyValue,
} from './key-value-cache.js';
import type { AttributeValue, Attributes, InstrumentationScope, Resource } from './model.js';
import { toHex } from './text.js';
import type { WireReader } from './wire-reader.js';
import { checkLength } from './wire-reader.js';
import { WT_I64, WT_LEN, WT_VARINT, fieldName, fieldTable } from './wire-types.js';

const KEY_VALUE = fieldTable({ 1: ['key', WT_LEN], 2: ['value', WT_LEN] });
const ANY_VALUE = fieldTable({
  1: ['string_value', WT_LEN],
  2: ['bool_value', WT_VARINT],
  3: ['int_value', WT_VARINT],
  4: ['double_value', WT_I64],
  5: ['array_value', WT_LEN],
  6: ['kvlist_value', WT_LEN],
  7: ['bytes_value', WT_LEN],
});
const VALUES = fieldTable({ 1: ['values', WT_LEN] });
const RESOURCE = fieldTable({
  1: ['attributes', WT_LEN],
  2: ['dropped_attributes_count', WT_VARINT],
  3: ['entity_refs', WT_LEN],
});
const SCOPE = fieldTable({
  1: ['name', WT_LEN],
  2: ['version', WT_LEN],
  3: ['attributes', WT_LEN],
  4: ['dropped_attributes_count', WT_VARINT],
});

/**
 * Stores one attribute. `__proto__` is defined as an own property, so a hostile key
 * cannot change the object's prototype.
 */
export function setAttribute(target: Attributes, key: string, value: AttributeValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** Throws when an entity already holds `count` attributes and the limit allows no more. */
export function checkAttributeCount(r: WireReader, count: number): void {
  const max = r.limits.maxAttributesPerEntity;
  if (count >= max) throw new DecodeFailure(`is over the limit maxAttributesPerEntity (${max})`);
}

/** Reads one `KeyValue` message (the tag is already read) into `target`. */
export function readKeyValue(r: WireReader, target: Attributes, depth: number): void {
  const end = r.lengthEnd();
  const start = r.pos;
  const length = end - start;
  let slot = -1;
  if (length >= 3 && length <= KV_CACHED_MAX_BYTES) {
    slot = keyValueSlot(r.buf, start, end);
    // Key and value are shorter than the message: within their limits if the message is.
    const limits = r.limits;
    if (
      length <= limits.maxAttributeValueBytes &&
      length <= limits.maxAttributeKeyBytes &&
      keyValueHit(slot, r.buf, start, end)
    ) {
      r.pos = end;
      setAttribute(target, cachedKey(slot), cachedValue(slot));
      return;
    }
  }
  const outer = r.limit;
  r.limit = end;
  let key = '';
  let value: AttributeValue = null;
  let field = 0;
  try {
    while (r.pos < end) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x0a) key = r.key();
      else if (tag === 0x12) value = readAnyValue(r, depth);
      else r.skip(tag, KEY_VALUE);
    }
  } catch (error) {
    throw locate(error, fieldName(KEY_VALUE, field));
  }
  r.limit = outer;
  if (slot >= 0 && (typeof value !== 'object' || value === null)) {
    storeKeyValue(slot, r.buf, start, end, key, value);
  }
  setAttribute(target, key, value);
}

/** Reads an `AnyValue` message at nesting `depth` (1 for an attribute value). */
export function readAnyValue(r: WireReader, depth: number): AttributeValue {
  const outer = r.enter();
  let value: AttributeValue = null;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      switch (tag) {
        case 0x0a: // 1 string_value
          checkValueLength(r);
          value = r.string();
          break;
        case 0x10: // 2 bool_value
          value = r.bool();
          break;
        case 0x18: // 3 int_value
          value = r.int64();
          break;
        case 0x21: // 4 double_value
          value = r.double();
          break;
        case 0x2a: // 5 array_value
          value = readArrayValue(r, depth + 1);
          break;
        case 0x32: // 6 kvlist_value
          value = readKeyValueList(r, depth + 1);
          break;
        case 0x3a: // 7 bytes_value
          checkValueLength(r);
          value = r.bytes();
          break;
        default:
          r.skip(tag, ANY_VALUE);
      }
    }
  } catch (error) {
    throw locate(error, fieldName(ANY_VALUE, field));
  }
  r.limit = outer;
  return value;
}

/** Peeks at a length prefix and rejects values over `maxAttributeValueBytes`. */
function checkValueLength(r: WireReader): void {
  checkLength(r, r.limits.maxAttributeValueBytes, 'maxAttributeValueBytes');
}

function checkDepth(r: WireReader, depth: number): void {
  const max = r.limits.maxAnyValueDepth;
  if (depth > max) throw new DecodeFailure(`nests deeper than the limit maxAnyValueDepth (${max})`);
}

function readArrayValue(r: WireReader, depth: number): AttributeValue[] {
  checkDepth(r, depth);
  const outer = r.enter();
  const values: AttributeValue[] = [];
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x0a) values.push(readAnyValue(r, depth));
      else r.skip(tag, VALUES);
    }
  } catch (error) {
    throw locate(error, field === 1 ? `values[${values.length}]` : fieldName(VALUES, field));
  }
  r.limit = outer;
  return values;
}

function readKeyValueList(r: WireReader, depth: number): Attributes {
  checkDepth(r, depth);
  const outer = r.enter();
  const values: Attributes = {};
  let count = 0;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x0a) {
        checkAttributeCount(r, count);
        readKeyValue(r, values, depth);
        count++;
      } else r.skip(tag, VALUES);
    }
  } catch (error) {
    throw locate(error, field === 1 ? `values[${count}]` : fieldName(VALUES, field));
  }
  r.limit = outer;
  return values;
}

/** Reads a `Resource` message (the tag is already read). */
export function readResource(r: WireReader): Resource {
  const outer = r.enter();
  const attributes: Attributes = {};
  let count = 0;
  let dropped = 0;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x0a) {
        checkAttributeCount(r, count);
        readKeyValue(r, attributes, 1);
        count++;
      } else if (tag === 0x10) dropped = r.uint32();
      else if (tag === 0x1a)
        r.pos = r.lengthEnd(); // entity_refs: not kept
      else r.skip(tag, RESOURCE);
    }
  } catch (error) {
    throw locate(error, field === 1 ? `attributes[${count}]` : fieldName(RESOURCE, field));
  }
  r.limit = outer;
  return { attributes, droppedAttributesCount: dropped };
}

/** Reads an `InstrumentationScope` message (the tag is already read). */
export function readScope(r: WireReader): InstrumentationScope {
  const outer = r.enter();
  let name = '';
  let version = '';
  const attributes: Attributes = {};
  let count = 0;
  let dropped = 0;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      switch (tag) {
        case 0x0a:
          name = r.string();
          break;
        case 0x12:
          version = r.string();
          break;
        case 0x1a:
          checkAttributeCount(r, count);
          readKeyValue(r, attributes, 1);
          count++;
          break;
        case 0x20:
          dropped = r.uint32();
          break;
        default:
          r.skip(tag, SCOPE);
      }
    }
  } catch (error) {
    throw locate(error, field === 3 ? `attributes[${count}]` : fieldName(SCOPE, field));
  }
  r.limit = outer;
  return { name, version, attributes, droppedAttributesCount: dropped };
}

/** An empty resource or scope, for messages that carry none. */
export function emptyResource(): Resource {
  return { attributes: {}, droppedAttributesCount: 0 };
}

/** See {@link emptyResource}. */
export function emptyScope(): InstrumentationScope {
  return { name: '', version: '', attributes: {}, droppedAttributesCount: 0 };
}

/**
 * Reads a trace or span id (`bytes`, exactly `size` bytes, or empty when absent) as
 * lowercase hex.
 */
export function readId(r: WireReader, size: number): string {
  const end = r.lengthEnd();
  const length = end - r.pos;
  if (length !== 0 && length !== size) {
    throw new DecodeFailure(`must be ${size} bytes long (or empty), got ${length}`);
  }
  const hex = toHex(r.buf, r.pos, end);
  r.pos = end;
  return hex;
}
