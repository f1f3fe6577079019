/**
 * The read-only view of the series store that engines query. Engines never see the writers
 * (`writeNumber`, `restore`, `evictStale` ...); they see series, exact running totals and
 * samples up to a time `at`, so an evaluation at `at` reads what was known at `at`.
 */
import type { Attributes } from '../otlp/model.js';
import type { SeriesStore } from '../series/series-store.js';
import type { Sample, SeriesKind, SeriesSelector, SeriesTotals } from '../series/types.js';

/** One series as engines see it. */
export interface ViewSeries {
  /** Series id, stable for the series' life. */
  id: number;
  /** Metric name. */
  metric: string;
  /** How the series is stored. */
  kind: SeriesKind;
  /** Unit, as sent by the producer. */
  unit: string;
  /** Resource attributes. */
  resource: Attributes;
  /** Point attributes. */
  attributes: Attributes;
  /** True once no point arrived for the staleness period. */
  stale: boolean;
}

/** Read-only access to the series store. */
export interface SeriesView {
  /** Series matching the selector (SeriesSelector from series/types.ts). */
  select(selector: SeriesSelector): readonly ViewSeries[];
  /**
   * Running totals (count, sum, and for explicit-bucket histograms `buckets` once the store
   * keeps them) of a counter / histogram / summary series; undefined otherwise.
   */
  totals(id: number): SeriesTotals | undefined;
  /** Samples of one series with time in (fromMillis, atMillis], oldest first. */
  samples(id: number, fromMillis: number, atMillis: number): readonly Sample[];
}

/** The part of the series store the view reads. */
export type SeriesViewSource = Pick<
  SeriesStore,
  'listSeries' | 'seriesTotals' | 'recentSamples' | 'config'
>;

/**
 * A read-only view over a series store. `samples` reads the series' ring buffer (the recent
 * window, `ringCapacity` samples); older samples are in the rollups only.
 */
export function createSeriesView(store: SeriesViewSource): SeriesView {
  return {
    select(selector) {
      return store.listSeries(selector).map((info) => ({
        id: info.id,
        metric: info.metric,
        kind: info.kind,
        unit: info.unit,
        resource: info.resource,
        attributes: info.attributes,
        stale: info.stale,
      }));
    },
    totals(id) {
      return store.seriesTotals(id);
    },
    samples(id, fromMillis, atMillis) {
      const recent = store.recentSamples(id, store.config.ringCapacity) ?? [];
      return recent.filter((s) => s.timeMillis > fromMillis && s.timeMillis <= atMillis);
    },
  };
}
