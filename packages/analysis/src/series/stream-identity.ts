/**
 * Stream identity: resource attributes + scope (name, version) + metric name + point
 * attributes, as a canonical string that does not depend on attribute order.
 *
 * The hot path builds no key strings: resource + scope prefixes (hashed once per
 * `ScopeMetrics` of a request, {@link prefixHash}) and point attributes (once per point) are
 * looked up by order-independent, per-process seeded 32-bit hashes ({@link attributesHash}) confirmed by
 * comparing values ({@link sameAttributes}), and the metric name selects a map. The
 * canonical strings ({@link attributesKey}, {@link scopeKey}, {@link streamKey}) are built
 * only to show or export a key.
 *
 * Encoding: attributes sorted by key, each as `JSON(key)` followed by the value's encoding:
 * a string as JSON, a number as `n<digits>`, `t`/`f`, `z` (null), `b<hex>` (bytes), `[...]`
 * (array, items comma-separated) and `{...}` (key-value list, recursively). Every token is
 * self-delimiting, so two attribute sets share a key only when they are equal.
 */
import { randomBytes } from 'node:crypto';
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

/** The order-independent hash of a resource + scope prefix (see {@link attributesHash}). */
export function prefixHash(resourceHash: number, scopeName: string, scopeVersion: string): number {
  return mix(
    resourceHash ^
      Math.imul(stringHash(scopeName, 0x7f4a7c15), 0x85ebca6b) ^
      stringHash(scopeVersion, 0x1b873593),
  );
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
export function streamKey(prefix: string, metricName: string, attributesKeyValue: string): string {
  return `${prefix}|${JSON.stringify(metricName)}|${attributesKeyValue}`;
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

/**
 * Per-process random seeds of the hashes below. A producer cannot predict the hash of an
 * attribute set, so it cannot send many sets that land in one bucket (hash flooding); equal
 * sets still hash equally within the process. Hashes are never persisted.
 */
const SEEDS = new Int32Array(randomBytes(24).buffer);
const SEED_STRING = SEEDS[0] as number;
const SEED_STRING_END = SEEDS[1] as number;
const SEED_NUMBER = SEEDS[2] as number;
const SEED_FLOAT = SEEDS[3] as number;
const SEED_PAIR = SEEDS[4] as number;
/** An odd multiplier per process, so the per-character step depends on the seed too. */
const STRING_MULTIPLIER = (0x01000193 ^ ((SEEDS[5] as number) & 0x7ffe00)) | 1;

/** FNV-1a style hash of a string with a seeded start and multiplier, finished by `mix`. */
function stringHash(s: string, start: number): number {
  let h = start ^ SEED_STRING ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), STRING_MULTIPLIER);
  return mix(h ^ SEED_STRING_END);
}

/** The murmur3 finaliser: spreads the bits so that sums of pair hashes stay well mixed. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const float = new Float64Array(1);
const words = new Int32Array(float.buffer);

/** Strings longer than this are hashed every time rather than cached. */
const MAX_CACHED_STRING_LENGTH = 128;
/** The cache is emptied when it reaches this many strings. */
const STRING_CACHE_LIMIT = 16_384;
const stringHashes = new Map<string, number>();

/**
 * `stringHash` memoised: attribute keys and values repeat across points, and a `Map` lookup
 * hashes a string natively (once per string object), which beats hashing it char by char.
 */
function cachedStringHash(s: string): number {
  let h = stringHashes.get(s);
  if (h === undefined) {
    h = stringHash(s, 0x811c9dc5);
    if (s.length <= MAX_CACHED_STRING_LENGTH) {
      if (stringHashes.size >= STRING_CACHE_LIMIT) stringHashes.clear();
      stringHashes.set(s, h);
    }
  }
  return h;
}

function valueHash(v: AttributeValue): number {
  switch (typeof v) {
    case 'string':
      return mix(cachedStringHash(v) ^ 0x2f1b3c4d);
    case 'number':
      if ((v | 0) === v) return mix(v ^ SEED_NUMBER);
      float[0] = v;
      return mix(
        mix((words[0] as number) ^ SEED_NUMBER) +
          Math.imul(words[1] as number, 0x27d4eb2f) +
          SEED_FLOAT,
      );
    case 'boolean':
      return v ? 0x5bd1e995 : 0x1b873593;
    default:
      return v === null ? 0x165667b1 : stringHash(encodeValue(v), 0x3c6ef372);
  }
}

/**
 * An order-independent 32-bit hash of an attribute set: the sum of a mixed hash per
 * key/value pair, seeded per process. Equal sets hash equally; unequal sets may collide, so
 * a match is confirmed with {@link sameAttributes}, and the store keeps colliding sets in
 * exact-key buckets past a few of them (see `series-registry.ts`).
 */
export function attributesHash(attributes: Attributes): number {
  let h = 0;
  for (const k in attributes) {
    const pair =
      cachedStringHash(k) ^ Math.imul(valueHash(attributes[k] as AttributeValue), 0x9e3779b1);
    h = (h + mix(pair ^ SEED_PAIR)) | 0;
  }
  return h;
}

function sameValue(a: AttributeValue | undefined, b: AttributeValue): boolean {
  if (a === b) return true;
  if (a === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return a !== a && b !== b;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return encodeValue(a) === encodeValue(b);
}

/** Whether two attribute sets are equal (same keys, equal values; NaN equals NaN). */
export function sameAttributes(a: Attributes, b: Attributes): boolean {
  let n = 0;
  for (const k in b) {
    if (!sameValue(a[k], b[k] as AttributeValue)) return false;
    n++;
  }
  for (const _k in a) n--;
  return n === 0;
}
