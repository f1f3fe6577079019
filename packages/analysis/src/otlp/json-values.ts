/**
 * Field readers for OTLP/JSON (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding,
 * which follows the protobuf JSON mapping): keys in lowerCamelCase, the original
 * snake_case accepted too; `null` means "absent"; 64-bit integers as numbers or decimal
 * strings; doubles as numbers or "NaN" / "Infinity" / "-Infinity" (or numeric strings);
 * enums as integers or value names; trace and span ids as hex. A wrong type is a failure
 * naming the key.
 */
import { DecodeFailure, LOCATED } from './decode-failure.js';

/** A parsed JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

const snakeCache = new Map<string, string>();

function snake(camel: string): string {
  let s = snakeCache.get(camel);
  if (s === undefined) {
    s = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeCache.set(camel, s);
  }
  return s;
}

/** The value at `key` (or its snake_case form); `undefined` when absent or `null`. */
export function field(obj: JsonObject, key: string): unknown {
  let v = obj[key];
  if (v === undefined || v === null) {
    const alt = snake(key);
    v = alt === key ? undefined : obj[alt];
  }
  return v === null ? undefined : v;
}

/** A failure already located at `key` of the current object. */
export function fieldFailure(key: string, message: string): DecodeFailure {
  return new DecodeFailure(`${key} ${message}`, LOCATED);
}

/** JSON type of a value, for messages. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Whether `v` is a JSON object (not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A nested message, or `undefined` when absent. */
export function readMessage(obj: JsonObject, key: string): JsonObject | undefined {
  const v = field(obj, key);
  if (v === undefined) return undefined;
  if (!isObject(v)) throw fieldFailure(key, `must be an object, got ${jsonType(v)}`);
  return v;
}

/** A repeated field: an array (empty when absent). */
export function readArray(obj: JsonObject, key: string): readonly unknown[] {
  const v = field(obj, key);
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw fieldFailure(key, `must be an array, got ${jsonType(v)}`);
  return v;
}

/** A `string`. */
export function readString(obj: JsonObject, key: string): string {
  const v = field(obj, key);
  if (v === undefined) return '';
  if (typeof v !== 'string') throw fieldFailure(key, `must be a string, got ${jsonType(v)}`);
  return v;
}

/** A `bool`. */
export function readBool(obj: JsonObject, key: string): boolean {
  const v = field(obj, key);
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw fieldFailure(key, `must be a boolean, got ${jsonType(v)}`);
  return v;
}

const INTEGER = /^-?\d+$/;

/**
 * An integer value (`int32`, `uint32`, `int64`, `uint64`, `fixed64`): a JSON number or a
 * decimal string. Returns `undefined` when `v` is not one; `unsigned` rejects negatives.
 */
export function toInteger(v: unknown, unsigned: boolean): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && INTEGER.test(v)) n = Number(v);
  else return undefined;
  if (!Number.isInteger(n) || (unsigned && n < 0)) return undefined;
  return n;
}

/** A 64-bit integer field (0 when absent). */
export function readInt64(obj: JsonObject, key: string, unsigned = true): number {
  const v = field(obj, key);
  if (v === undefined) return 0;
  const n = toInteger(v, unsigned);
  if (n === undefined) {
    const what = unsigned ? 'a non-negative integer' : 'an integer';
    throw fieldFailure(key, `must be ${what} (number or decimal string), got ${describe(v)}`);
  }
  return n;
}

/** A 32-bit integer field (0 when absent). */
export function readInt32(obj: JsonObject, key: string, unsigned: boolean): number {
  const n = readInt64(obj, key, unsigned);
  if (unsigned ? n > 0xffffffff : n < -0x80000000 || n > 0x7fffffff) {
    throw fieldFailure(key, `is out of range for a 32-bit integer: ${n}`);
  }
  return n;
}

/** A double: a number, "NaN", "Infinity", "-Infinity" or a numeric string. */
export function toDouble(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  const n = v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** A `double` field; `undefined` when absent. */
export function readOptionalDouble(obj: JsonObject, key: string): number | undefined {
  const v = field(obj, key);
  if (v === undefined) return undefined;
  const n = toDouble(v);
  if (n === undefined) throw fieldFailure(key, `must be a number, got ${describe(v)}`);
  return n;
}

/** A `double` field (0 when absent). */
export function readDouble(obj: JsonObject, key: string): number {
  return readOptionalDouble(obj, key) ?? 0;
}

/** An enum: an integer, or one of `names` (value name to number). */
export function readEnum(obj: JsonObject, key: string, names: Record<string, number>): number {
  const v = field(obj, key);
  if (v === undefined) return 0;
  if (typeof v === 'string' && Object.hasOwn(names, v)) return names[v]!;
  const n = toInteger(v, false);
  if (n === undefined || n < -0x80000000 || n > 0x7fffffff) {
    throw fieldFailure(key, `must be an enum number or one of its names, got ${describe(v)}`);
  }
  return n;
}

/** A repeated 64-bit unsigned integer field. */
export function readInt64Array(obj: JsonObject, key: string): number[] {
  const items = readArray(obj, key);
  const out = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) {
    const n = toInteger(items[i], true);
    if (n === undefined) {
      throw fieldFailure(
        `${key}[${i}]`,
        `must be a non-negative integer, got ${describe(items[i])}`,
      );
    }
    out[i] = n;
  }
  return out;
}

/** A repeated `double` field. */
export function readDoubleArray(obj: JsonObject, key: string): number[] {
  const items = readArray(obj, key);
  const out = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) {
    const n = toDouble(items[i]);
    if (n === undefined)
      throw fieldFailure(`${key}[${i}]`, `must be a number, got ${describe(items[i])}`);
    out[i] = n;
  }
  return out;
}

const HEX = /^[0-9a-fA-F]*$/;

/** A trace or span id: `2 * size` hex digits, or empty. Returned in lowercase. */
export function readId(obj: JsonObject, key: string, size: number): string {
  const v = readString(obj, key);
  if (v === '') return '';
  if (v.length !== 2 * size || !HEX.test(v)) {
    throw fieldFailure(key, `must be ${2 * size} hex digits (or empty), got ${JSON.stringify(v)}`);
  }
  return v.toLowerCase();
}

const BASE64 = /^(?:[A-Za-z0-9+/\-_]{4})*(?:[A-Za-z0-9+/\-_]{2}(?:==)?|[A-Za-z0-9+/\-_]{3}=?)?$/;

/** A `bytes` value: standard or URL-safe base64, padded or not. */
export function toBytes(v: unknown): Uint8Array | undefined {
  if (typeof v !== 'string' || !BASE64.test(v)) return undefined;
  return new Uint8Array(Buffer.from(v, 'base64'));
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return jsonType(v);
}
