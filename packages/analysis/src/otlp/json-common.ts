/**
 * OTLP/JSON decoding of attributes (`KeyValue`, `AnyValue`), `Resource` and
 * `InstrumentationScope`, with the same limits as the protobuf decoder.
 */
import { DecodeFailure, locate } from './decode-failure.js';
import type { AttributeValue, Attributes, InstrumentationScope, Resource } from './model.js';
import type { DecodeLimits } from './limits.js';
import { setAttribute } from './proto-common.js';
import type { JsonObject } from './json-values.js';
import {
  describe,
  field,
  fieldFailure,
  isObject,
  jsonType,
  readArray,
  readInt32,
  readMessage,
  readString,
  toBytes,
  toDouble,
  toInteger,
} from './json-values.js';

/** Reads `repeated KeyValue` at `key` of `obj`. */
export function readAttributes(
  obj: JsonObject,
  key: string,
  limits: Readonly<DecodeLimits>,
): Attributes {
  const items = readArray(obj, key);
  const out: Attributes = {};
  fillKeyValues(items, out, 1, limits, key);
  return out;
}

function fillKeyValues(
  items: readonly unknown[],
  out: Attributes,
  depth: number,
  limits: Readonly<DecodeLimits>,
  key: string,
): void {
  const max = limits.maxAttributesPerEntity;
  if (items.length > max) {
    throw fieldFailure(
      key,
      `has ${items.length} entries, over the limit maxAttributesPerEntity (${max})`,
    );
  }
  for (let i = 0; i < items.length; i++) {
    try {
      readKeyValue(items[i], out, depth, limits);
    } catch (error) {
      throw locate(error, `${key}[${i}]`);
    }
  }
}

function readKeyValue(
  item: unknown,
  out: Attributes,
  depth: number,
  limits: Readonly<DecodeLimits>,
): void {
  if (!isObject(item)) throw new DecodeFailure(`must be an object, got ${jsonType(item)}`);
  const key = readString(item, 'key');
  checkTextLength('key', key, limits.maxAttributeKeyBytes, 'maxAttributeKeyBytes');
  const value = readMessage(item, 'value');
  let decoded: AttributeValue = null;
  if (value !== undefined) {
    try {
      decoded = readAnyValue(value, depth, limits);
    } catch (error) {
      throw locate(error, 'value');
    }
  }
  setAttribute(out, key, decoded);
}

/** Reads an `AnyValue` object at nesting `depth` (1 for an attribute value). */
export function readAnyValue(
  obj: JsonObject,
  depth: number,
  limits: Readonly<DecodeLimits>,
): AttributeValue {
  let v = field(obj, 'stringValue');
  if (v !== undefined) {
    if (typeof v !== 'string')
      throw fieldFailure('stringValue', `must be a string, got ${jsonType(v)}`);
    checkLength(
      'stringValue',
      v.length * 3 <= limits.maxAttributeValueBytes ? 0 : Buffer.byteLength(v),
      limits,
    );
    return v;
  }
  v = field(obj, 'boolValue');
  if (v !== undefined) {
    if (typeof v !== 'boolean')
      throw fieldFailure('boolValue', `must be a boolean, got ${jsonType(v)}`);
    return v;
  }
  v = field(obj, 'intValue');
  if (v !== undefined) {
    const n = toInteger(v, false);
    if (n === undefined) throw fieldFailure('intValue', `must be an integer, got ${describe(v)}`);
    return n;
  }
  v = field(obj, 'doubleValue');
  if (v !== undefined) {
    const n = toDouble(v);
    if (n === undefined) throw fieldFailure('doubleValue', `must be a number, got ${describe(v)}`);
    return n;
  }
  v = field(obj, 'arrayValue');
  if (v !== undefined) return readArrayValue(v, depth + 1, limits);
  v = field(obj, 'kvlistValue');
  if (v !== undefined) {
    const list = checkContainer('kvlistValue', v, depth + 1, limits);
    const out: Attributes = {};
    try {
      fillKeyValues(readArray(list, 'values'), out, depth + 1, limits, 'values');
    } catch (error) {
      throw locate(error, 'kvlistValue');
    }
    return out;
  }
  v = field(obj, 'bytesValue');
  if (v !== undefined) {
    const bytes = toBytes(v);
    if (bytes === undefined)
      throw fieldFailure('bytesValue', `must be a base64 string, got ${describe(v)}`);
    checkLength('bytesValue', bytes.length, limits);
    return bytes;
  }
  return null;
}

