/**
 * Attribute values (OTLP `AnyValue`) as text, for formats whose labels are strings only, as
 * the OpenTelemetry common specification's "AnyValue representation for non-OTLP
 * protocols" describes it:
 *
 * | value            | top level                       | inside an array or map          |
 * | ---------------- | ------------------------------- | ------------------------------- |
 * | string           | as is, no quotes                | JSON string                     |
 * | boolean, integer | JSON literal (`true`, `42`)     | same                            |
 * | double           | JSON number (`1.5`)             | same                            |
 * | NaN, ±infinity   | `NaN`, `Infinity`, `-Infinity`  | JSON strings `"NaN"`, ...       |
 * | bytes            | base64, no quotes               | base64 JSON string              |
 * | empty (null)     | empty string                    | `null`                          |
 * | array / map      | JSON array / object             | same                            |
 */
import type { AttributeValue } from '../otlp/model.js';

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return Object.is(n, -0) ? '0' : String(n);
}

/** The JSON of a value nested in an array or map. */
function nestedJson(value: AttributeValue): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? numberText(value) : `"${numberText(value)}"`;
    default:
      break;
  }
  if (value === null || value === undefined) return 'null';
  if (value instanceof Uint8Array) return `"${base64(value)}"`;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += nestedJson(value[i] as AttributeValue);
    }
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const [key, item] of Object.entries(value as Record<string, AttributeValue>)) {
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${nestedJson(item)}`;
  }
  return `${out}}`;
}

/** An attribute value as label text (see the module comment). */
export function anyValueText(value: AttributeValue): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return numberText(value);
    default:
      break;
  }
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) return base64(value);
  return nestedJson(value);
}
