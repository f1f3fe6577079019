/**
 * The series store: normalised samples per stream in bounded ring buffers, rollup tiers with
 * mergeable sketches, a cardinality limit, staleness and checkpoints. Pure and
 * clock-injected: no timers, no I/O. Writers are called by the ingest pipeline with
 * validated points; the engines read through the query methods.
 */
import type {
  Attributes,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  NumberDataPoint,
  SummaryDataPoint,
} from '../otlp/model.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { resolveSeriesStoreConfig } from './config.js';
import type { SeriesStoreConfig } from './config.js';
import { writeNumberPoint } from './cumulative.js';
import type { NormaliserContext } from './cumulative.js';
import { writeExponentialPoint } from './exponential-writer.js';
import { writeHistogramPoint, writeSummaryPoint } from './histogram-writer.js';
import type { MetricHandle, StreamPrefix } from './internal-types.js';
import type { LogSketch } from './log-sketch.js';
import { createHousekeeping } from './housekeeping.js';
import type { EvictionSliceResult } from './housekeeping.js';
import { seriesMemoryBytes, storeMemoryBytes, storePreallocatedBytes } from './memory.js';
import { selectSeries } from './selector.js';
import {
  accumulateWindow,
  describe,
  emptyAggregate,
  mergeWindowSketch,
  newSketch,
  recentSamples,
  rollupSamples,
  totalsOf,
} from './series-query.js';
import { SeriesRegistry } from './series-registry.js';
import { sketchMapping } from './sketch-mapping.js';
import { beginCut } from './checkpoint-cut.js';
import type { CheckpointCut, CutControl, CutHeader } from './checkpoint-cut.js';
import { createRestorer, finishRestore } from './checkpoint-restore.js';
import type { SeriesRestorer } from './checkpoint-restore.js';
import { restoreSnapshot, takeSnapshot } from './store-snapshot.js';
import type { SeriesStoreSnapshot } from './snapshot.js';
import {
  attributesHash,
  attributesKey,
  resourceKey,
  scopeKey,
  streamKey,
} from './stream-identity.js';
import type {
  EvictionResult,
  MetricRef,
  MetricStats,
  RollupSample,
  Sample,
  SeriesInfo,
  SeriesKind,
  SeriesSelector,
  SeriesStoreOptions,
  SeriesStoreStats,
  SeriesTotals,
  StreamPrefixRef,
  WindowAggregate,
} from './types.js';
import { WRITE_OVERFLOW } from './write-outcome.js';

/** A series id or a selector. */
export type SeriesTarget = number | SeriesSelector;
export type { EvictionSliceResult } from './housekeeping.js';

/** The series store. Write methods return a write result (see `write-outcome.ts`). */
export interface SeriesStore {
  /** The resolved configuration. */
  readonly config: Readonly<SeriesStoreConfig>;
  /**
   * The interned prefix of a resource and scope. Pass `resourceHash`
   * (`attributesHash(resource)`) when writing several scopes of one resource.
   */
  prefix(
    resource: Attributes,
    scope: { name: string; version: string },
    resourceHash?: number,
  ): StreamPrefixRef;
  /**
   * A metric name and kind under a prefix; look it up once per metric of a request. Prefixes
   * and metric refs stay valid until the next `evictStale()` or `restore()`: do not keep
   * them across those.
   */
  metric(prefix: StreamPrefixRef, name: string, kind: SeriesKind, unit: string): MetricRef;
  /** Writes a gauge (`kind` gauge) or sum (`counter`/`updowncounter`) point. */
  writeNumber(
    metric: MetricRef,
    temporality: number,
    point: NumberDataPoint,
    nowMillis: number,
  ): number;
  /** Writes an explicit-bounds histogram point. */
  writeHistogram(
    metric: MetricRef,
    temporality: number,
    point: HistogramDataPoint,
    nowMillis: number,
  ): number;
  /** Writes an exponential histogram point. */
  writeExponentialHistogram(
    metric: MetricRef,
    temporality: number,
    point: ExponentialHistogramDataPoint,
    nowMillis: number,
  ): number;
  /**
   * Writes a summary point: count and sum as deltas, and each finite quantile value as a
   * gauge series of the same metric with attribute `quantile` (e.g. `"0.99"`).
   */
  writeSummary(metric: MetricRef, point: SummaryDataPoint, nowMillis: number): number;

