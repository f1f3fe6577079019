/**
 * Checkpoints of the series store as plain JSON-able data, for the persistence layer
 * (checkpoint key `series-store`, version {@link SERIES_SNAPSHOT_VERSION}).
 *
 * Identity and reference state are plain JSON. Each series' numeric record (normalisation
 * state, ring buffer, rollups; see `record-layout.ts`) and sketch arena are base64 of their
 * little-endian bytes: compact, exact for every double (NaN and infinities included), and
 * fast to write. The record layout is fixed by the store options listed in `layout`; a
 * snapshot restores only into a store with the same layout.
 */
import type { AttributeValue, Attributes } from '../otlp/model.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import type { BucketTotals } from './bucket-totals.js';
import type { ExponentialReference, HistogramReference, SeriesEntry } from './internal-types.js';
import type { SeriesRegistry } from './series-registry.js';
import { arenaIsConsistent, arenaUsedInts } from './sketch-arena.js';
import type { RollupTierOptions, SeriesKind } from './types.js';

/** Current snapshot format version. */
export const SERIES_SNAPSHOT_VERSION = 1;
/** The `format` tag of a snapshot. */
export const SERIES_SNAPSHOT_FORMAT = 'heterodyne.series-store';

/** Attributes in JSON form: bytes and non-finite numbers are tagged objects. */
export type JsonAttributes = Record<string, unknown>;

/** The store options that fix the record layout (see `SeriesStoreOptions`). */
export interface SnapshotLayout {
  /** Ring buffer capacity, samples. */
  ringCapacity: number;
  /** Rollup tiers, finest first. */
  rollups: RollupTierOptions[];
  /** Sketch relative accuracy. */
  relativeAccuracy: number;
  /** Most buckets per sketch. */
  maxSketchBuckets: number;
  /** Kinds that feed sketches, sorted. */
  sketchKinds: SeriesKind[];
}

/**
 * The cumulative reference of a histogram series: `{ bounds, counts }` (explicit bounds) or
 * `{ scale, zeroCount, positive: { offset, counts }, negative: { offset, counts } }`
 * (exponential).
 */
export type ReferenceSnapshot = HistogramReference | ExponentialReference;

/** One series in a snapshot. */
export interface SeriesSnapshot {
  /** Series id. */
  id: number;
  /** Index into {@link SeriesStoreSnapshot.prefixes}. */
  prefix: number;
  /** Metric name. */
  metric: string;
  /** Stored kind. */
  kind: SeriesKind;
  /** Unit. */
  unit: string;
  /** Point attributes. */
  attributes: JsonAttributes;
  /** Whether this is an overflow stream. */
  overflow: boolean;
  /** Whether the series was stale. */
  stale: boolean;
  /** Base64 of the record's doubles (see `record-layout.ts`), little-endian. */
  record: string;
  /** Base64 of the used part of the sketch arena's int32s, little-endian. */
  arena?: string;
  /** Cumulative histogram reference, when one is held. */
  reference?: ReferenceSnapshot;
  /** Running bucket totals of a histogram series (see `bucket-totals.ts`). */
  buckets?: BucketTotals;
}

/** A checkpoint of the whole store. */
export interface SeriesStoreSnapshot {
  /** Always {@link SERIES_SNAPSHOT_FORMAT}. */
  format: typeof SERIES_SNAPSHOT_FORMAT;
  /** {@link SERIES_SNAPSHOT_VERSION} when written. */
  version: number;
  /** When it was taken (store clock), ms since the epoch. */
  savedAtMillis: number;
  /** The layout options; a restore needs the same. */
  layout: SnapshotLayout;
  /** The next series id. */
  nextId: number;
  /** Series evicted so far. */
  evictedSeries: number;
  /** Per-metric counters. */
  families: { name: string; overflowPoints: number }[];
  /** Resources and scopes, referenced by index from the series. */
  prefixes: { resource: JsonAttributes; scope: { name: string; version: string } }[];
  /** Every series. */
  series: SeriesSnapshot[];
}

const BYTES_TAG = '\u0000bytes';
const NUMBER_TAG = '\u0000number';

function encodeValue(v: AttributeValue): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : { [NUMBER_TAG]: String(v) };
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return { [BYTES_TAG]: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return (v as readonly AttributeValue[]).map(encodeValue);
  return encodeAttributes(v as Attributes);
}

/** Attributes to JSON form. */
export function encodeAttributes(attributes: Attributes): JsonAttributes {
  const out: JsonAttributes = {};
  for (const k of Object.keys(attributes)) {
    putOwn(out, k, encodeValue(attributes[k] as AttributeValue));
  }
  return out;
}

/**
 * `target[key] = value`, except that a `__proto__` key (a legal attribute key, which the
 * decoders keep as an own property) stays an attribute instead of replacing the prototype.
 */
