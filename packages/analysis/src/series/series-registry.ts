/**
 * Stream identity and the cardinality limit: interns resource + scope prefixes, finds or
 * creates a series per point, and routes streams past the per-metric limit to an overflow
 * stream carrying `otel.metric.overflow=true`, as the OpenTelemetry SDK does
 * (https://opentelemetry.io/docs/specs/otel/metrics/sdk/#cardinality-limits).
 *
 * The limit counts streams per metric name across all resources (it protects this store).
 * An overflowing point goes to the overflow stream of its own resource and scope, so there
 * is at most one overflow stream per metric, kind and producer; they are not counted.
 */
import type { Attributes } from '../otlp/model.js';
import type { SeriesStoreConfig } from './config.js';
import { SeriesEntry } from './internal-types.js';
import type { MetricFamily, MetricHandle, StreamPrefix } from './internal-types.js';
import { attributesBytes } from './memory.js';
import { createLayout, H_ATTRIBUTE_BYTES, KIND_CODES } from './record-layout.js';
import type { SeriesLayout } from './record-layout.js';
import { attributesHash, prefixHash, sameAttributes } from './stream-identity.js';
import type { SeriesKind } from './types.js';

/** The attribute the OpenTelemetry SDK puts on its overflow stream. */
export const OVERFLOW_ATTRIBUTE = 'otel.metric.overflow';
const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ [OVERFLOW_ATTRIBUTE]: true }) as Attributes;

/** Series identity bookkeeping of one store. */
export class SeriesRegistry {
  /** Prefixes by `prefixHash` (several on a collision). */
  readonly prefixes = new Map<number, StreamPrefix | StreamPrefix[]>();
  readonly families = new Map<string, MetricFamily>();
  readonly byId = new Map<number, SeriesEntry>();
  readonly layouts: SeriesLayout[];
  nextId = 1;
  evicted = 0;

  constructor(readonly config: SeriesStoreConfig) {
    const kinds = Object.keys(KIND_CODES) as SeriesKind[];
    this.layouts = kinds.map((k) => createLayout(k, config));
  }

  /** The interned prefix of a resource (whose `attributesHash` is `resourceHash`) and scope. */
  prefix(
    resource: Attributes,
    resourceHash: number,
    scope: { name: string; version: string },
  ): StreamPrefix {
    const hash = prefixHash(resourceHash, scope.name, scope.version);
    const found = this.prefixes.get(hash);
    const same = (p: StreamPrefix): boolean =>
      p.scope.name === scope.name &&
      p.scope.version === scope.version &&
      sameAttributes(p.resource, resource);
    if (found !== undefined) {
      if (!Array.isArray(found)) {
        if (same(found)) return found;
      } else {
        for (const p of found) if (same(p)) return p;
      }
    }
    const prefix: StreamPrefix = {
      hash,
      resource,
      scope: { name: scope.name, version: scope.version },
      handles: new Map(),
    };
    if (found === undefined) this.prefixes.set(hash, prefix);
    else if (Array.isArray(found)) found.push(prefix);
    else this.prefixes.set(hash, [found, prefix]);
    return prefix;
  }

  /** The handle of a metric name and kind under `prefix`. */
  handle(prefix: StreamPrefix, name: string, kind: SeriesKind, unit: string): MetricHandle {
    let byKind = prefix.handles.get(name);
    if (byKind === undefined) {
      byKind = [];
      prefix.handles.set(name, byKind);
    }
    const code = KIND_CODES[kind];
    let handle = byKind[code];
    if (handle === undefined) {
      let family = this.families.get(name);
      if (family === undefined) {
        family = { name, streams: 0, series: new Set(), overflowPoints: 0 };
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
      };
      byKind[code] = handle;
    }
    return handle;
  }

  /**
   * The series of `attributes` under `handle`, created if needed; the overflow stream when
   * the metric is at its cardinality limit.
   */
  resolve(handle: MetricHandle, attributes: Attributes): SeriesEntry {
    const hash = attributesHash(attributes);
    const found = handle.streams.get(hash);
    if (found !== undefined) {
      if (found instanceof SeriesEntry) {
        if (sameAttributes(found.attributes, attributes)) return found;
      } else {
        for (const entry of found) if (sameAttributes(entry.attributes, attributes)) return entry;
      }
    }
    const family = handle.family;
    if (family.streams >= this.config.cardinalityLimit) {
      family.overflowPoints++;
      return handle.overflow ?? (handle.overflow = this.create(handle, OVERFLOW_ATTRIBUTES, true));
    }
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
    this.byId.set(id, entry);
    handle.family.series.add(entry);
    return entry;
  }

  /** Makes a created series findable by its attributes (or as its handle's overflow stream). */
  attach(entry: SeriesEntry): void {
    const handle = entry.handle;
    if (entry.overflow) {
      handle.overflow = entry;
      return;
    }
    const found = handle.streams.get(entry.hash);
    if (found === undefined) handle.streams.set(entry.hash, entry);
    else if (found instanceof SeriesEntry) handle.streams.set(entry.hash, [found, entry]);
    else found.push(entry);
    handle.streamCount++;
    handle.family.streams++;
  }

  /** Removes a series and frees its record; drops empty handles and prefixes. */
  remove(entry: SeriesEntry): void {
    const handle = entry.handle;
    if (entry.overflow) {
      if (handle.overflow === entry) handle.overflow = undefined;
    } else {
      const found = handle.streams.get(entry.hash);
      if (found === entry) handle.streams.delete(entry.hash);
      else if (Array.isArray(found) && found.includes(entry)) {
        const rest = found.filter((e) => e !== entry);
        handle.streams.set(entry.hash, rest.length === 1 ? (rest[0] as SeriesEntry) : rest);
      }
      handle.streamCount--;
      handle.family.streams--;
    }
    handle.family.series.delete(entry);
    this.byId.delete(entry.id);
    handle.layout.slab.free(entry.slabHandle);
    entry.arena = undefined;
    entry.reference = undefined;
    this.evicted++;
    if (handle.streamCount === 0 && handle.overflow === undefined) {
      const byKind = handle.prefix.handles.get(handle.name);
      if (byKind !== undefined) {
        byKind[KIND_CODES[handle.kind]] = undefined;
        if (byKind.every((h) => h === undefined)) handle.prefix.handles.delete(handle.name);
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
   */
  sweep(): void {
    for (const found of [...this.prefixes.values()]) {
      for (const prefix of Array.isArray(found) ? found : [found]) {
        for (const [name, byKind] of prefix.handles) {
          for (let code = 0; code < byKind.length; code++) {
            const handle = byKind[code];
            if (handle !== undefined && handle.streamCount === 0 && handle.overflow === undefined) {
              byKind[code] = undefined;
            }
          }
          if (byKind.every((h) => h === undefined)) prefix.handles.delete(name);
        }
        if (prefix.handles.size === 0) this.removePrefix(prefix);
      }
    }
    for (const [name, family] of this.families) {
      if (family.series.size === 0) this.families.delete(name);
    }
  }

  private removePrefix(prefix: StreamPrefix): void {
    const found = this.prefixes.get(prefix.hash);
    if (found === prefix) this.prefixes.delete(prefix.hash);
    else if (Array.isArray(found)) {
      const rest = found.filter((p) => p !== prefix);
      this.prefixes.set(prefix.hash, rest.length === 1 ? (rest[0] as StreamPrefix) : rest);
    }
  }
}
