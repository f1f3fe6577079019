/**
 * Memory estimates of the series store, in bytes.
 *
 * The estimate adds what each series holds: its slab record (8 bytes per double), its
 * sketch arena (data plus the bookkeeping V8 keeps per typed array), its object, its map
 * entries (id index, stream map, family set), its attributes object
 * and strings, a cumulative histogram's reference counts and a histogram's running bucket
 * totals. The store adds the slab
 * chunks' unused records, prefixes and handles.
 *
 * The constants model a 64-bit V8 without pointer compression (Node.js' default build):
 * 8-byte tagged fields, 16-byte string and heap-number headers. They were checked against
 * `process.memoryUsage()` deltas (heap used + array buffers, after GC): see
 * `test/series/memory.test.ts` and `bench/series-memory.bench.js`.
 */
import type { AttributeValue, Attributes } from '../otlp/model.js';
import type { BucketTotals } from './bucket-totals.js';
import type { ExponentialReference, HistogramReference, SeriesEntry } from './internal-types.js';
import { H_ATTRIBUTE_BYTES } from './record-layout.js';
import type { SeriesRegistry } from './series-registry.js';

/** A `SeriesEntry`: object header plus 12 fields. */
export const ENTRY_OBJECT_BYTES = 120;
/** Entries in the id map, the stream map and the family set, with hash-table slack. */
export const MAP_ENTRIES_BYTES = 120;
/** Per typed array: the view and `ArrayBuffer` objects and the backing-store records. */
export const TYPED_ARRAY_OVERHEAD_BYTES = 240;
/** A string's header. */
export const STRING_HEADER_BYTES = 16;
/** A plain object's header and a few in-object property slots. */
export const OBJECT_BYTES = 56;
/** A JS array of numbers: the array object plus its elements' header. */
export const ARRAY_HEADER_BYTES = 48;

/** Bytes of a string (one-byte when Latin-1, else two-byte), rounded to 8. */
export function stringBytes(s: string): number {
  let wide = false;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0xff) {
      wide = true;
      break;
    }
  }
  return STRING_HEADER_BYTES + align8(wide ? 2 * s.length : s.length);
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** Bytes of an attribute value held by an attributes object. */
function valueBytes(v: AttributeValue): number {
  switch (typeof v) {
    case 'string':
      return stringBytes(v);
    case 'number':
      return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 0 : 16;
    case 'boolean':
      return 0;
    default:
      break;
  }
  if (v === null) return 0;
  if (v instanceof Uint8Array) return TYPED_ARRAY_OVERHEAD_BYTES + v.byteLength;
  if (Array.isArray(v)) {
    let n = ARRAY_HEADER_BYTES + 8 * v.length;
    for (const item of v as readonly AttributeValue[]) n += valueBytes(item);
    return n;
  }
  return attributesBytes(v as Attributes);
}

/** Bytes of an attributes object, its keys and values. */
export function attributesBytes(attributes: Attributes): number {
  let n = OBJECT_BYTES;
  const keys = Object.keys(attributes);
  if (keys.length > 4) n += 8 * (keys.length - 4);
  for (const k of keys) n += stringBytes(k) + valueBytes(attributes[k] as AttributeValue);
  return n;
}

/** Estimated bytes held by one series (its attributes' share was computed at creation). */
export function seriesMemoryBytes(entry: SeriesEntry): number {
  let n = ENTRY_OBJECT_BYTES + MAP_ENTRIES_BYTES;
  n += entry.handle.layout.recordDoubles * 8;
  n += entry.buf[entry.base + H_ATTRIBUTE_BYTES] as number;
  return (
    n + arenaBytes(entry.arena) + referenceBytes(entry.reference) + bucketsBytes(entry.buckets)
  );
}

/**
 * Bytes of a series' running bucket totals (0 without them); the interned bounds are shared
 * and not counted.
 */
export function bucketsBytes(buckets: BucketTotals | undefined): number {
  if (buckets === undefined) return 0;
  if ('bounds' in buckets) return OBJECT_BYTES + ARRAY_HEADER_BYTES + 8 * buckets.counts.length;
  return (
    OBJECT_BYTES +
    2 * (OBJECT_BYTES + ARRAY_HEADER_BYTES) +
    8 * (buckets.positive.counts.length + buckets.negative.counts.length)
  );
}

/** Bytes of a series' sketch arena (0 without one). */
export function arenaBytes(arena: Int32Array | undefined): number {
  return arena === undefined ? 0 : TYPED_ARRAY_OVERHEAD_BYTES + arena.byteLength;
}

/** Bytes of a cumulative histogram reference (0 without one). */
export function referenceBytes(ref: HistogramReference | ExponentialReference | undefined): number {
  if (ref === undefined) return 0;
  if ('bounds' in ref) return OBJECT_BYTES + ARRAY_HEADER_BYTES + 8 * ref.counts.length;
  return (
    OBJECT_BYTES +
    2 * (OBJECT_BYTES + ARRAY_HEADER_BYTES) +
    8 * (ref.positive.counts.length + ref.negative.counts.length)
  );
}

/**
 * Bytes of the store's estimate ({@link storeMemoryBytes}) that are preallocated record space
 * no series uses yet: slab chunks are allocated 256 records at a time, so a store with a few
 * series holds mostly preallocated space.
 */
export function storePreallocatedBytes(registry: SeriesRegistry): number {
  let n = 0;
  for (const layout of registry.layouts) n += layout.slab.unusedBytes();
  return n;
}

/** Estimated bytes held by the whole store, preallocated record space included. */
export function storeMemoryBytes(registry: SeriesRegistry): number {
  let n = 0;
  for (const entry of registry.byId.values()) {
    // Unused slab capacity is counted below, so count only the series' own parts here.
    n += seriesMemoryBytes(entry) - entry.handle.layout.recordDoubles * 8;
  }
  for (const layout of registry.layouts) n += layout.slab.memoryBytes();
  return n + prefixesBytes(registry);
}

/** A metric name's entry under a prefix (its handles by kind). */
export const HANDLE_ENTRY_BYTES = OBJECT_BYTES * 2 + 120;
/** A metric family (one metric name across resources). */
export const FAMILY_BYTES = OBJECT_BYTES + 120;

/** Bytes of a prefix without its handles: objects, map entry and resource attributes. */
export function prefixBytes(resource: Attributes): number {
  return OBJECT_BYTES * 2 + attributesBytes(resource) + 200;
}

/** Estimated bytes of the store's prefixes, metric handles and metric families. */
export function prefixesBytes(registry: SeriesRegistry): number {
  let n = 0;
  for (const prefix of registry.allPrefixes()) {
    n += prefixBytes(prefix.resource) + prefix.handles.size * HANDLE_ENTRY_BYTES;
  }
  return n + registry.families.size * FAMILY_BYTES;
}
