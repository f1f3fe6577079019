/**
 * Stream identity and the cardinality limit: interns resource + scope prefixes, finds or
 * creates a series per point, and routes streams past the per-metric limit to an overflow
 * stream carrying `otel.metric.overflow=true`, as the OpenTelemetry SDK does
 * (https://opentelemetry.io/docs/specs/otel/metrics/sdk/#cardinality-limits).
 *
 * The limit counts series per metric name across all resources (it protects this store),
 * overflow streams included, as the SDK's limit includes its overflow stream: regular
 * streams take at most `limit - 1` places and an overflowing point goes to the overflow
 * stream of its own resource and scope while the metric has room for one. Past that, the
 * point is dropped ({@link WriteOutcome.OVERFLOW_DROPPED}), so a metric never holds more
 * than `limit` series however many resources send it.
 *
 * Store-wide bounds (`store-bounds.ts`) apply to every new series, overflow streams
 * included; names, keys and values past their length limits are refused.
 */
import type { Attributes } from '../otlp/model.js';
import type { SeriesStoreConfig } from './config.js';
import { SeriesEntry } from './internal-types.js';
import type { MetricFamily, MetricHandle, StreamPrefix } from './internal-types.js';
import { FAMILY_BYTES, HANDLE_ENTRY_BYTES, attributesBytes, prefixBytes } from './memory.js';
import { createLayout, H_ATTRIBUTE_BYTES, KIND_CODES } from './record-layout.js';
import type { SeriesLayout } from './record-layout.js';
import { StoreBounds } from './store-bounds.js';
import {
  MAX_CHAIN,
  addToBucket,
  bucketHas,
  findInBucket,
  removeFromBucket,
} from './stream-buckets.js';
import type { ProbeCounter } from './stream-buckets.js';
import {
  attributesHash,
  prefixHash,
  resourceKey,
  sameAttributes,
  scopeKey,
} from './stream-identity.js';
import type { SeriesKind } from './types.js';
import { REFUSED_TOO_LONG, WRITE_OVERFLOW, WriteOutcome } from './write-outcome.js';

/** The write result of a point that overflowed with no room left for an overflow stream. */
const OVERFLOW_NO_ROOM = WriteOutcome.OVERFLOW_DROPPED | WRITE_OVERFLOW;

/** The attribute the OpenTelemetry SDK puts on its overflow stream. */
export const OVERFLOW_ATTRIBUTE = 'otel.metric.overflow';
const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ [OVERFLOW_ATTRIBUTE]: true }) as Attributes;

/** Series identity bookkeeping of one store. */
export class SeriesRegistry implements ProbeCounter {
  /** Prefixes by `prefixHash` (several on a collision, at most `MAX_CHAIN`). */
  readonly prefixes = new Map<number, StreamPrefix | StreamPrefix[]>();
  /** Prefixes past `MAX_CHAIN` in one hash bucket, by exact canonical key. */
  readonly prefixesByKey = new Map<string, StreamPrefix>();
  readonly families = new Map<string, MetricFamily>();
  readonly byId = new Map<number, SeriesEntry>();
  /**
   * Called before a series is changed outside the write path (marked stale, removed), so a
   * checkpoint cut in progress can copy it first (see `checkpoint-cut.ts`).
   */
  beforeChange: ((entry: SeriesEntry) => void) | undefined = undefined;
  readonly layouts: SeriesLayout[];
  nextId = 1;
  evicted = 0;
  /** Attribute-set comparisons made by stream lookups (see `stream-buckets.ts`). */
  probes = 0;
  /** Store-wide series and memory limits. */
  readonly bounds: StoreBounds;

  constructor(readonly config: SeriesStoreConfig) {
    const kinds = Object.keys(KIND_CODES) as SeriesKind[];
    this.layouts = kinds.map((k) => createLayout(k, config));
    this.bounds = new StoreBounds(this);
  }

