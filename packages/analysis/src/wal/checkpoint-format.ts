/**
 * Records of a checkpoint file (frame payloads, see `frame.ts`). The first byte is the
 * record type:
 *
 * - `1` header: JSON `{ format, version, savedAtMillis, coveredSeq, store }`, where `store`
 *   holds the layout, next id, eviction count and per-metric counters;
 * - `2` prefix: u32 index, then JSON `{ resource, scope }` (a resource and scope shared by
 *   series; a series names its prefix by index);
 * - `3` series: u32 prefix index, u32 JSON length, JSON `{ id, metric, kind, unit,
 *   attributes, overflow, stale, reference, buckets }`, u32 record doubles, u32 encoded bytes, the
 *   record's doubles with runs of zeros dropped (`zero-runs.ts`), u32 arena bytes
 *   (0xffffffff: none), the sketch arena's int32s (little-endian);
 * - `4` footer: JSON `{ series, prefixes }`, the counts written, so a reader can tell how
 *   many records it lost.
 *
 * Attributes use the tagged JSON form of `series/snapshot.ts` (bytes and non-finite numbers
 * survive).
 */
import type { CutHeader, SeriesCapture } from '../series/checkpoint-cut.js';
import { isBucketTotals } from '../series/bucket-totals.js';
import type { BucketTotals } from '../series/bucket-totals.js';
import { decodeAttributes, encodeAttributes } from '../series/snapshot.js';
import type { JsonAttributes } from '../series/snapshot.js';
import type { Attributes } from '../otlp/model.js';
import { decodeZeroRuns, encodeZeroRuns } from './zero-runs.js';

/** `format` of the header record. */
export const CHECKPOINT_FORMAT = 'heterodyne.series-checkpoint';
/** Version of the record layout described above. */
export const CHECKPOINT_VERSION = 2;

const TYPE_HEADER = 1;
const TYPE_PREFIX = 2;
const TYPE_SERIES = 3;
const TYPE_FOOTER = 4;

/** The header record. */
export interface CheckpointHeader {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  /** When the cut was taken, ms since the epoch. */
  savedAtMillis: number;
  /** The last write-ahead log sequence number the checkpoint covers. */
  coveredSeq: number;
  /** The series store's header. */
  store: CutHeader;
}

/** A resource and scope. */
export interface PrefixRecord {
  resource: Attributes;
  scope: { name: string; version: string };
}

/** A decoded record. */
export type CheckpointRecord =
  | { type: 'header'; header: CheckpointHeader }
  | { type: 'prefix'; index: number; prefix: PrefixRecord }
  | { type: 'series'; prefixIndex: number; series: Omit<SeriesCapture, 'prefix'> }
  | { type: 'footer'; series: number; prefixes: number };

function jsonRecord(type: number, value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const out = Buffer.allocUnsafe(1 + json.length);
  out.writeUInt8(type, 0);
  out.set(json, 1);
  return out;
}

/** The header record. */
export function encodeHeader(header: CheckpointHeader): Buffer {
  return jsonRecord(TYPE_HEADER, header);
}

/** The footer record. */
export function encodeFooter(series: number, prefixes: number): Buffer {
  return jsonRecord(TYPE_FOOTER, { series, prefixes });
}

/** A prefix record. */
export function encodePrefix(index: number, prefix: PrefixRecord): Buffer {
  const json = Buffer.from(
    JSON.stringify({ resource: encodeAttributes(prefix.resource), scope: prefix.scope }),
    'utf8',
  );
  const out = Buffer.allocUnsafe(5 + json.length);
  out.writeUInt8(TYPE_PREFIX, 0);
  out.writeUInt32LE(index, 1);
  out.set(json, 5);
  return out;
}

