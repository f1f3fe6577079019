import { AggregationTemporality } from '../otlp/model.js';
import type {
  Attributes,
  HistogramDataPoint,
  InstrumentationScope,
  Metric,
  MetricData,
  NumberDataPoint,
  Resource,
  ResourceMetrics,
  SummaryDataPoint,
} from '../otlp/model.js';
import type { SeriesStore } from '../series/series-store.js';
import type { SeriesInfo, SeriesTotals } from '../series/types.js';

/** Options of {@link createPassThrough}. */
export interface PassThroughOptions {
  /** Start time of the running totals (the service start), ms since the epoch. */
  startTimeMillis: number;
}

/** The received metrics, re-expressed as cumulative OTLP for the Prometheus scrape. */
export interface PassThrough {
  /** One `ResourceMetrics` per resource and scope, from the store's current content. */
  collect(): ResourceMetrics[];
  /**
   * Count, sum and bucket totals of a counter or histogram-kind series since the start
   * (see {@link createPassThrough}); undefined for other kinds and unknown ids.
   */
  totalsSinceStart(id: number): SeriesTotals | undefined;
  /** Forgets the start baselines of series no longer in `alive` (evicted ones). */
  forgetEvicted(alive: ReadonlySet<number>): void;
  /** Series that still hold a start baseline (restored from a checkpoint). */
  readonly baselineCount: number;
}

const ACCUMULATED = new Set(['counter', 'histogram', 'exponential_histogram', 'summary']);
const QUANTILE = 'quantile';

/**
 * Pass-through of the received metrics from the series store's latest values and running
 * totals:
 *
 * - gauges: the last sample; up-down counters: the last level (a non-monotonic sum);
 * - counters: the increase since start, from the store's exact per-series totals (a
 *   monotonic cumulative sum; a restart of the service reads as a counter reset, which
 *   Prometheus' `rate()` handles);
 * - histograms and exponential histograms: a cumulative histogram with the count, sum and
 *   bucket counts since start, from the store's exact running bucket totals (exponential
 *   ones as explicit buckets with bounds from their scale, see `bucket-totals.ts`);
 * - summaries: count and sum since start, with the quantiles the producer sent (stored as
 *   gauge series with a `quantile` attribute) folded back in.
 *
 * Create it after the store is restored from its checkpoint: the totals restored series
 * already hold happened before this start and are subtracted, so they are not counted again.
 */
