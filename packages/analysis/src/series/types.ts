import type { Attributes } from '../otlp/model.js';

/** The time source of the store and the pipeline: milliseconds since the epoch. */
export interface Clock {
  /** Current time in milliseconds since the epoch. */
  now(): number;
}

/**
 * How a series is stored:
 * - `gauge`: values as is.
 * - `counter`: a monotonic sum, stored as deltas (increments per point).
 * - `updowncounter`: a non-monotonic sum, stored as its level (deltas are accumulated).
 * - `histogram`, `exponential_histogram`: per-point deltas of count and sum, with the
 *   buckets fed into the time-bucketed sketches.
 * - `summary`: per-point deltas of count and sum; its quantiles are separate `gauge` series
 *   of the same metric with a `quantile` attribute.
 */
export type SeriesKind =
  'gauge' | 'counter' | 'updowncounter' | 'histogram' | 'exponential_histogram' | 'summary';

/** One rollup tier: fixed-length time slots, each with count/sum/min/max and a sketch. */
export interface RollupTierOptions {
  /** Length of one slot, in seconds (>= 1). */
  periodSeconds: number;
  /** Number of slots kept; the tier covers `periodSeconds * slots` seconds. */
  slots: number;
}

/** Options of {@link createSeriesStore}. */
export interface SeriesStoreOptions {
  /**
   * Time source for staleness, window queries and the `initialValue: 'auto'` rule.
   * @default Date.now
   */
  clock?: Clock;
  /**
   * Samples kept per series in its ring buffer (the recent window).
   * @default 60
   */
  ringCapacity?: number;
  /**
   * Rollup tiers, finest first: time-bucketed aggregates and sketches that answer windows
   * longer than the ring buffer. Periods must increase.
   * @default [{ periodSeconds: 300, slots: 12 }, { periodSeconds: 3600, slots: 24 }]
   */
  rollups?: RollupTierOptions[];
  /**
   * Relative accuracy of quantile sketches (see `log-sketch.ts`).
   * @default 0.01
   */
  relativeAccuracy?: number;
  /**
   * Most buckets per sketch (per rollup slot, and for merged query sketches); past it the
   * lowest buckets collapse. Bounds memory per series.
   * @default 64
   */
  maxSketchBuckets?: number;
  /**
   * Series kinds whose values (gauge-like kinds) or buckets (histogram kinds) feed sketches.
   * @default ['gauge', 'histogram', 'exponential_histogram']
   */
  sketchKinds?: SeriesKind[];
  /**
   * Most series per metric name (across all resources), overflow streams included: as in
   * the OpenTelemetry SDK, the last one is kept for the overflow stream
   * `otel.metric.overflow=true` of a resource and scope, which takes the points of streams
   * past the limit. When no room is left for a further overflow stream (a second resource
   * overflowing the same metric), such points are dropped and counted.
   * @default 10000
   */
  cardinalityLimit?: number;
  /**
   * Most series in the whole store. A new series past it first evicts the longest-idle
   * series idle for at least `evictionMinIdleMillis`; without one it is refused (the point
   * is dropped and counted, reason `series_limit`). Existing series keep accepting points.
   * @default 250000
   */
  maxSeries?: number;
  /**
   * Most estimated bytes of the store in use (see `memory.ts`; record space allocated ahead
   * of use not counted, so a new slab chunk may pass it by one chunk); enforced like
   * `maxSeries` (reason `memory_limit`). The figure is kept as series are created, grow and
   * go, in constant time.
   * @default 1073741824 (1 GiB)
   */
  maxMemoryBytes?: number;
  /**
   * A series idle (no point arrived) for at least this long may be evicted to make room for
   * a new one when the store is full; the longest-idle goes first.
   * @default stalenessMillis
   */
  evictionMinIdleMillis?: number;
  /**
   * Longest metric name, scope name or version stored, in UTF-16 code units; longer ones
   * are refused (reason `too_long`).
   * @default 1024
   */
  maxNameLength?: number;
  /**
   * Longest attribute key stored (point and resource attributes, nested keys included).
   * @default 1024
   */
  maxAttributeKeyLength?: number;
  /**
   * Longest string attribute value stored (nested values included); the byte length of a
   * bytes value counts the same way.
   * @default 16384
   */
  maxAttributeValueLength?: number;
  /**
   * Most attributes of one point or resource (nested values count their items).
   * @default 128
   */
  maxAttributes?: number;
  /**
   * A series that received no point for this long (arrival time) is marked stale.
   * @default 300000 (5 minutes)
   */
  stalenessMillis?: number;
  /**
   * A stale series is evicted once its last point arrived longer ago than this.
   * @default 86400000 (24 hours)
   */
  retentionMillis?: number;
  /**
   * What the first cumulative point of a stream contributes (see `cumulative.ts`):
   * `auto` emits it as a delta only when its start time is at or after the store's start
   * (and after the stream's previous point), `keep` always, `drop` never.
   * @default 'auto'
   */
  initialValue?: 'auto' | 'keep' | 'drop';
  /**
   * The store's start time for `initialValue: 'auto'`, in milliseconds since the epoch.
   * @default clock.now() at creation
   */
  startTimeMillis?: number;
}