  /**
   * Series matching `selector` (all when omitted), in id order, at most `limit` of them.
   * A selector naming a metric reads that metric's series only (an index), others look at
   * every series; only the returned ones are described (attributes copied).
   */
  listSeries(selector?: SeriesSelector, limit?: number): SeriesInfo[];
  /** How many series match `selector` (all when omitted), without describing them. */
  countSeries(selector?: SeriesSelector): number;
  /** One series, or undefined. */
  getSeries(id: number): SeriesInfo | undefined;
  /**
   * The ids of all series, oldest first, without describing them: for readers that walk
   * every series in slices (`getSeries` each), such as the Prometheus scrape.
   */
  seriesIds(): number[];
  /** The canonical stream key of a series (resource, scope, metric, attributes). */
  seriesKey(id: number): string | undefined;
  /** The newest `limit` samples of a series, oldest first; undefined for an unknown id. */
  recentSamples(id: number, limit: number): Sample[] | undefined;
  /**
   * Exact running totals of a counter, histogram-kind or summary series since it was
   * created (restored series keep theirs from the checkpoint), unaffected by the ring
   * capacity; undefined for an unknown id, a gauge or an up-down counter.
   */
  seriesTotals(id: number): SeriesTotals | undefined;
  /**
   * Aggregates over `(now - windowSeconds, now]` of one series (undefined for an unknown
   * id) or of all series matching a selector (`series: 0` when none match).
   */
  windowAggregate(target: SeriesTarget, windowSeconds: number): WindowAggregate | undefined;
  /** The `q`-quantile over the window, merging every matching series; undefined without data. */
  quantile(target: SeriesTarget, q: number, windowSeconds: number): number | undefined;
  /** The merged sketch over the window (for several quantiles at once); undefined without data. */
  sketch(target: SeriesTarget, windowSeconds: number): LogSketch | undefined;
  /** Rollup slots of the tier with `periodSeconds`, oldest first. */
  rollups(id: number, periodSeconds: number): RollupSample[] | undefined;
  /** Estimated bytes of one series, or of the whole store when `id` is omitted. */
  memoryBytes(id?: number): number;
  /** Counts and memory. */
  stats(): SeriesStoreStats;
  /**
   * Marks series stale after `stalenessMillis` and evicts stale ones after `retentionMillis`;
   * then forgets prefixes, metrics and metric names that no longer hold any series. Runs a
   * whole pass (finishing one begun by {@link evictStaleSlice}).
   */
  evictStale(nowMillis?: number): EvictionResult;
  /**
   * One slice of the `evictStale` pass: visits at most `maxSeries` series (or prefixes and
   * metric names, in its last part), so a caller can
   * yield to the event loop between slices. `done` is true when the pass completed (the
   * totals are then the pass's); the next call starts a new pass. Prefixes and metric refs
   * stay valid until a slice returns `done`.
   */
  evictStaleSlice(nowMillis: number, maxSeries: number): EvictionSliceResult;
  /**
   * Attribute-set comparisons made by stream lookups since creation: a structural measure
   * of lookup cost (about one per point when attribute hashes do not collide).
   */
  lookupProbes(): number;
  /** A versioned, JSON-able checkpoint. */
  snapshot(): SeriesStoreSnapshot;
  /** Replaces the store's content with a checkpoint; fails without change on mismatch. */
  restore(snapshot: SeriesStoreSnapshot): Result<{ series: number }>;
  /**
   * Starts a consistent cut for a checkpoint written in slices (see `checkpoint-cut.ts`):
   * until {@link endCut}, every write or eviction first copies the series it changes if the
   * cut has not handed it out yet. One cut at a time; a new one replaces the old.
   */
  beginCut(): CheckpointCut;
  /** Ends the current cut (writes stop copying). */
  endCut(): void;
  /**
   * Restores from checkpoint records series by series: `add` each series, then `finish`,
   * which replaces the store's content. Fails at once when `header`'s layout differs.
   */
  beginRestore(
    header: CutHeader | undefined,
  ): Result<SeriesRestorer & { finish(): { series: number } }>;
  /**
   * Runs `run` with the first-point rule's start time (`startTimeMillis`) set to the given
   * one, then restores this store's own: write-ahead log replay repeats each write with the
   * start time it had.
   */
  withStartTime<T>(startTimeMillis: number, run: () => T): T;
}

