/**
 * Store-wide bounds of the series store: most series (`maxSeries`), most estimated bytes
 * (`maxMemoryBytes`) and the longest names, keys and values a new series may carry.
 *
 * A new series that would cross a limit first evicts the longest-idle series idle for at
 * least `evictionMinIdleMillis` (candidates are collected by each `evictStale` pass, oldest
 * last, so the write path never scans the store); without one, it is refused and counted
 * by reason. Series that exist keep accepting points.
 *
 * The memory figure (the same as `storeMemoryBytes`, in constant time) is kept
 * incrementally: the fixed part of every series (object, map entries, attributes) as series
 * come and go, what series grow after creation (sketch arenas, histogram references: their
 * setters keep the count), the slabs' own count, and prefixes, handles and metric names as
 * the registry creates and drops them.
 */
import type { AttributeValue, Attributes } from '../otlp/model.js';
import type { GrowthTally, SeriesEntry, StreamPrefix } from './internal-types.js';
import { ENTRY_OBJECT_BYTES, MAP_ENTRIES_BYTES } from './memory.js';
import { H_ATTRIBUTE_BYTES, H_LAST_SEEN } from './record-layout.js';
import type { SeriesRegistry } from './series-registry.js';
import type { RefusalReason } from './types.js';
import { REFUSED_MEMORY_LIMIT, REFUSED_SERIES_LIMIT, refusalReason } from './write-outcome.js';

/** The fixed estimated bytes of one series, its slab record excluded. */
function fixedBytes(entry: SeriesEntry): number {
  return (
    ENTRY_OBJECT_BYTES + MAP_ENTRIES_BYTES + (entry.buf[entry.base + H_ATTRIBUTE_BYTES] as number)
  );
}

/** Limits and their counters for one {@link SeriesRegistry}. */
export class StoreBounds {
  /** New series refused since creation, by reason. */
  readonly refused: Record<RefusalReason, number> = {
    series_limit: 0,
    memory_limit: 0,
    too_long: 0,
  };
  /** Series evicted to make room for new ones. */
  evictedForRoom = 0;
  /** Bytes series grew after creation, kept by the series themselves. */
  readonly tally: GrowthTally = { grownBytes: 0 };
  /** Bytes of prefixes, handles and metric families, kept by the registry. */
  identityBytes = 0;
  private _fixedBytes = 0;
  /** Eviction candidates, longest idle last. */
  private _idle: SeriesEntry[] = [];

  constructor(private readonly _registry: SeriesRegistry) {}

  /** Counts a created series. */
  added(entry: SeriesEntry): void {
    this._fixedBytes += fixedBytes(entry);
  }

  /** Counts a removed series. */
  removed(entry: SeriesEntry): void {
    this._fixedBytes -= fixedBytes(entry);
  }

  /** The store's estimated bytes, in constant time (see the module comment). */
  memoryEstimate(): number {
    let n = this._fixedBytes + this.tally.grownBytes + this.identityBytes;
    for (const layout of this._registry.layouts) n += layout.slab.memoryBytes();
    return n;
  }

  /**
   * The estimate without record space no series uses: what `maxMemoryBytes` bounds. A new
   * series takes a free record first, so evicting one series makes room for one more; a
   * new slab chunk may pass the limit by one chunk.
   */
  memoryInUse(): number {
    let n = this.memoryEstimate();
    for (const layout of this._registry.layouts) n -= layout.slab.unusedBytes();
    return n;
  }

  /** Counts a refusal and returns its write result. */
  refuse(result: number): number {
    const reason = refusalReason(result);
    if (reason !== undefined) this.refused[reason]++;
    return result;
  }

  /**
   * Room for one more series: 0 when there is (after evicting idle series if needed), else
   * the write result of the refusal, counted.
   */
  makeRoom(nowMillis: number): number {
    const { maxSeries, maxMemoryBytes } = this._registry.config;
    for (;;) {
      const overSeries = this._registry.byId.size >= maxSeries;
      if (!overSeries && this.memoryInUse() < maxMemoryBytes) return 0;
      if (!this._evictIdle(nowMillis)) {
        return this.refuse(overSeries ? REFUSED_SERIES_LIMIT : REFUSED_MEMORY_LIMIT);
      }
    }
  }

  /** Replaces the eviction candidates (series idle long enough at the last pass), oldest last. */
  setIdleCandidates(entries: SeriesEntry[]): void {
    this._idle = entries;
  }

  /** Eviction candidates left. */
  get idleCandidates(): number {
    return this._idle.length;
  }

  private _evictIdle(nowMillis: number): boolean {
    const registry = this._registry;
    const minIdle = registry.config.evictionMinIdleMillis;
    while (this._idle.length > 0) {
      const entry = this._idle.pop() as SeriesEntry;
      if (registry.byId.get(entry.id) !== entry) continue;
      if (nowMillis - (entry.buf[entry.base + H_LAST_SEEN] as number) < minIdle) continue;
      registry.remove(entry, false);
      this.evictedForRoom++;
      return true;
    }
    return false;
  }

  /** Whether a metric name, or the prefix's scope or resource, is past the length limits. */
  identityTooLong(prefix: StreamPrefix, name: string): boolean {
    const max = this._registry.config.maxNameLength;
    return (
      name.length > max ||
      prefix.scope.name.length > max ||
      prefix.scope.version.length > max ||
      this.attributesTooLong(prefix.resource)
    );
  }

  /** Whether an attribute set breaks the key, value or count limits. */
  attributesTooLong(attributes: Attributes): boolean {
    return this._attributesCount(attributes, 0) < 0;
  }

  /** Attributes counted so far after `attributes`, or -1 past a limit. */
  private _attributesCount(attributes: Attributes, counted: number): number {
    const c = this._registry.config;
    for (const k in attributes) {
      if (k.length > c.maxAttributeKeyLength) return -1;
      counted = this._valueCount(attributes[k] as AttributeValue, counted + 1);
      if (counted < 0 || counted > c.maxAttributes) return -1;
    }
    return counted;
  }

  private _valueCount(v: AttributeValue, counted: number): number {
    const max = this._registry.config.maxAttributeValueLength;
    if (typeof v === 'string') return v.length > max ? -1 : counted;
    if (typeof v !== 'object' || v === null) return counted;
    if (v instanceof Uint8Array) return v.byteLength > max ? -1 : counted;
    if (Array.isArray(v)) {
      if (counted + v.length > this._registry.config.maxAttributes) return -1;
      for (const item of v as readonly AttributeValue[]) {
        counted = this._valueCount(item, counted + 1);
        if (counted < 0) return -1;
      }
      return counted;
    }
    return this._attributesCount(v as Attributes, counted);
  }
}