function readArrayValue(
  v: unknown,
  depth: number,
  limits: Readonly<DecodeLimits>,
): AttributeValue[] {
  const list = checkContainer('arrayValue', v, depth, limits);
  const out: AttributeValue[] = [];
  let i = 0;
  try {
    const items = readArray(list, 'values');
    for (; i < items.length; i++) {
      const item = items[i];
      if (!isObject(item))
        throw fieldFailure(`values[${i}]`, `must be an object, got ${jsonType(item)}`);
      try {
        out.push(readAnyValue(item, depth, limits));
      } catch (error) {
        throw locate(error, `values[${i}]`);
      }
    }
  } catch (error) {
    throw locate(error, 'arrayValue');
  }
  return out;
}

function checkContainer(
  key: string,
  v: unknown,
  depth: number,
  limits: Readonly<DecodeLimits>,
): JsonObject {
  if (!isObject(v)) throw fieldFailure(key, `must be an object, got ${jsonType(v)}`);
  const max = limits.maxAnyValueDepth;
  if (depth > max) throw fieldFailure(key, `nests deeper than the limit maxAnyValueDepth (${max})`);
  return v;
}

function checkLength(key: string, bytes: number, limits: Readonly<DecodeLimits>): void {
  const max = limits.maxAttributeValueBytes;
  if (bytes > max) {
    throw fieldFailure(key, `is ${bytes} bytes, over the limit maxAttributeValueBytes (${max})`);
  }
}

/** Reads the `resource` of a `Resource*` object. */
export function readResource(obj: JsonObject, limits: Readonly<DecodeLimits>): Resource {
  const r = readMessage(obj, 'resource');
  if (r === undefined) return { attributes: {}, droppedAttributesCount: 0 };
  try {
    return {
      attributes: readAttributes(r, 'attributes', limits),
      droppedAttributesCount: readInt32(r, 'droppedAttributesCount', true),
    };
  } catch (error) {
    throw locate(error, 'resource');
  }
}

/** Reads the `scope` of a `Scope*` object. */
export function readScope(obj: JsonObject, limits: Readonly<DecodeLimits>): InstrumentationScope {
  const s = readMessage(obj, 'scope');
  if (s === undefined) return { name: '', version: '', attributes: {}, droppedAttributesCount: 0 };
  try {
    return {
      name: readString(s, 'name'),
      version: readString(s, 'version'),
      attributes: readAttributes(s, 'attributes', limits),
      droppedAttributesCount: readInt32(s, 'droppedAttributesCount', true),
    };
  } catch (error) {
    throw locate(error, 'scope');
  }
}

/**
 * Calls `read` on each element of the repeated message field `key`, adding
 * `key[i]` to the path of any failure.
 */
export function readRepeated<T>(obj: JsonObject, key: string, read: (item: JsonObject) => T): T[] {
  const items = readArray(obj, key);
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item))
      throw fieldFailure(`${key}[${i}]`, `must be an object, got ${jsonType(item)}`);
    try {
      out[i] = read(item);
    } catch (error) {
      throw locate(error, `${key}[${i}]`);
    }
  }
  return out;
}

/**
 * Throws when `text` (the string field `key`) is longer than `max` UTF-8 bytes; `limit`
 * names the option. Counts bytes only when the length in UTF-16 units could exceed it.
 */
export function checkTextLength(key: string, text: string, max: number, limit: string): void {
  if (text.length * 3 <= max) return;
  const bytes = Buffer.byteLength(text);
  if (bytes > max) throw fieldFailure(key, `is ${bytes} bytes, over the limit ${limit} (${max})`);
}