/** Creates a series store. Throws a RangeError naming the option when options are invalid. */
export function createSeriesStore(options: SeriesStoreOptions = {}): SeriesStore {
  const config = resolveSeriesStoreConfig(options);
  let registry = new SeriesRegistry(config);
  const housekeeping = createHousekeeping();
  const context: { -readonly [K in keyof NormaliserContext]: NormaliserContext[K] } = {
    mapping: sketchMapping(config.relativeAccuracy),
    maxSketchBuckets: config.maxSketchBuckets,
    startTimeNanos: config.startTimeMillis * 1e6,
    initialValue: config.initialValue,
  };
  const boundsCache = new Map<string, readonly number[]>();
  const intern = (bounds: readonly number[]): readonly number[] => {
    const key = bounds.join(',');
    let found = boundsCache.get(key);
    if (found === undefined) {
      found = Object.freeze(bounds.slice());
      if (boundsCache.size < 1024) boundsCache.set(key, found);
    }
    return found;
  };
  const now = (): number => config.clock.now();
  let cut: CutControl | undefined;

  function targets(target: SeriesTarget): ReturnType<typeof selectSeries> | undefined {
    if (typeof target === 'number') {
      const entry = registry.byId.get(target);
      return entry === undefined ? undefined : [entry];
    }
    return selectSeries(registry, target);
  }

  function windowBounds(windowSeconds: number): [number, number] {
    if (!(windowSeconds > 0))
      throw new RangeError(`windowSeconds: must be > 0, got ${windowSeconds}`);
    const to = now();
    return [to - windowSeconds * 1000, to];
  }

  function sketchOf(target: SeriesTarget, windowSeconds: number): LogSketch | undefined {
    const [from, to] = windowBounds(windowSeconds);
    const entries = targets(target);
    if (entries === undefined) return undefined;
    const sketch = newSketch(config.relativeAccuracy, config.maxSketchBuckets);
    for (const entry of entries) mergeWindowSketch(sketch, entry, from, to);
    return sketch.bucketCount > 0 ? sketch : undefined;
  }

  return {
    config,
    prefix(resource, scope, resourceHash) {
      return registry.prefix(resource, resourceHash ?? attributesHash(resource), scope);
    },
    metric(prefix, name, kind, unit) {
      return registry.handle(prefix as StreamPrefix, name, kind, unit);
    },
    writeNumber(metric, temporality, point, nowMillis) {
      const entry = registry.resolve(metric as MetricHandle, point.attributes, nowMillis);
      if (typeof entry === 'number') return entry;
      cut?.touch(entry);
      const result = writeNumberPoint(context, entry, temporality, point, nowMillis);
      return entry.overflow ? result | WRITE_OVERFLOW : result;
    },
    writeHistogram(metric, temporality, point, nowMillis) {
      const entry = registry.resolve(metric as MetricHandle, point.attributes, nowMillis);
      if (typeof entry === 'number') return entry;
      cut?.touch(entry);
      const result = writeHistogramPoint(context, entry, temporality, point, nowMillis, intern);
      return entry.overflow ? result | WRITE_OVERFLOW : result;
    },
    writeExponentialHistogram(metric, temporality, point, nowMillis) {
      const entry = registry.resolve(metric as MetricHandle, point.attributes, nowMillis);
      if (typeof entry === 'number') return entry;
      cut?.touch(entry);
      const result = writeExponentialPoint(context, entry, temporality, point, nowMillis);
      return entry.overflow ? result | WRITE_OVERFLOW : result;
    },
    writeSummary(metric, point, nowMillis) {
      const handle = metric as MetricHandle;
      const entry = registry.resolve(handle, point.attributes, nowMillis);
      if (typeof entry === 'number') return entry;
      cut?.touch(entry);
      const result = writeSummaryPoint(context, entry, point, nowMillis);
      if (entry.overflow) return result | WRITE_OVERFLOW;
      if ((result & 7) > 2 || point.quantileValues.length === 0) return result;
      const gauge = registry.handle(handle.prefix, handle.name, 'gauge', handle.unit);
      for (const { quantile, value } of point.quantileValues) {
        if (!Number.isFinite(value)) continue;
        const attributes: Attributes = { ...point.attributes, quantile: String(quantile) };
        const qEntry = registry.resolve(gauge, attributes, nowMillis);
        // A refused quantile series loses that quantile only; the refusal is counted.
        if (typeof qEntry === 'number') continue;
        cut?.touch(qEntry);
        writeNumberPoint(
          context,
          qEntry,
          0,
          {
            attributes,
            startTimeUnixNano: 0,
            timeUnixNano: point.timeUnixNano,
            flags: point.flags,
            value,
            isInt: false,
          },
          nowMillis,
        );
      }
      return result;
    },

    listSeries(selector, limit = Infinity) {
      const entries = selectSeries(registry, selector);
      return (limit < entries.length ? entries.slice(0, limit) : entries).map(describe);
    },
    countSeries(selector) {
      if (selector === undefined) return registry.byId.size;
      const { metric } = selector;
      if (metric !== undefined && Object.keys(selector).length === 1) {
        return registry.families.get(metric)?.series.size ?? 0;
      }
      return selectSeries(registry, selector).length;
    },
    getSeries(id) {
      const entry = registry.byId.get(id);
      return entry === undefined ? undefined : describe(entry);
    },
    seriesIds() {
      return Array.from(registry.byId.keys());
    },
    seriesKey(id) {
      const entry = registry.byId.get(id);
      if (entry === undefined) return undefined;
      const { resource, scope } = entry.handle.prefix;
      const prefix = scopeKey(resourceKey(resource), scope.name, scope.version);
      return streamKey(prefix, entry.handle.name, attributesKey(entry.attributes));
    },
    recentSamples(id, limit) {
      const entry = registry.byId.get(id);
      return entry === undefined ? undefined : recentSamples(entry, limit);
    },
    seriesTotals(id) {
      const entry = registry.byId.get(id);
      return entry === undefined ? undefined : totalsOf(entry);
    },
    windowAggregate(target, windowSeconds) {
      const [from, to] = windowBounds(windowSeconds);
      const entries = targets(target);
      if (entries === undefined) return undefined;
      const acc = emptyAggregate();
      for (const entry of entries) accumulateWindow(acc, entry, from, to);
      return acc;
    },
    quantile(target, q, windowSeconds) {
      const sketch = sketchOf(target, windowSeconds);
      if (sketch === undefined) return undefined;
      const v = sketch.quantile(q);
      return Number.isNaN(v) ? undefined : v;
    },
    sketch: sketchOf,
    rollups(id, periodSeconds) {
      const entry = registry.byId.get(id);
      return entry === undefined ? undefined : rollupSamples(entry, periodSeconds);
    },
    memoryBytes(id) {
      if (id === undefined) return storeMemoryBytes(registry);
      const entry = registry.byId.get(id);
      return entry === undefined ? 0 : seriesMemoryBytes(entry);
    },
    stats() {
      const byMetric: Record<string, MetricStats> = {};
      let stale = 0;
      for (const family of registry.families.values()) {
        byMetric[family.name] = {
          series: family.series.size,
          overflowPoints: family.overflowPoints,
        };
        stale += family.staleSeries;
      }
      const bounds = registry.bounds;
      return {
        series: registry.byId.size,
        activeSeries: registry.byId.size - stale,
        staleSeries: stale,
        memoryBytes: bounds.memoryEstimate(),
        preallocatedBytes: storePreallocatedBytes(registry),
        evictedSeries: registry.evicted,
        evictedForRoom: bounds.evictedForRoom,
        refusedSeries: { ...bounds.refused },
        maxSeries: config.maxSeries,
        maxMemoryBytes: config.maxMemoryBytes,
        byMetric,
      };
    },
    evictStale(nowMillis = now()) {
      let result: EvictionSliceResult;
      do result = housekeeping.slice(registry, nowMillis, Infinity);
      while (!result.done);
      return { markedStale: result.markedStale, evicted: result.evicted };
    },
    evictStaleSlice(nowMillis, maxSeries) {
      return housekeeping.slice(registry, nowMillis, maxSeries);
    },
    lookupProbes() {
      return registry.probes;
    },
    snapshot() {
      return takeSnapshot(registry, now());
    },
    restore(snapshot) {
      const fresh = new SeriesRegistry(config);
      const restored = restoreSnapshot(snapshot, fresh, intern);
      if (!restored.ok) return err(restored.error);
      registry = fresh;
      housekeeping.reset();
      return ok({ series: registry.byId.size });
    },
    beginCut() {
      const started = beginCut(registry);
      cut = started;
      registry.beforeChange = (entry) => started.touch(entry);
      return started;
    },
    endCut() {
      cut = undefined;
      registry.beforeChange = undefined;
    },
    beginRestore(header) {
      const fresh = new SeriesRegistry(config);
      const restorer = createRestorer(fresh, header, intern);
      if (!restorer.ok) return restorer;
      const r = restorer.value;
      return ok({
        addSeries: (s) => r.addSeries(s),
        get added() {
          return r.added;
        },
        finish() {
          finishRestore(fresh, header);
          registry = fresh;
          return { series: registry.byId.size };
        },
      });
    },
    withStartTime(startTimeMillis, run) {
      context.startTimeNanos = startTimeMillis * 1e6;
      try {
        return run();
      } finally {
        context.startTimeNanos = config.startTimeMillis * 1e6;
      }
    },
  };
}
