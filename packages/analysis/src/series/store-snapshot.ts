/** Taking and restoring snapshots of a {@link SeriesRegistry} (format in `snapshot.ts`). */
import { isBucketTotals } from './bucket-totals.js';
import type { BoundsInterner } from './bucket-totals.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import type { StreamPrefix } from './internal-types.js';
import { KIND_CODES } from './record-layout.js';
import type { SeriesRegistry } from './series-registry.js';
import {
  checkSnapshot,
  decodeAttributes,
  encodeAttributes,
  restoreArena,
  restoreRecord,
  SERIES_SNAPSHOT_FORMAT,
  SERIES_SNAPSHOT_VERSION,
  snapshotLayout,
  snapshotSeries,
} from './snapshot.js';
import type { SeriesStoreSnapshot } from './snapshot.js';
import { attributesHash } from './stream-identity.js';

/** A checkpoint of `registry` taken at `nowMillis`. */
export function takeSnapshot(registry: SeriesRegistry, nowMillis: number): SeriesStoreSnapshot {
  const prefixIndex = new Map<StreamPrefix, number>();
  const prefixes: SeriesStoreSnapshot['prefixes'] = [];
  const series: SeriesStoreSnapshot['series'] = [];
  for (const entry of registry.byId.values()) {
    const prefix = entry.handle.prefix;
    let index = prefixIndex.get(prefix);
    if (index === undefined) {
      index = prefixes.length;
      prefixIndex.set(prefix, index);
      prefixes.push({ resource: encodeAttributes(prefix.resource), scope: { ...prefix.scope } });
    }
    series.push(snapshotSeries(entry, index));
  }
  return {
    format: SERIES_SNAPSHOT_FORMAT,
    version: SERIES_SNAPSHOT_VERSION,
    savedAtMillis: nowMillis,
    layout: snapshotLayout(registry),
    nextId: registry.nextId,
    evictedSeries: registry.evicted,
    families: [...registry.families.values()].map((f) => ({
      name: f.name,
      overflowPoints: f.overflowPoints,
    })),
    prefixes,
    series,
  };
}

/**
 * Fills an empty `registry` from `snapshot`; the error names the offending field. Histogram
 * bounds go through `intern`, so restored series share them as written ones do.
 */
export function restoreSnapshot(
  snapshot: SeriesStoreSnapshot,
  registry: SeriesRegistry,
  intern: BoundsInterner,
): Result<void> {
  const checked = checkSnapshot(snapshot, registry);
  if (!checked.ok) return checked;
  const prefixes: StreamPrefix[] = [];
  for (const [i, p] of snapshot.prefixes.entries()) {
    if (p === null || typeof p !== 'object' || typeof p.scope?.name !== 'string') {
      return err(
        new TypeError(`snapshot.prefixes[${i}]: expected { resource, scope: { name, version } }`),
      );
    }
    const resource = decodeAttributes(p.resource ?? {});
    prefixes.push(
      registry.prefix(resource, attributesHash(resource), {
        name: p.scope.name,
        version: p.scope.version ?? '',
      }),
    );
  }
  const sorted = [...snapshot.series].sort((a, b) => a.id - b.id);
  for (const [i, s] of sorted.entries()) {
    const where = `snapshot.series[id ${s?.id}]`;
    if (s === null || typeof s !== 'object' || !Number.isInteger(s.id) || registry.byId.has(s.id)) {
      return err(new TypeError(`snapshot.series[${i}]: missing, or a duplicate or invalid id`));
    }
    const prefix = prefixes[s.prefix];
    if (prefix === undefined)
      return err(new RangeError(`${where}.prefix: ${s.prefix} is not a prefix index`));
    if (!(s.kind in KIND_CODES))
      return err(new RangeError(`${where}.kind: unknown kind ${JSON.stringify(s.kind)}`));
    if (typeof s.metric !== 'string' || typeof s.record !== 'string') {
      return err(new TypeError(`${where}: metric and record must be strings`));
    }
    const handle = registry.handle(prefix, s.metric, s.kind, s.unit ?? '');
    const attributes = decodeAttributes(s.attributes ?? {});
    const entry = registry.create(handle, attributes, s.overflow === true, s.id);
    const recordError = restoreRecord(entry, s.record);
    if (recordError !== undefined) return err(new RangeError(`${where}.record: ${recordError}`));
    if (s.arena !== undefined) {
      const arena = restoreArena(s.arena, handle.layout.totalSlots);
      if (typeof arena === 'string') return err(new RangeError(`${where}.arena: ${arena}`));
      entry.arena = arena;
    }
    if (s.reference !== undefined) {
      const reference = structuredClone(s.reference);
      if ('bounds' in reference && Array.isArray(reference.bounds)) {
        reference.bounds = intern(reference.bounds);
      }
      entry.reference = reference;
    }
    if (s.buckets !== undefined) {
      if (!isBucketTotals(s.buckets)) {
        return err(new RangeError(`${where}.buckets: malformed running bucket totals`));
      }
      const buckets = structuredClone(s.buckets);
      if ('bounds' in buckets) buckets.bounds = intern(buckets.bounds);
      entry.buckets = buckets;
    }
    entry.stale = s.stale === true;
    registry.attach(entry);
  }
  registry.nextId = Math.max(snapshot.nextId ?? 0, (sorted.at(-1)?.id ?? 0) + 1);
  registry.evicted = snapshot.evictedSeries ?? 0;
  for (const f of snapshot.families ?? []) {
    const family = registry.families.get(f.name);
    if (family !== undefined) family.overflowPoints = f.overflowPoints ?? 0;
  }
  return ok(undefined);
}