/** Attribute matchers: equality, or presence (`{ present: true }`) / absence. */
export type AttributeMatchers = Readonly<
  Record<string, string | number | boolean | { readonly present: boolean }>
>;

/** Which series a query covers. Every given field must match. */
export interface SeriesSelector {
  /** Metric name. */
  metric?: string;
  /** Series kind(s). */
  kind?: SeriesKind | readonly SeriesKind[];
  /** Point attribute matchers (strings compare with `String(value)` when types differ). */
  attributes?: AttributeMatchers;
  /** Resource attribute matchers. */
  resource?: AttributeMatchers;
  /** Instrumentation scope name. */
  scope?: string;
  /**
   * Whether stale series match.
   * @default true
   */
  includeStale?: boolean;
}

/** What the store knows about one series. */
export interface SeriesInfo {
  /** Compact numeric id, stable for the series' life (and across snapshot/restore). */
  id: number;
  /** Metric name. */
  metric: string;
  /** How the series is stored. */
  kind: SeriesKind;
  /** Unit, as sent by the producer. */
  unit: string;
  /** Resource attributes. */
  resource: Attributes;
  /** Instrumentation scope. */
  scope: { name: string; version: string };
  /** Point attributes (`{ 'otel.metric.overflow': true }` for an overflow stream). */
  attributes: Attributes;
  /** True for the overflow stream of its metric, resource and scope. */
  overflow: boolean;
  /** True once no point arrived for `stalenessMillis`, or after a no-recorded-value point. */
  stale: boolean;
  /** Samples held in the ring buffer. */
  samples: number;
  /** Points accepted into the series. */
  points: number;
  /** Arrival time of the first point, ms since the epoch. */
  firstSeenMillis: number;
  /** Arrival time of the last point, ms since the epoch. */
  lastSeenMillis: number;
  /** Time of the newest sample, ms since the epoch; undefined before the first sample. */
  lastSampleMillis: number | undefined;
}

/**
 * Exact running totals of a counter or a histogram-kind / summary series, kept by the store
 * on every write (ring overwrites and overflow-stream merges included) since the series was
 * created. A series restored from a snapshot carries its totals from the checkpoint.
 */
export interface SeriesTotals {
  /** Observations (histogram kinds and summaries); always 0 for counters. */
  count: number;
  /**
   * Counter: the total increase. Histogram kinds and summaries: the sum of the observed
   * sums (points without a sum add nothing).
   */
  sum: number;
  /**
   * Histogram kinds: running bucket totals since creation. `counts[k]` is the number of
   * observations in bucket `k`, `(bounds[k-1], bounds[k]]` (the first bucket is
   * `(-inf, bounds[0]]`, the last `(bounds[n-1], +inf)`), so `counts.length ===
   * bounds.length + 1` and the counts add up to `count`. They are per bucket, as in OTLP,
   * not summed across buckets: a Prometheus `le` value is the sum of `counts[0..k]`.
   * Exponential histograms give their buckets here with bounds from their scale (see
   * {@link SeriesTotals.exponential}). Absent for counters, summaries and histograms that
   * stored no point yet.
   */
  buckets?: { bounds: readonly number[]; counts: readonly number[] };
  /**
   * Exponential histograms: the running totals at their own scale (the smallest scale
   * seen, at most 160 buckets per side). Bucket `i` of a side covers `(base^i, base^(i+1)]`
   * (negated for the negative side) with `base = 2^(2^-scale)`.
   */
  exponential?: {
    scale: number;
    zeroCount: number;
    zeroThreshold: number;
    positive: { offset: number; counts: readonly number[] };
    negative: { offset: number; counts: readonly number[] };
  };
}

/**
 * One stored sample. `value` is the gauge value, the counter increment, the up-down counter
 * level, or for histogram kinds and summaries the delta sum (NaN when the producer sent no
 * sum), with `count` the delta count.
 */