function putOwn(target: Record<string, unknown>, key: string, value: unknown): void {
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

function decodeValue(v: unknown): AttributeValue {
  if (v === null || typeof v !== 'object') return v as AttributeValue;
  if (Array.isArray(v)) return v.map(decodeValue);
  const o = v as Record<string, unknown>;
  if (typeof o[BYTES_TAG] === 'string') return new Uint8Array(Buffer.from(o[BYTES_TAG], 'base64'));
  if (typeof o[NUMBER_TAG] === 'string') return Number(o[NUMBER_TAG]);
  return decodeAttributes(o);
}

/** Attributes from JSON form. */
export function decodeAttributes(json: JsonAttributes): Attributes {
  const out: Attributes = {};
  for (const k of Object.keys(json)) putOwn(out, k, decodeValue(json[k]));
  return out;
}

function bytesOf(view: Float64Array | Int32Array, start: number, length: number): string {
  return Buffer.from(
    view.buffer,
    view.byteOffset + start * view.BYTES_PER_ELEMENT,
    length * view.BYTES_PER_ELEMENT,
  ).toString('base64');
}

/** Snapshots one series. */
export function snapshotSeries(entry: SeriesEntry, prefixIndex: number): SeriesSnapshot {
  const handle = entry.handle;
  const out: SeriesSnapshot = {
    id: entry.id,
    prefix: prefixIndex,
    metric: handle.name,
    kind: handle.kind,
    unit: handle.unit,
    attributes: encodeAttributes(entry.attributes),
    overflow: entry.overflow,
    stale: entry.stale,
    record: bytesOf(entry.buf, entry.base, handle.layout.recordDoubles),
  };
  if (entry.arena !== undefined) out.arena = bytesOf(entry.arena, 0, arenaUsedInts(entry.arena));
  if (entry.reference !== undefined) out.reference = structuredClone(entry.reference);
  if (entry.buckets !== undefined) out.buckets = structuredClone(entry.buckets);
  return out;
}

/** Copies a base64 record into a series' slab record; an error message when sizes differ. */
export function restoreRecord(entry: SeriesEntry, record: string): string | undefined {
  const bytes = Buffer.from(record, 'base64');
  const expected = entry.handle.layout.recordDoubles * 8;
  if (bytes.length !== expected) return `record has ${bytes.length} bytes, expected ${expected}`;
  new Uint8Array(entry.buf.buffer, entry.buf.byteOffset + entry.base * 8, expected).set(bytes);
  return undefined;
}

/** Decodes a base64 arena, with room to grow; an error message when malformed. */
export function restoreArena(arena: string, totalSlots: number): Int32Array | string {
  const bytes = Buffer.from(arena, 'base64');
  if (bytes.length % 4 !== 0 || bytes.length < 8) return `arena has ${bytes.length} bytes`;
  const ints = bytes.length / 4;
  const out = new Int32Array(ints + 16);
  new Uint8Array(out.buffer).set(bytes);
  if (!arenaIsConsistent(out, totalSlots) || arenaUsedInts(out) !== ints) {
    return `arena header does not match ${totalSlots} slots and ${ints} ints`;
  }
  return out;
}

/** The layout part of a store's configuration. */
export function snapshotLayout(registry: SeriesRegistry): SnapshotLayout {
  const c = registry.config;
  return {
    ringCapacity: c.ringCapacity,
    rollups: c.rollups.map((t) => ({ ...t })),
    relativeAccuracy: c.relativeAccuracy,
    maxSketchBuckets: c.maxSketchBuckets,
    sketchKinds: [...c.sketchKinds].sort(),
  };
}

/** Checks a snapshot's header and layout against the store's; the error names the field. */
export function checkSnapshot(
  snapshot: SeriesStoreSnapshot,
  registry: SeriesRegistry,
): Result<void> {
  if (snapshot === null || typeof snapshot !== 'object')
    return err(new TypeError('snapshot: not an object'));
  if (snapshot.format !== SERIES_SNAPSHOT_FORMAT) {
    return err(
      new TypeError(
        `snapshot.format: expected ${SERIES_SNAPSHOT_FORMAT}, got ${JSON.stringify(snapshot.format)}`,
      ),
    );
  }
  if (snapshot.version !== SERIES_SNAPSHOT_VERSION) {
    return err(
      new RangeError(
        `snapshot.version: ${snapshot.version} is not supported (this store reads ${SERIES_SNAPSHOT_VERSION})`,
      ),
    );
  }
  const mine = JSON.stringify(snapshotLayout(registry));
  const theirs = JSON.stringify(snapshot.layout);
  if (mine !== theirs) {
    return err(
      new RangeError(
        `snapshot.layout: ${theirs} differs from this store's ${mine}; restore needs the same ringCapacity, rollups, relativeAccuracy, maxSketchBuckets and sketchKinds`,
      ),
    );
  }
  if (!Array.isArray(snapshot.series) || !Array.isArray(snapshot.prefixes)) {
    return err(new TypeError('snapshot.series and snapshot.prefixes: must be arrays'));
  }
  return ok(undefined);
}