/** A series record. */
export function encodeSeries(prefixIndex: number, s: SeriesCapture): Buffer {
  const json = Buffer.from(
    JSON.stringify({
      id: s.id,
      metric: s.metric,
      kind: s.kind,
      unit: s.unit,
      attributes: encodeAttributes(s.attributes),
      overflow: s.overflow,
      stale: s.stale,
      reference: s.reference,
      buckets: s.buckets,
    }),
    'utf8',
  );
  const record = encodeZeroRuns(s.record);
  const arena =
    s.arena === undefined
      ? new Uint8Array(0)
      : new Uint8Array(s.arena.buffer, s.arena.byteOffset, s.arena.byteLength);
  const out = Buffer.allocUnsafe(1 + 4 + 4 + json.length + 8 + record.length + 4 + arena.length);
  let at = 0;
  at = out.writeUInt8(TYPE_SERIES, at);
  at = out.writeUInt32LE(prefixIndex, at);
  at = out.writeUInt32LE(json.length, at);
  out.set(json, at);
  at += json.length;
  at = out.writeUInt32LE(s.record.length, at);
  at = out.writeUInt32LE(record.length, at);
  out.set(record, at);
  at += record.length;
  at = out.writeUInt32LE(s.arena === undefined ? 0xffffffff : arena.length, at);
  out.set(arena, at);
  return out;
}

function copyInts(bytes: Buffer): Int32Array {
  const out = new Int32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

interface SeriesJson {
  id: number;
  metric: string;
  kind: SeriesCapture['kind'];
  unit: string;
  attributes: JsonAttributes;
  overflow: boolean;
  stale: boolean;
  reference?: SeriesCapture['reference'];
  buckets?: unknown;
}

/** Decodes a record whose checksum held; throws a RangeError when it is malformed anyway. */
export function decodeCheckpointRecord(payload: Buffer): CheckpointRecord {
  const type = payload.readUInt8(0);
  if (type === TYPE_HEADER) {
    const header = JSON.parse(payload.toString('utf8', 1)) as CheckpointHeader;
    if (header?.format !== CHECKPOINT_FORMAT) throw new RangeError('header: not a checkpoint');
    return { type: 'header', header };
  }
  if (type === TYPE_FOOTER) {
    const footer = JSON.parse(payload.toString('utf8', 1)) as { series: number; prefixes: number };
    return { type: 'footer', series: footer.series, prefixes: footer.prefixes };
  }
  if (type === TYPE_PREFIX) {
    const index = payload.readUInt32LE(1);
    const json = JSON.parse(payload.toString('utf8', 5)) as {
      resource: JsonAttributes;
      scope: { name: string; version: string };
    };
    return {
      type: 'prefix',
      index,
      prefix: { resource: decodeAttributes(json.resource), scope: json.scope },
    };
  }
  if (type !== TYPE_SERIES) throw new RangeError(`unknown record type ${type}`);
  let at = 1;
  const prefixIndex = payload.readUInt32LE(at);
  const jsonLength = payload.readUInt32LE(at + 4);
  at += 8;
  const json = JSON.parse(payload.toString('utf8', at, at + jsonLength)) as SeriesJson;
  at += jsonLength;
  const recordDoubles = payload.readUInt32LE(at);
  const recordLength = payload.readUInt32LE(at + 4);
  at += 8;
  const record = decodeZeroRuns(payload.subarray(at, at + recordLength), recordDoubles);
  at += recordLength;
  const arenaLength = payload.readUInt32LE(at);
  at += 4;
  let arena: Int32Array | undefined;
  if (arenaLength !== 0xffffffff) {
    if (arenaLength % 4 !== 0 || at + arenaLength > payload.length) {
      throw new RangeError(`arena of ${arenaLength} bytes`);
    }
    arena = copyInts(payload.subarray(at, at + arenaLength));
  }
  return {
    type: 'series',
    prefixIndex,
    series: {
      id: json.id,
      metric: json.metric,
      kind: json.kind,
      unit: json.unit ?? '',
      attributes: decodeAttributes(json.attributes ?? {}),
      overflow: json.overflow === true,
      stale: json.stale === true,
      record,
      arena,
      reference: json.reference ?? undefined,
      buckets: readBuckets(json.buckets),
    },
  };
}

/** Running bucket totals of a series record; a malformed value is a damaged record. */
function readBuckets(value: unknown): BucketTotals | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isBucketTotals(value)) throw new RangeError('series record: malformed bucket totals');
  return value;
}
