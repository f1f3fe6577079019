/**
 * Restoring a series store from checkpoint records one series at a time (the records of a
 * checkpoint file, see `wal/checkpoint-file.ts`), so a damaged record costs that series alone.
 */
import type { Attributes } from '../otlp/model.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import type { CutHeader, SeriesCapture } from './checkpoint-cut.js';
import type { BoundsInterner } from './bucket-totals.js';
import type { StreamPrefix } from './internal-types.js';
import { KIND_CODES } from './record-layout.js';
import type { SeriesRegistry } from './series-registry.js';
import { arenaIsConsistent, arenaUsedInts } from './sketch-arena.js';
import { snapshotLayout } from './snapshot.js';
import { attributesHash } from './stream-identity.js';

/** Adds restored series to a fresh registry. */
export interface SeriesRestorer {
  /** Adds one series; the error says why it was refused (nothing is added then). */
  addSeries(series: SeriesCapture): Result<void>;
  /** Series added so far. */
  readonly added: number;
}

/**
 * A restorer filling `registry` (empty). `header` is checked against the registry's layout;
 * without one (a damaged header record) each record's size is still checked. Histogram
 * bounds go through `intern`, so restored series share them as written ones do.
 */
export function createRestorer(
  registry: SeriesRegistry,
  header: CutHeader | undefined,
  intern: BoundsInterner,
): Result<SeriesRestorer> {
  if (header !== undefined) {
    const mine = JSON.stringify(snapshotLayout(registry));
    const theirs = JSON.stringify(header.layout);
    if (mine !== theirs) {
      return err(
        new RangeError(
          `checkpoint layout ${theirs} differs from this store's ${mine}; restore needs the same ringCapacity, rollups, relativeAccuracy, maxSketchBuckets and sketchKinds`,
        ),
      );
    }
  }
  const prefixes = new Map<object, StreamPrefix>();
  let added = 0;
  return ok({
    get added() {
      return added;
    },
    addSeries(s) {
      const where = `series ${s.id}`;
      if (!Number.isSafeInteger(s.id) || s.id < 1 || registry.byId.has(s.id)) {
        return err(new RangeError(`${where}: invalid or duplicate id`));
      }
      if (!(s.kind in KIND_CODES)) return err(new RangeError(`${where}: unknown kind ${s.kind}`));
      const layout = registry.layouts[KIND_CODES[s.kind]];
      if (layout === undefined || s.record.length !== layout.recordDoubles) {
        return err(
          new RangeError(
            `${where}: record of ${s.record.length} doubles, this store's ${s.kind} records have ${layout?.recordDoubles}`,
          ),
        );
      }
      let arena: Int32Array | undefined;
      if (s.arena !== undefined) {
        arena = new Int32Array(s.arena.length + 16);
        arena.set(s.arena);
        if (
          !arenaIsConsistent(arena, layout.totalSlots) ||
          arenaUsedInts(arena) !== s.arena.length
        ) {
          return err(
            new RangeError(`${where}: sketch arena does not match ${layout.totalSlots} slots`),
          );
        }
      }
      let prefix = prefixes.get(s.prefix);
      if (prefix === undefined) {
        const resource: Attributes = s.prefix.resource;
        prefix = registry.prefix(resource, attributesHash(resource), s.prefix.scope);
        prefixes.set(s.prefix, prefix);
      }
      const handle = registry.handle(prefix, s.metric, s.kind, s.unit);
      const entry = registry.create(handle, s.attributes, s.overflow, s.id);
      entry.buf.set(s.record, entry.base);
      entry.arena = arena;
      // The decoded records are the restorer's own: their bounds are replaced in place.
      if (s.reference !== undefined && 'bounds' in s.reference) {
        s.reference.bounds = intern(s.reference.bounds);
      }
      if (s.buckets !== undefined && 'bounds' in s.buckets)
        s.buckets.bounds = intern(s.buckets.bounds);
      entry.reference = s.reference;
      entry.buckets = s.buckets;
      entry.stale = s.stale;
      registry.attach(entry);
      added++;
      return ok(undefined);
    },
  });
}

/** Sets the registry's counters after the last series (header fields win when present). */
export function finishRestore(registry: SeriesRegistry, header: CutHeader | undefined): void {
  let maxId = 0;
  for (const id of registry.byId.keys()) if (id > maxId) maxId = id;
  registry.nextId = Math.max(header?.nextId ?? 0, maxId + 1);
  registry.evicted = header?.evictedSeries ?? 0;
  for (const f of header?.families ?? []) {
    const family = registry.families.get(f.name);
    if (family !== undefined) family.overflowPoints = f.overflowPoints;
  }
}
