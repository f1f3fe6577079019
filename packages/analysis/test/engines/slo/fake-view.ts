/**
 * A series view over series the test writes directly: running totals (and explicit buckets)
 * per series and gauge samples, as the series store would report them.
 */
import type { Attributes } from '../../../src/otlp/model.js';
import type { SeriesView, ViewSeries } from '../../../src/engines/series-view.js';
import { matchesAttributes } from '../../../src/series/selector.js';
import type { Sample, SeriesKind, SeriesTotals } from '../../../src/series/types.js';

interface FakeSeries extends ViewSeries {
  totals: { count: number; sum: number; buckets?: { bounds: number[]; counts: number[] } };
  samples: Sample[];
}

/** The view and its writers. */
export interface FakeView {
  view: SeriesView;
  /** Adds a series; returns its id. */
  series(metric: string, kind: SeriesKind, attributes?: Attributes, resource?: Attributes): number;
  /** Adds to running totals. */
  add(id: number, delta: { count?: number; sum?: number; buckets?: number[] }): void;
  /** Sets the running totals (e.g. after a reset). */
  set(id: number, totals: { count: number; sum: number }): void;
  /** Sets explicit bounds (buckets start at 0). */
  bounds(id: number, bounds: number[]): void;
  /** Appends a gauge sample. */
  sample(id: number, timeMillis: number, value: number): void;
  /** Removes a series (evicted). */
  remove(id: number): void;
}

/** Creates an empty fake view. */
export function createFakeView(): FakeView {
  const all = new Map<number, FakeSeries>();
  let next = 1;
  const get = (id: number): FakeSeries => {
    const s = all.get(id);
    if (!s) throw new Error(`no series ${id}`);
    return s;
  };
  const view: SeriesView = {
    select(selector) {
      const out: ViewSeries[] = [];
      for (const s of all.values()) {
        if (selector.metric !== undefined && s.metric !== selector.metric) continue;
        if (selector.kind !== undefined) {
          const kinds = typeof selector.kind === 'string' ? [selector.kind] : selector.kind;
          if (!kinds.includes(s.kind)) continue;
        }
        if (selector.attributes && !matchesAttributes(s.attributes, selector.attributes)) continue;
        out.push(s);
      }
      return out;
    },
    totals(id) {
      const s = all.get(id);
      if (!s || s.kind === 'gauge') return undefined;
      const t = s.totals;
      return {
        count: t.count,
        sum: t.sum,
        ...(t.buckets
          ? { buckets: { bounds: t.buckets.bounds, counts: [...t.buckets.counts] } }
          : {}),
      } as SeriesTotals;
    },
    samples(id, from, at) {
      return get(id).samples.filter((s) => s.timeMillis > from && s.timeMillis <= at);
    },
  };
  return {
    view,
    series(metric, kind, attributes = {}, resource = { 'service.name': 'fit' }) {
      const id = next++;
      all.set(id, {
        id,
        metric,
        kind,
        unit: '',
        resource,
        attributes,
        stale: false,
        totals: { count: 0, sum: 0 },
        samples: [],
      });
      return id;
    },
    add(id, delta) {
      const t = get(id).totals;
      t.count += delta.count ?? 0;
      t.sum += delta.sum ?? 0;
      if (delta.buckets && t.buckets) {
        delta.buckets.forEach((c, i) => {
          (t.buckets as { counts: number[] }).counts[i] =
            ((t.buckets as { counts: number[] }).counts[i] ?? 0) + c;
        });
      }
    },
    set(id, totals) {
      const s = get(id);
      s.totals = { ...s.totals, ...totals };
    },
    bounds(id, bounds) {
      get(id).totals.buckets = { bounds, counts: new Array<number>(bounds.length + 1).fill(0) };
    },
    sample(id, timeMillis, value) {
      get(id).samples.push({ timeMillis, value });
    },
    remove(id) {
      all.delete(id);
    },
  };
}