  /** The interned prefix of a resource (whose `attributesHash` is `resourceHash`) and scope. */
  prefix(
    resource: Attributes,
    resourceHash: number,
    scope: { name: string; version: string },
  ): StreamPrefix {
    const hash = prefixHash(resourceHash, scope.name, scope.version);
    const found = this.prefixes.get(hash);
    const same = (p: StreamPrefix): boolean => {
      this.probes++;
      return (
        p.scope.name === scope.name &&
        p.scope.version === scope.version &&
        sameAttributes(p.resource, resource)
      );
    };
    let exactKey: string | undefined;
    if (found !== undefined) {
      if (!Array.isArray(found)) {
        if (same(found)) return found;
      } else {
        for (const p of found) if (same(p)) return p;
        if (found.length >= MAX_CHAIN) {
          // A flooded bucket: further prefixes of this hash are found by exact key.
          exactKey = scopeKey(resourceKey(resource), scope.name, scope.version);
          this.probes++;
          const exact = this.prefixesByKey.get(exactKey);
          if (exact !== undefined) return exact;
        }
      }
    }
    const prefix: StreamPrefix = {
      hash,
      resource,
      scope: { name: scope.name, version: scope.version },
      handles: new Map(),
      exactKey,
    };
    this.bounds.identityBytes += prefixBytes(resource);
    if (exactKey !== undefined) this.prefixesByKey.set(exactKey, prefix);
    else if (found === undefined) this.prefixes.set(hash, prefix);
    else if (Array.isArray(found)) found.push(prefix);
    else this.prefixes.set(hash, [found, prefix]);
    return prefix;
  }

  /** Every prefix, in hash buckets and by exact key. */
  *allPrefixes(): IterableIterator<StreamPrefix> {
    for (const found of this.prefixes.values()) {
      if (Array.isArray(found)) yield* found;
      else yield found;
    }
    yield* this.prefixesByKey.values();
  }

  /** The handle of a metric name and kind under `prefix`. */
  handle(prefix: StreamPrefix, name: string, kind: SeriesKind, unit: string): MetricHandle {
    let byKind = prefix.handles.get(name);
    if (byKind === undefined) {
      byKind = [];
      prefix.handles.set(name, byKind);
      this.bounds.identityBytes += HANDLE_ENTRY_BYTES;
    }
    const code = KIND_CODES[kind];
    let handle = byKind[code];
    if (handle === undefined) {
      let family = this.families.get(name);
      if (family === undefined) {
        this.bounds.identityBytes += FAMILY_BYTES;
        family = {
          name,
          streams: 0,
          staleSeries: 0,
          tally: this.bounds.tally,
          series: new Set(),
          overflowPoints: 0,
        };
        this.families.set(name, family);
      }
      handle = {
        prefix,
        family,
        name,
        kind,
        layout: this.layouts[code] as SeriesLayout,
        unit,
        streams: new Map(),
        streamCount: 0,
        overflow: undefined,
        refusal: this.bounds.identityTooLong(prefix, name) ? REFUSED_TOO_LONG : 0,
      };
      byKind[code] = handle;
    }
    return handle;
  }

  /**
   * The series of `attributes` under `handle`, created if needed; the overflow stream when
   * the metric is at its cardinality limit; or, when no series can take the point, a write
   * result saying why (`OVERFLOW_DROPPED`, or `REFUSED` with its reason bit).
   */
  resolve(handle: MetricHandle, attributes: Attributes, nowMillis: number): SeriesEntry | number {
    const hash = attributesHash(attributes);
    const bucket = handle.streams.get(hash);
    if (bucket !== undefined) {
      if (bucket instanceof SeriesEntry) {
        // The common case, inline: one series with this hash.
        this.probes++;
        if (sameAttributes(bucket.attributes, attributes)) return bucket;
      } else {
        const found = findInBucket(bucket, attributes, this);
        if (found !== undefined) return found;
      }
    }
    if (handle.refusal !== 0) return this.bounds.refuse(handle.refusal);
    const family = handle.family;
    const limit = this.config.cardinalityLimit;
    if (family.streams >= limit - 1) {
      if (handle.overflow !== undefined) {
        family.overflowPoints++;
        return handle.overflow;
      }
      if (family.streams >= limit) return OVERFLOW_NO_ROOM;
      const refused = this.bounds.makeRoom(nowMillis);
      if (refused !== 0) return refused;
      family.overflowPoints++;
      const overflow = this.create(handle, OVERFLOW_ATTRIBUTES, true);
      this.attach(overflow);
      return overflow;
    }
    if (this.bounds.attributesTooLong(attributes)) return this.bounds.refuse(REFUSED_TOO_LONG);
    const refused = this.bounds.makeRoom(nowMillis);
    if (refused !== 0) return refused;
    const entry = this.create(handle, attributes, false);
    this.attach(entry);
    return entry;
  }

  /** Creates a series (used by `resolve` and by snapshot restore); `attach` makes it findable. */
  create(
    handle: MetricHandle,
    attributes: Attributes,
    overflow: boolean,
    id = this.nextId++,
  ): SeriesEntry {
    const hash = attributesHash(attributes);
    const entry = new SeriesEntry(
      id,
      handle,
      attributes,
      hash,
      handle.layout.slab.alloc(),
      overflow,
    );
    entry.buf[entry.base + H_ATTRIBUTE_BYTES] = overflow ? 0 : attributesBytes(attributes);
    this.bounds.added(entry);
    this.byId.set(id, entry);
    handle.family.series.add(entry);
    return entry;
  }

