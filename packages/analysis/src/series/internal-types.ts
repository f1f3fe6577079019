/** Internal structures of the series store; not exported from the package. */
import type { Attributes } from '../otlp/model.js';
import type { BucketTotals } from './bucket-totals.js';
import { arenaBytes, bucketsBytes, referenceBytes } from './memory.js';
import type { SeriesLayout } from './record-layout.js';
import type { StreamBucket } from './stream-buckets.js';
import type { SeriesKind } from './types.js';

/** One resource + scope, interned by the store and shared by its series. */
export interface StreamPrefix {
  /** `prefixHash(attributesHash(resource), scope.name, scope.version)`. */
  readonly hash: number;
  readonly resource: Attributes;
  readonly scope: { readonly name: string; readonly version: string };
  /** Handles by metric name, indexed by kind code. */
  readonly handles: Map<string, (MetricHandle | undefined)[]>;
  /** Its canonical key when it is kept by exact key (a flooded hash bucket). */
  readonly exactKey?: string | undefined;
}

/** What series of one store grew after creation (sketch arenas, histogram references). */
export interface GrowthTally {
  grownBytes: number;
}

/** Everything about one metric name across resources. */
export interface MetricFamily {
  readonly name: string;
  /** Streams counted against the cardinality limit, overflow streams included. */
  streams: number;
  /** Series of the metric marked stale. */
  staleSeries: number;
  /** The store-wide tally shared by every family of one store. */
  readonly tally: GrowthTally;
  /** All series of the metric, overflow streams included. */
  readonly series: Set<SeriesEntry>;
  /** Points routed to an overflow stream. */
  overflowPoints: number;
}

/** One metric name and kind under one prefix: where its streams are looked up. */
export interface MetricHandle {
  readonly prefix: StreamPrefix;
  readonly family: MetricFamily;
  readonly name: string;
  readonly kind: SeriesKind;
  readonly layout: SeriesLayout;
  /** Unit of the first point seen. */
  unit: string;
  /** Streams by `attributesHash` of their point attributes (see `stream-buckets.ts`). */
  readonly streams: Map<number, StreamBucket>;
  /** Streams in `streams`. */
  streamCount: number;
  /** The overflow stream, created when the family first overflows. */
  overflow: SeriesEntry | undefined;
  /**
   * A write result refusing every new stream of this handle (a metric name, resource or
   * scope longer than the store's limits), or 0.
   */
  readonly refusal: number;
}

/** Reference state of a cumulative explicit-bounds histogram. */
export interface HistogramReference {
  /** Bounds of the reference point (interned: shared between series). */
  bounds: readonly number[];
  /** Cumulative bucket counts of the reference point. */
  counts: number[];
}

/** One side (positive or negative) of an exponential histogram. */
export interface ExponentialSide {
  offset: number;
  counts: readonly number[];
}

/** Reference state of a cumulative exponential histogram. */
export interface ExponentialReference {
  scale: number;
  zeroCount: number;
  positive: ExponentialSide;
  negative: ExponentialSide;
}

/** One stored series. Numeric state is in its slab record (see `record-layout.ts`). */
export class SeriesEntry {
  /** The slab chunk holding the record. */
  buf: Float64Array;
  /** First index of the record in `buf`. */
  base: number;
  private _arena: Int32Array | undefined = undefined;
  private _reference: HistogramReference | ExponentialReference | undefined = undefined;
  private _stale = false;
  private _buckets: BucketTotals | undefined = undefined;
  private _bucketsBytes = 0;

  constructor(
    readonly id: number,
    readonly handle: MetricHandle,
    readonly attributes: Attributes,
    /** `attributesHash(attributes)`. */
    readonly hash: number,
    readonly slabHandle: number,
    readonly overflow: boolean,
  ) {
    const { buf, base } = handle.layout.slab.locate(slabHandle);
    this.buf = buf;
    this.base = base;
  }

  /** Time-bucketed sketches, allocated on the first sketched value. */
  get arena(): Int32Array | undefined {
    return this._arena;
  }

  set arena(value: Int32Array | undefined) {
    if (value === this._arena) return;
    this.handle.family.tally.grownBytes += arenaBytes(value) - arenaBytes(this._arena);
    this._arena = value;
  }

  /**
   * Cumulative bucket reference of histogram kinds. Replace it (rather than resize its
   * arrays in place) so that the store's memory count follows.
   */
  get reference(): HistogramReference | ExponentialReference | undefined {
    return this._reference;
  }

  set reference(value: HistogramReference | ExponentialReference | undefined) {
    this.handle.family.tally.grownBytes += referenceBytes(value) - referenceBytes(this._reference);
    this._reference = value;
  }

  /**
   * Running bucket totals of histogram kinds since creation (see `bucket-totals.ts`). The
   * writers assign the result of every update, even when it is the same object grown in
   * place, so that the store's memory count follows.
   */
  get buckets(): BucketTotals | undefined {
    return this._buckets;
  }

  set buckets(value: BucketTotals | undefined) {
    const bytes = bucketsBytes(value);
    this.handle.family.tally.grownBytes += bytes - this._bucketsBytes;
    this._bucketsBytes = bytes;
    this._buckets = value;
  }

  /** Marked stale by `evictStale` or a no-recorded-value point (counted per metric). */
  get stale(): boolean {
    return this._stale;
  }

  set stale(value: boolean) {
    if (value === this._stale) return;
    this._stale = value;
    this.handle.family.staleSeries += value ? 1 : -1;
  }
}
