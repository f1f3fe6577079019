/**
 * A consistent cut of the series store for a checkpoint written in slices while ingest goes
 * on. The cut is the store's state at `beginCut()`: its header and the ids of its series.
 * Series are then captured in slices by `next()`; a series that a write (or eviction) is about
 * to change before its slice came is captured first, by the store calling `touch()` (copy on
 * write). Series created after the cut are not part of it: the write-ahead log records that
 * follow the cut recreate them on replay.
 */
import type { Attributes } from '../otlp/model.js';
import type { BucketTotals } from './bucket-totals.js';
import type {
  ExponentialReference,
  HistogramReference,
  SeriesEntry,
  StreamPrefix,
} from './internal-types.js';
import type { SeriesRegistry } from './series-registry.js';
import { arenaUsedInts } from './sketch-arena.js';
import { snapshotLayout } from './snapshot.js';
import type { SnapshotLayout } from './snapshot.js';
import type { SeriesKind } from './types.js';

/** The store-wide part of a cut. */
export interface CutHeader {
  /** The options that fix the record layout; a restore needs the same. */
  layout: SnapshotLayout;
  /** The next series id. */
  nextId: number;
  /** Series evicted so far. */
  evictedSeries: number;
  /** Per-metric counters. */
  families: { name: string; overflowPoints: number }[];
}

/** One series as captured: copies of its numeric state, references to immutable identity. */
export interface SeriesCapture {
  id: number;
  /** The resource and scope (interned; immutable). */
  prefix: Pick<StreamPrefix, 'resource' | 'scope'>;
  metric: string;
  kind: SeriesKind;
  unit: string;
  attributes: Attributes;
  overflow: boolean;
  stale: boolean;
  /** The record's doubles (see `record-layout.ts`). */
  record: Float64Array;
  /** The used part of the sketch arena. */
  arena: Int32Array | undefined;
  /** Cumulative histogram reference. */
  reference: HistogramReference | ExponentialReference | undefined;
  /** Running bucket totals of histogram kinds (see `bucket-totals.ts`). */
  buckets: BucketTotals | undefined;
}

/** A cut being captured. */
export interface CheckpointCut {
  readonly header: CutHeader;
  /** Series in the cut. */
  readonly total: number;
  /** Whether every series of the cut was handed out by `next`. */
  readonly done: boolean;
  /** The next at most `max` series of the cut. */
  next(max: number): SeriesCapture[];
  /** Series captured early by `touch` so far (copy-on-write count). */
  readonly capturedEarly: number;
}

/** The store's side of a cut: `touch` before changing a series. */
export interface CutControl extends CheckpointCut {
  touch(entry: SeriesEntry): void;
}

/** Copies one series' state. */
export function captureSeries(entry: SeriesEntry): SeriesCapture {
  const handle = entry.handle;
  const arena = entry.arena;
  return {
    id: entry.id,
    prefix: handle.prefix,
    metric: handle.name,
    kind: handle.kind,
    unit: handle.unit,
    attributes: entry.attributes,
    overflow: entry.overflow,
    stale: entry.stale,
    record: entry.buf.slice(entry.base, entry.base + handle.layout.recordDoubles),
    arena: arena === undefined ? undefined : arena.slice(0, arenaUsedInts(arena)),
    reference: entry.reference === undefined ? undefined : structuredClone(entry.reference),
    buckets: entry.buckets === undefined ? undefined : structuredClone(entry.buckets),
  };
}

/** Starts a cut of `registry`. */
export function beginCut(registry: SeriesRegistry): CutControl {
  const ids = Array.from(registry.byId.keys());
  // Per id below the cut's next id: 1 while the series waits for its slice (a byte per id,
  // cheaper to fill at 100,000 series than a Set, and ids are never reused).
  const pending = new Uint8Array(registry.nextId);
  for (const id of ids) pending[id] = 1;
  const early = new Map<number, SeriesCapture>();
  let cursor = 0;
  let capturedEarly = 0;
  const header: CutHeader = {
    layout: snapshotLayout(registry),
    nextId: registry.nextId,
    evictedSeries: registry.evicted,
    families: [...registry.families.values()].map((f) => ({
      name: f.name,
      overflowPoints: f.overflowPoints,
    })),
  };
  return {
    header,
    total: ids.length,
    get done() {
      return cursor >= ids.length;
    },
    get capturedEarly() {
      return capturedEarly;
    },
    touch(entry) {
      if (pending[entry.id] !== 1) return;
      pending[entry.id] = 2;
      early.set(entry.id, captureSeries(entry));
      capturedEarly++;
    },
    next(max) {
      const out: SeriesCapture[] = [];
      while (cursor < ids.length && out.length < max) {
        const id = ids[cursor++] as number;
        const state = pending[id];
        pending[id] = 0;
        if (state === 2) {
          out.push(early.get(id) as SeriesCapture);
          early.delete(id);
          continue;
        }
        const entry = registry.byId.get(id);
        // Every change to a series of the cut (eviction included) touches it first, so a
        // series of the cut is either captured early or still here unchanged.
        if (entry !== undefined) out.push(captureSeries(entry));
      }
      return out;
    },
  };
}