export function createPassThrough(series: SeriesStore, options: PassThroughOptions): PassThrough {
  const startNanos = options.startTimeMillis * 1e6;
  // Totals of the series present at start; series created later count from zero.
  const baselines = new Map<number, SeriesTotals>();
  for (const info of series.listSeries()) {
    if (!ACCUMULATED.has(info.kind)) continue;
    const totals = series.seriesTotals(info.id);
    if (totals !== undefined && (totals.count !== 0 || totals.sum !== 0)) {
      baselines.set(info.id, totals);
    }
  }

  /** Totals since start; undefined for kinds without running totals. */
  const sinceStart = (id: number): SeriesTotals | undefined => {
    const totals = series.seriesTotals(id);
    const baseline = baselines.get(id);
    if (totals === undefined || baseline === undefined) return totals;
    return subtractBaseline(totals, baseline, () => baselines.delete(id));
  };

  const forgetEvicted = (alive: ReadonlySet<number>): void => {
    // Evicted series never come back under the same id: forget their baselines.
    for (const id of baselines.keys()) if (!alive.has(id)) baselines.delete(id);
  };

  const collect = (): ResourceMetrics[] => {
    const all = series.listSeries();
    if (baselines.size > 0) {
      const alive = new Set<number>();
      for (const info of all) alive.add(info.id);
      forgetEvicted(alive);
    }
    const groups = new Map<Attributes, Map<string, ScopeGroup>>();
    // Summary quantiles arrive as gauge series `quantile="0.99"`; index them by the summary
    // stream they belong to so they can be folded back into its point.
    const summaryQuantiles = new Map<string, { quantile: number; value: number }[]>();
    const summaryMetrics = new Set<string>();
    for (const info of all) if (info.kind === 'summary') summaryMetrics.add(metricKey(info));
    const isQuantileSeries = (info: SeriesInfo): boolean =>
      info.kind === 'gauge' &&
      info.attributes[QUANTILE] !== undefined &&
      summaryMetrics.has(metricKey(info));
    for (const info of all) {
      if (info.lastSampleMillis === undefined || !isQuantileSeries(info)) continue;
      const q = Number(info.attributes[QUANTILE]);
      const last = lastValue(series, info.id);
      const key = `${metricKey(info)}|${attributesKey(withoutQuantile(info.attributes))}`;
      const list = summaryQuantiles.get(key) ?? [];
      if (last !== undefined && Number.isFinite(q)) list.push({ quantile: q, value: last });
      summaryQuantiles.set(key, list);
    }
    for (const info of all) {
      if (info.lastSampleMillis === undefined || isQuantileSeries(info)) continue;
      let scopes = groups.get(info.resource);
      if (!scopes) {
        scopes = new Map();
        groups.set(info.resource, scopes);
      }
      const scopeKey = `${info.scope.name}\u0000${info.scope.version}`;
      let group = scopes.get(scopeKey);
      if (!group) {
        group = { scope: info.scope, metrics: new Map() };
        scopes.set(scopeKey, group);
      }
      const data = pointOf(info);
      if (data === undefined) continue;
      let metric = group.metrics.get(info.metric);
      if (!metric) {
        metric = { name: info.metric, description: '', unit: info.unit, data: data.empty };
        group.metrics.set(info.metric, metric);
      }
      if (metric.data.type === data.empty.type && metric.data.type !== 'empty') {
        (metric.data.points as unknown[]).push(data.point);
      }
    }
    return [...groups].map(([resource, scopes]) => ({
      resource: { attributes: resource, droppedAttributesCount: 0 } satisfies Resource,
      schemaUrl: '',
      scopeMetrics: [...scopes.values()].map((g) => ({
        scope: {
          ...g.scope,
          attributes: {},
          droppedAttributesCount: 0,
        } satisfies InstrumentationScope,
        schemaUrl: '',
        metrics: [...g.metrics.values()],
      })),
    }));

    function pointOf(info: SeriesInfo): { empty: MetricData; point: unknown } | undefined {
      const time = (info.lastSampleMillis ?? 0) * 1e6;
      const base = {
        attributes: info.attributes,
        startTimeUnixNano: startNanos,
        timeUnixNano: time,
        flags: 0,
      };
      const t = ACCUMULATED.has(info.kind) ? sinceStart(info.id) : undefined;
      switch (info.kind) {
        case 'gauge': {
          const value = lastValue(series, info.id);
          if (value === undefined) return undefined;
          const point: NumberDataPoint = { ...base, startTimeUnixNano: 0, value, isInt: false };
          return { empty: { type: 'gauge', points: [] }, point };
        }
        case 'updowncounter':
        case 'counter': {
          const value = info.kind === 'counter' ? (t?.sum ?? 0) : lastValue(series, info.id);
          if (value === undefined) return undefined;
          const point: NumberDataPoint = { ...base, value, isInt: false };
          const empty: MetricData = {
            type: 'sum',
            points: [],
            temporality: AggregationTemporality.CUMULATIVE,
            isMonotonic: info.kind === 'counter',
          };
          return { empty, point };
        }
        case 'histogram':
        case 'exponential_histogram': {
          const point: HistogramDataPoint = {
            ...base,
            count: t?.count ?? 0,
            sum: t?.sum,
            bucketCounts: t?.buckets ? [...t.buckets.counts] : [],
            explicitBounds: t?.buckets ? [...t.buckets.bounds] : [],
            min: undefined,
            max: undefined,
          };
          const empty: MetricData = {
            type: 'histogram',
            points: [],
            temporality: AggregationTemporality.CUMULATIVE,
          };
          return { empty, point };
        }
        default: {
          const key = `${metricKey(info)}|${attributesKey(info.attributes)}`;
          const quantileValues = (summaryQuantiles.get(key) ?? []).sort(
            (a, b) => a.quantile - b.quantile,
          );
          const point: SummaryDataPoint = {
            ...base,
            count: t?.count ?? 0,
            sum: t?.sum ?? 0,
            quantileValues,
          };
          return { empty: { type: 'summary', points: [] }, point };
        }
      }
    }
  };

  return {
    collect,
    totalsSinceStart: sinceStart,
    forgetEvicted,
    get baselineCount() {
      return baselines.size;
    },
  };
}

/**
 * `totals - baseline`, bucket-wise when both hold the same bounds. When the bounds changed
 * since the start the baseline no longer lines up: it is dropped (`drop()`) and the totals
 * are returned whole, which reads as a counter reset.
 */
export function subtractBaseline(
  totals: SeriesTotals,
  baseline: SeriesTotals,
  drop: () => void,
): SeriesTotals {
  const out: SeriesTotals = {
    count: totals.count - baseline.count,
    sum: totals.sum - baseline.sum,
  };
  const now = totals.buckets;
  const then = baseline.buckets;
  if (now === undefined) return out;
  if (then === undefined) {
    out.buckets = now;
    return out;
  }
  if (!sameNumbers(now.bounds, then.bounds) || then.counts.length !== now.counts.length) {
    drop();
    return totals;
  }
  out.buckets = {
    bounds: now.bounds,
    counts: now.counts.map((c, k) => c - (then.counts[k] as number)),
  };
  return out;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface ScopeGroup {
  scope: { name: string; version: string };
  metrics: Map<string, Metric>;
}

function lastValue(series: SeriesStore, id: number): number | undefined {
  return series.recentSamples(id, 1)?.[0]?.value;
}

const resourceIds = new WeakMap<object, number>();
let nextResourceId = 0;

/** Identity of a metric within one resource and scope (resources are interned by the store). */
function metricKey(info: SeriesInfo): string {
  let rid = resourceIds.get(info.resource);
  if (rid === undefined) {
    rid = nextResourceId++;
    resourceIds.set(info.resource, rid);
  }
  return `${rid}|${info.scope.name}|${info.scope.version}|${info.metric}`;
}

function withoutQuantile(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attributes)) if (k !== QUANTILE) out[k] = v;
  return out;
}

function attributesKey(attributes: Attributes): string {
  return JSON.stringify(
    Object.keys(attributes)
      .sort()
      .map((k) => [k, attributes[k]]),
  );
}
