/**
 * Stream identity: resource attributes + scope (name, version) + metric name + point
 * attributes, as a canonical string that does not depend on attribute order.
 *
 * The key is built in two parts so the hot path stays cheap: the resource + scope prefix is
 * computed once per `ScopeMetrics` of a request ({@link resourceKey}, {@link scopeKey}) and
 * interned by the store; per data point only the point attributes are encoded
 * ({@link attributesKey}), and the metric name selects a map rather than being concatenated.
 *
 * Encoding: attributes sorted by key, each as `JSON(key)` followed by the value's encoding:
 * a string as JSON, a number as `n<digits>`, `t`/`f`, `z` (null), `b<hex>` (bytes), `[...]`
 * (array, items comma-separated) and `{...}` (key-value list, recursively). Every token is
 * self-delimiting, so two attribute sets share a key only when they are equal.
 */
import type { AttributeValue, Attributes } from '../otlp/model.js';

/** The canonical, order-independent encoding of an attribute set ('' when empty). */
export function attributesKey(attributes: Attributes): string {
  const keys = Object.keys(attributes);
  const n = keys.length;
  if (n === 0) return '';
  if (n === 1) {
    const k = keys[0] as string;
    return JSON.stringify(k) + encodeValue(attributes[k] as AttributeValue);
  }
  for (let i = 1; i < n; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      keys.sort();
      break;
    }
  }
  let out = '';
  for (let i = 0; i < n; i++) {
    const k = keys[i] as string;
    out += JSON.stringify(k) + encodeValue(attributes[k] as AttributeValue);
  }
  return out;
}

/** The key of a resource (its attributes). */
export function resourceKey(resourceAttributes: Attributes): string {
  return attributesKey(resourceAttributes);
}

/** The prefix key of a resource and scope. */
export function scopeKey(
  resourceKeyValue: string,
  scopeName: string,
  scopeVersion: string,
): string {
  return `${resourceKeyValue}|${JSON.stringify(scopeName)}${JSON.stringify(scopeVersion)}`;
}

/** The full canonical stream key, for display and for identifying a stream outside the store. */
export function streamKey(prefix: string, metricName: string, pointKey: string): string {
  return `${prefix}|${JSON.stringify(metricName)}|${pointKey}`;
}

function encodeValue(v: AttributeValue): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return `n${v}`;
    case 'boolean':
      return v ? 't' : 'f';
    default:
      break;
  }
  if (v === null) return 'z';
  if (v instanceof Uint8Array)
    return `b${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      out += encodeValue(v[i] as AttributeValue);
    }
    return `${out}]`;
  }
  return `{${attributesKey(v as Attributes)}}`;
}
