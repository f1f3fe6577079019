/**
 * A small instrumented application for the optimization scenarios: a model whose results are
 * kept in an LRU cache of adjustable size. Each `tick` serves a batch of requests (keys drawn
 * from a seeded, skewed distribution), times them (a hit costs 2 ms, a miss 20 ms, with
 * jitter), and records what an application instrumented with `@heterodyne/sdk` exports per
 * interval: `heterodyne.cache.requests` by result, `heterodyne.operation.duration` and
 * `heterodyne.accuracy.achieved` (delta histograms), `heterodyne.process.memory.usage`.
 * Nothing is scripted: the hit rate, latency and accuracy follow from the cache's behaviour.
 */
import {
  ATTR_CACHE_NAME,
  ATTR_CACHE_RESULT,
  ATTR_MEMORY_TYPE,
  ATTR_OPERATION_NAME,
  METRIC_ACCURACY_ACHIEVED,
  METRIC_CACHE_REQUESTS,
  METRIC_MEMORY_USAGE,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { AggregationTemporality } from '../../../src/otlp/model.js';
import type { SeriesStore } from '../../../src/series/series-store.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/** Options of {@link InstrumentedApp}. */
export interface AppOptions {
  series: SeriesStore;
  now: () => number;
  /** Distinct keys requested. @default 40 */
  keys?: number;
  cacheSize: number;
  /** Requests per tick. @default 100 */
  requestsPerTick?: number;
  /** Operations the requests are spread over (round robin). @default ['correlation_model'] */
  operations?: string[];
  seed?: number;
}

/** The application (see the module comment). */
export class InstrumentedApp {
  cacheSize: number;
  /** Coarse keys: more hits, but results computed for a neighbouring key (less accurate). */
  coarseKeys = false;
  private readonly _lru = new Map<number, number>();
  private readonly _rand: () => number;
  private readonly _o: AppOptions;
  private readonly _prefix;

  constructor(options: AppOptions) {
    this._o = options;
    this.cacheSize = options.cacheSize;
    this._rand = seededRandom(options.seed ?? 7);
    this._prefix = options.series.prefix(
      { 'service.name': 'xpcs-fit', 'service.version': '1.0.0' },
      { name: '@heterodyne/sdk', version: '' },
    );
  }

  private _lookup(key: number): boolean {
    const k = this.coarseKeys ? key - (key % 4) : key;
    if (this._lru.has(k)) {
      const v = this._lru.get(k)!;
      this._lru.delete(k);
      this._lru.set(k, v);
      return true;
    }
    this._lru.set(k, k);
    while (this._lru.size > this.cacheSize) this._lru.delete(this._lru.keys().next().value!);
    return false;
  }

  /** Serves one interval of requests and exports its measurements at `now()`. */
  tick(
    requests = this._o.requestsPerTick ?? 100,
    forceHits?: (i: number) => boolean,
  ): { hits: number; misses: number } {
    const ops = this._o.operations ?? ['correlation_model'];
    const per = new Map(ops.map((op) => [op, { count: 0, sum: 0, accuracy: 0 }]));
    let hits = 0;
    for (let i = 0; i < requests; i++) {
      const key = Math.floor((this._o.keys ?? 40) * this._rand() ** 2);
      const hit = forceHits ? forceHits(i) : this._lookup(key);
      if (hit) hits++;
      const op = per.get(ops[i % ops.length]!)!;
      op.count++;
      op.sum += (hit ? 0.002 : 0.02) * (0.9 + 0.2 * this._rand());
      op.accuracy += this.coarseKeys && key % 4 !== 0 ? 0.97 : 0.999;
    }
    const t = this._o.now();
    const point = (attributes: Record<string, string>) => ({
      attributes,
      startTimeUnixNano: 0,
      timeUnixNano: t * 1e6,
      flags: 0,
    });
    const s = this._o.series;
    const counter = s.metric(this._prefix, METRIC_CACHE_REQUESTS, 'counter', '{request}');
    for (const [result, n] of [
      ['hit', hits],
      ['miss', requests - hits],
    ] as const) {
      s.writeNumber(
        counter,
        AggregationTemporality.DELTA,
        {
          ...point({ [ATTR_CACHE_NAME]: 'correlation', [ATTR_CACHE_RESULT]: result }),
          value: n,
          isInt: true,
        },
        t,
      );
    }
    const hist = (
      name: string,
      unit: string,
      attrs: Record<string, string>,
      count: number,
      sum: number,
    ) =>
      s.writeHistogram(
        s.metric(this._prefix, name, 'histogram', unit),
        AggregationTemporality.DELTA,
        {
          ...point(attrs),
          count,
          sum,
          bucketCounts: [],
          explicitBounds: [],
          min: undefined,
          max: undefined,
        },
        t,
      );
    for (const [op, m] of per) {
      if (m.count === 0) continue;
      hist(METRIC_OPERATION_DURATION, 's', { [ATTR_OPERATION_NAME]: op }, m.count, m.sum);
      hist(METRIC_ACCURACY_ACHIEVED, '1', { [ATTR_OPERATION_NAME]: op }, m.count, m.accuracy);
    }
    s.writeNumber(
      s.metric(this._prefix, METRIC_MEMORY_USAGE, 'gauge', 'By'),
      0,
      {
        ...point({ [ATTR_MEMORY_TYPE]: 'heap_used' }),
        value: 200e6 * (1 + 0.01 * (this._rand() - 0.5)),
        isInt: false,
      },
      t,
    );
    return { hits, misses: requests - hits };
  }
}