  /** Makes a created series findable by its attributes (or as its handle's overflow stream). */
  attach(entry: SeriesEntry): void {
    const handle = entry.handle;
    handle.family.streams++;
    if (entry.overflow) {
      handle.overflow = entry;
      return;
    }
    handle.streams.set(entry.hash, addToBucket(handle.streams.get(entry.hash), entry));
    handle.streamCount++;
  }

  /**
   * Removes a series and frees its record; drops empty handles and prefixes unless `prune`
   * is false (an eviction in the middle of a request, whose caller holds the handle).
   */
  remove(entry: SeriesEntry, prune = true): void {
    this.beforeChange?.(entry);
    const handle = entry.handle;
    if (entry.overflow) {
      if (handle.overflow === entry) {
        handle.overflow = undefined;
        handle.family.streams--;
      }
    } else {
      const found = handle.streams.get(entry.hash);
      if (found !== undefined && bucketHas(found, entry)) {
        const rest = removeFromBucket(found, entry);
        if (rest === undefined) handle.streams.delete(entry.hash);
        else handle.streams.set(entry.hash, rest);
        handle.streamCount--;
        handle.family.streams--;
      }
    }
    entry.stale = false;
    this.bounds.removed(entry);
    handle.family.series.delete(entry);
    this.byId.delete(entry.id);
    handle.layout.slab.free(entry.slabHandle);
    entry.arena = undefined;
    entry.reference = undefined;
    entry.buckets = undefined;
    this.evicted++;
    if (prune && handle.streamCount === 0 && handle.overflow === undefined) {
      const byKind = handle.prefix.handles.get(handle.name);
      if (byKind !== undefined) {
        byKind[KIND_CODES[handle.kind]] = undefined;
        if (byKind.every((h) => h === undefined)) this.dropName(handle.prefix, handle.name);
      }
      if (handle.prefix.handles.size === 0) this.removePrefix(handle.prefix);
    }
    // The family may be shared by handles of other prefixes; `sweep()` drops it once empty.
  }

  /**
   * Drops what no series uses: handles and prefixes that were looked up but never received a
   * series (a metric whose points were all rejected, a scope without metrics) and families
   * whose series were all evicted. Without it these maps, keyed by what producers send,
   * would grow without bound. Invalidates prefixes and handles held by callers.
   * (`housekeeping.ts` does the same a bounded number of prefixes at a time.)
   */
  sweep(): void {
    for (const prefix of [...this.allPrefixes()]) this.sweepPrefix(prefix);
    for (const [name, family] of this.families) this.sweepFamily(name, family);
  }

  /** Drops the handles of `prefix` without series, and the prefix when none is left. */
  sweepPrefix(prefix: StreamPrefix): void {
    for (const [name, byKind] of prefix.handles) {
      for (let code = 0; code < byKind.length; code++) {
        const handle = byKind[code];
        if (handle !== undefined && handle.streamCount === 0 && handle.overflow === undefined) {
          byKind[code] = undefined;
        }
      }
      if (byKind.every((h) => h === undefined)) this.dropName(prefix, name);
    }
    if (prefix.handles.size === 0) this.removePrefix(prefix);
  }

  /** Forgets a metric name whose series were all evicted. */
  sweepFamily(name: string, family: MetricFamily): void {
    if (family.series.size === 0 && this.families.get(name) === family) {
      this.families.delete(name);
      this.bounds.identityBytes -= FAMILY_BYTES;
    }
  }

  private dropName(prefix: StreamPrefix, name: string): void {
    if (prefix.handles.delete(name)) this.bounds.identityBytes -= HANDLE_ENTRY_BYTES;
  }

  private removePrefix(prefix: StreamPrefix): void {
    if (prefix.exactKey !== undefined) {
      if (this.prefixesByKey.get(prefix.exactKey) === prefix) {
        this.prefixesByKey.delete(prefix.exactKey);
        this.bounds.identityBytes -= prefixBytes(prefix.resource);
      }
      return;
    }
    const found = this.prefixes.get(prefix.hash);
    if (found === prefix) this.prefixes.delete(prefix.hash);
    else if (Array.isArray(found) && found.includes(prefix)) {
      const rest = found.filter((p) => p !== prefix);
      this.prefixes.set(prefix.hash, rest.length === 1 ? (rest[0] as StreamPrefix) : rest);
    } else return;
    this.bounds.identityBytes -= prefixBytes(prefix.resource);
  }
}