export interface Sample {
  /** Sample time (the point's `time_unix_nano`), ms since the epoch. */
  timeMillis: number;
  /** See {@link Sample}. */
  value: number;
  /** Observations in the sample, for histogram kinds and summaries. */
  count?: number;
}

/**
 * Aggregates over the window `(now - windowSeconds, now]`.
 *
 * `count`/`sum`: for histogram kinds and summaries, observations and their sum; for other
 * kinds, samples and the sum of their values (for a counter, its increase). `rate` is the
 * increase per second for counters and observations per second for histogram kinds, NaN for
 * gauges and up-down counters.
 */
export interface WindowAggregate {
  /** See {@link WindowAggregate}. */
  count: number;
  /** See {@link WindowAggregate}. */
  sum: number;
  /** Smallest value (observation for histogram kinds); NaN when unknown. */
  min: number;
  /** Largest value; NaN when unknown. */
  max: number;
  /** The newest sample's value in the window (the newest series' when merged); NaN if none. */
  last: number;
  /** Time of that sample, ms since the epoch; NaN if none. */
  lastTimeMillis: number;
  /** See {@link WindowAggregate}. */
  rate: number;
  /** Series aggregated. */
  series: number;
  /** `ring` when every series answered from its raw samples, else `rollup`. */
  source: 'ring' | 'rollup';
  /**
   * Time resolution of the answer in seconds: 0 for raw samples; a rollup period when
   * slots overlapping the window were used whole.
   */
  resolutionSeconds: number;
}

/** One rollup slot of a series. */
export interface RollupSample {
  /** Slot start, ms since the epoch. */
  startMillis: number;
  /** Slot length, seconds. */
  periodSeconds: number;
  /** See {@link WindowAggregate.count}. */
  count: number;
  /** See {@link WindowAggregate.sum}. */
  sum: number;
  /** Smallest value in the slot; NaN when unknown (counters). */
  min: number;
  /** Largest value in the slot; NaN when unknown (counters). */
  max: number;
}

/** Per-metric store statistics. */
export interface MetricStats {
  /** Series of the metric, overflow streams included. */
  series: number;
  /** Points routed to an overflow stream since start. */
  overflowPoints: number;
}

/** Store-wide statistics. */
export interface SeriesStoreStats {
  /** Series held. */
  series: number;
  /** Series not stale. */
  activeSeries: number;
  /** Series marked stale, awaiting eviction. */
  staleSeries: number;
  /**
   * Estimated bytes held by the whole store (see `memory.ts`), including
   * {@link preallocatedBytes}: not a per-series figure.
   */
  memoryBytes: number;
  /**
   * The part of {@link memoryBytes} that is record space allocated ahead of use. Per-series
   * memory is about `(memoryBytes - preallocatedBytes) / series`.
   */
  preallocatedBytes: number;
  /** Series evicted since start (stale past retention, or idle to make room). */
  evictedSeries: number;
  /** Series evicted to make room for new ones under `maxSeries`/`maxMemoryBytes`. */
  evictedForRoom: number;
  /** New series refused since start, by reason (see {@link RefusalReason}). */
  refusedSeries: Record<RefusalReason, number>;
  /** Most series (`maxSeries`). */
  maxSeries: number;
  /** Most estimated bytes (`maxMemoryBytes`). */
  maxMemoryBytes: number;
  /** By metric name. */
  byMetric: Record<string, MetricStats>;
}

/**
 * Why the store refused a new series:
 * - `series_limit`: the store holds `maxSeries` series and none was idle long enough to evict;
 * - `memory_limit`: likewise for `maxMemoryBytes`;
 * - `too_long`: a name, attribute key or value past its length limit, or too many attributes.
 */
export type RefusalReason = 'series_limit' | 'memory_limit' | 'too_long';

/** What {@link SeriesStore.evictStale} did. */
export interface EvictionResult {
  /** Series newly marked stale. */
  markedStale: number;
  /** Series removed. */
  evicted: number;
}

/** An interned resource + scope, from {@link SeriesStore.prefix}; opaque. */
export interface StreamPrefixRef {
  /** Resource attributes. */
  readonly resource: Attributes;
  /** Instrumentation scope. */
  readonly scope: { readonly name: string; readonly version: string };
}

/** A metric name and kind under a prefix, from {@link SeriesStore.metric}; opaque. */
export interface MetricRef {
  readonly name: string;
  readonly kind: SeriesKind;
}
