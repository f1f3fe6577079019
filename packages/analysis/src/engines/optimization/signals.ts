/**
 * The measured signals the built-in templates judge, read from the series view over one
 * window `(from, at]`: cache lookups by result, operation and compilation time, memory
 * levels, accuracy and non-finite values, each grouped by what it is about (cache name,
 * operation name, memory type) and, for operation time, by `service.version`.
 */
import {
  ATTR_CACHE_NAME,
  ATTR_CACHE_RESULT,
  ATTR_ERROR_TYPE,
  ATTR_MEMORY_TYPE,
  ATTR_OPERATION_NAME,
  METRIC_ACCURACY_ACHIEVED,
  METRIC_CACHE_REQUESTS,
  METRIC_COMPILATION_DURATION,
  METRIC_MEMORY_USAGE,
  METRIC_NON_FINITE_VALUES,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import type { SeriesView, ViewSeries } from '../series-view.js';

/** `service.version`, the OTel resource attribute of a deployed version. */
export const ATTR_SERVICE_VERSION = 'service.version';

/** Observations of a distribution over the window: one entry per exported interval. */
export interface Observations {
  /** Observations (histogram counts; samples for gauges). */
  count: number;
  /** Their sum. */
  sum: number;
  /** Mean of each interval with observations, oldest first. */
  intervalMeans: number[];
  /** Sum of each of those intervals. */
  intervalSums: number[];
  /** Time of each of those intervals, ms. */
  intervalTimes: number[];
}

/** Cache lookups of one cache. */
export interface CacheSignal {
  hits: number;
  misses: number;
}

/** A level sampled over time (a gauge). */
export interface LevelSignal {
  times: number[];
  values: number[];
}

/** The signals of one window. */
export interface WorkloadSignals {
  /** By cache name. */
  caches: Map<string, CacheSignal>;
  /** Operation time by operation name. */
  operations: Map<string, Observations>;
  /** Operation time by operation name, then `service.version` (only versioned series). */
  operationsByVersion: Map<string, Map<string, Observations>>;
  /** Compilation time by operation name (each observation one compilation). */
  compilation: Map<string, Observations>;
  /** Memory by memory type. */
  memory: Map<string, LevelSignal>;
  /** Accuracy by operation name. */
  accuracy: Map<string, Observations>;
  /** Non-finite values by operation name. */
  nonFinite: Map<string, number>;
  /** Calls that ended with an error (`error.type` set), by operation name. */
  errors: Map<string, number>;
}

/** Observations with nothing observed yet. */
export function emptyObservations(): Observations {
  return { count: 0, sum: 0, intervalMeans: [], intervalSums: [], intervalTimes: [] };
}

function nameOf(series: ViewSeries, attribute: string, fallback = '(unnamed)'): string {
  const v = series.attributes[attribute];
  return v === undefined || v === null ? fallback : String(v);
}

function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

/**
 * Adds the samples of a histogram, summary or gauge series to `into`: histogram samples
 * carry a delta sum and count, gauge samples one value each.
 */
export function addObservations(
  view: SeriesView,
  series: ViewSeries,
  fromMillis: number,
  atMillis: number,
  into: Observations,
): void {
  for (const s of view.samples(series.id, fromMillis, atMillis)) {
    const gauge = series.kind === 'gauge';
    const count = gauge ? 1 : (s.count ?? 0);
    if (!(count > 0) || !Number.isFinite(s.value)) continue;
    into.count += count;
    into.sum += s.value;
    into.intervalMeans.push(s.value / count);
    into.intervalSums.push(s.value);
    into.intervalTimes.push(s.timeMillis);
  }
}

/** Orders the intervals by time. */
export function sortObservations(o: Observations): void {
  const order = o.intervalTimes
    .map((_, i) => i)
    .sort((a, b) => o.intervalTimes[a]! - o.intervalTimes[b]!);
  o.intervalMeans = order.map((i) => o.intervalMeans[i]!);
  o.intervalSums = order.map((i) => o.intervalSums[i]!);
  o.intervalTimes = order.map((i) => o.intervalTimes[i]!);
}

function counterSum(view: SeriesView, series: ViewSeries, from: number, at: number): number {
  let sum = 0;
  for (const s of view.samples(series.id, from, at)) if (Number.isFinite(s.value)) sum += s.value;
  return sum;
}

const DISTRIBUTION_KINDS = ['histogram', 'exponential_histogram', 'summary', 'gauge'] as const;

/** Reads every signal of the window `(fromMillis, atMillis]`. */
export function readSignals(
  view: SeriesView,
  fromMillis: number,
  atMillis: number,
): WorkloadSignals {
  const out: WorkloadSignals = {
    caches: new Map(),
    operations: new Map(),
    operationsByVersion: new Map(),
    compilation: new Map(),
    memory: new Map(),
    accuracy: new Map(),
    nonFinite: new Map(),
    errors: new Map(),
  };
  for (const s of view.select({ metric: METRIC_CACHE_REQUESTS, kind: 'counter' })) {
    const cache = entry(out.caches, nameOf(s, ATTR_CACHE_NAME), () => ({ hits: 0, misses: 0 }));
    const n = counterSum(view, s, fromMillis, atMillis);
    if (s.attributes[ATTR_CACHE_RESULT] === 'hit') cache.hits += n;
    else if (s.attributes[ATTR_CACHE_RESULT] === 'miss') cache.misses += n;
  }
  for (const s of view.select({ metric: METRIC_OPERATION_DURATION, kind: DISTRIBUTION_KINDS })) {
    const op = nameOf(s, ATTR_OPERATION_NAME);
    const calls = entry(out.operations, op, emptyObservations);
    const before = calls.count;
    addObservations(view, s, fromMillis, atMillis, calls);
    if (s.attributes[ATTR_ERROR_TYPE] !== undefined) {
      out.errors.set(op, (out.errors.get(op) ?? 0) + calls.count - before);
    }
    const version = s.resource[ATTR_SERVICE_VERSION];
    if (version !== undefined && version !== null) {
      const byVersion = entry(out.operationsByVersion, op, () => new Map<string, Observations>());
      addObservations(
        view,
        s,
        fromMillis,
        atMillis,
        entry(byVersion, String(version), emptyObservations),
      );
    }
  }
  for (const s of view.select({ metric: METRIC_COMPILATION_DURATION, kind: DISTRIBUTION_KINDS })) {
    const into = entry(out.compilation, nameOf(s, ATTR_OPERATION_NAME), emptyObservations);
    addObservations(view, s, fromMillis, atMillis, into);
  }
  for (const s of view.select({ metric: METRIC_ACCURACY_ACHIEVED, kind: DISTRIBUTION_KINDS })) {
    const into = entry(out.accuracy, nameOf(s, ATTR_OPERATION_NAME), emptyObservations);
    addObservations(view, s, fromMillis, atMillis, into);
  }
  for (const s of view.select({ metric: METRIC_NON_FINITE_VALUES, kind: 'counter' })) {
    const op = nameOf(s, ATTR_OPERATION_NAME);
    out.nonFinite.set(op, (out.nonFinite.get(op) ?? 0) + counterSum(view, s, fromMillis, atMillis));
  }
  for (const s of view.select({ metric: METRIC_MEMORY_USAGE, kind: 'gauge' })) {
    const level = entry(out.memory, nameOf(s, ATTR_MEMORY_TYPE, 'total'), () => ({
      times: [],
      values: [],
    }));
    for (const p of view.samples(s.id, fromMillis, atMillis)) {
      if (!Number.isFinite(p.value)) continue;
      level.times.push(p.timeMillis);
      level.values.push(p.value);
    }
  }
  for (const o of out.operations.values()) sortObservations(o);
  for (const m of out.operationsByVersion.values()) for (const o of m.values()) sortObservations(o);
  for (const o of out.accuracy.values()) sortObservations(o);
  for (const o of out.compilation.values()) sortObservations(o);
  return out;
}
