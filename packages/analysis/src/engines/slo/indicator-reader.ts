/**
 * Reads an SLO's event indicator (ratio or histogram threshold) from the series view: per
 * group, the good and total events since the previous read. Gauge indicators are read in
 * time slices by `gauge-slices.ts`.
 */
import type { SeriesTotals } from '../../series/types.js';
import type { SeriesView, ViewSeries } from '../series-view.js';
import { groupOf, seriesFingerprint } from './group-key.js';
import type { SloGroup } from './group-key.js';
import { countAtOrBelow } from './histogram-threshold.js';
import type { BucketCounts } from './histogram-threshold.js';
import { RunningTotals } from './running-totals.js';
import type { RunningTotalsState, TotalsEntry } from './running-totals.js';
import type { MetricQuantity, SloIndicator } from './types.js';

/** Good and total events of one group since the previous read. */
export interface GroupDelta {
  group: SloGroup;
  good: number;
  total: number;
  /** Bad events counted directly (ratio indicators with `bad`). */
  bad: number;
  /** Some good count was interpolated inside a histogram bucket. */
  approximate: boolean;
  /** Series that contributed. */
  series: number;
}

type EventIndicator = Exclude<SloIndicator, { kind: 'gauge' }>;

/** Running totals with the explicit buckets the series store may keep. */
type TotalsWithBuckets = SeriesTotals & { buckets?: BucketCounts };

const ROLES = ['total', 'good', 'bad'] as const;
type Role = (typeof ROLES)[number];

/** Reads one event indicator; keeps the last totals of its series between reads. */
export class IndicatorReader {
  private readonly _totals: Record<Role, RunningTotals> = {
    total: new RunningTotals(),
    good: new RunningTotals(),
    bad: new RunningTotals(),
  };
  private readonly _groups = new Map<number, SloGroup>();
  private readonly _scratch: TotalsEntry = { a: 0, b: 0 };
  /** Histogram series matched without explicit buckets (the threshold cannot be applied). */
  seriesWithoutBuckets = 0;

  constructor(
    private readonly _indicator: EventIndicator,
    private readonly _groupBy: readonly string[],
  ) {}

  /** Reads the increases since the previous read, by group key. */
  read(view: SeriesView): Map<string, GroupDelta> {
    const out = new Map<string, GroupDelta>();
    const live = new Set<number>();
    const ind = this._indicator;
    if (ind.kind === 'threshold') {
      this.seriesWithoutBuckets = 0;
      const selected = view.select({
        metric: ind.metric,
        // Exponential histograms report their buckets with bounds from their scale.
        kind: ['histogram', 'exponential_histogram'],
        ...(ind.where ? { attributes: ind.where } : {}),
      });
      for (const s of selected) {
        live.add(s.id);
        const totals = view.totals(s.id) as TotalsWithBuckets | undefined;
        if (!totals) continue;
        if (!totals.buckets || totals.buckets.counts.length === 0) {
          this.seriesWithoutBuckets++;
          continue;
        }
        const below = countAtOrBelow(totals.buckets, ind.threshold);
        const d = this._totals.total.delta(
          s.id,
          () => fingerprint(s),
          below.good,
          below.total,
          this._scratch,
        );
        const g = this._entry(out, s);
        g.good += d.a;
        g.total += d.b;
        g.approximate ||= below.approximate;
      }
    } else {
      this._readRole(view, 'total', ind.total, out, live);
      if (ind.good) this._readRole(view, 'good', ind.good, out, live);
      if (ind.bad) this._readRole(view, 'bad', ind.bad, out, live);
      // Good = total − bad when the indicator counts bad events; never below 0 or above total.
      for (const g of out.values()) {
        if (!ind.good) g.good = g.total - g.bad;
        g.good = Math.min(Math.max(g.good, 0), g.total);
      }
    }
    for (const role of ROLES) this._totals[role].retain(live);
    for (const id of this._groups.keys()) if (!live.has(id)) this._groups.delete(id);
    return out;
  }

  private _readRole(
    view: SeriesView,
    role: Role,
    q: MetricQuantity,
    out: Map<string, GroupDelta>,
    live: Set<number>,
  ): void {
    const selected = view.select({ metric: q.metric, ...(q.where ? { attributes: q.where } : {}) });
    const tracker = this._totals[role];
    for (const s of selected) {
      const totals = view.totals(s.id);
      if (!totals) continue;
      live.add(s.id);
      const value = q.quantity === 'count' ? totals.count : totals.sum;
      if (!Number.isFinite(value)) continue;
      const d = tracker.delta(s.id, () => fingerprint(s), value, 0, this._scratch);
      const g = this._entry(out, s);
      if (role === 'total') g.total += d.a;
      else if (role === 'good') g.good += d.a;
      else g.bad += d.a;
      g.series++;
    }
  }

  private _entry(out: Map<string, GroupDelta>, s: ViewSeries): GroupDelta {
    let group = this._groups.get(s.id);
    if (!group) {
      group = groupOf(this._groupBy, s.resource, s.attributes);
      this._groups.set(s.id, group);
    }
    let entry = out.get(group.key);
    if (!entry) {
      entry = { group, good: 0, total: 0, bad: 0, approximate: false, series: 0 };
      out.set(group.key, entry);
    }
    return entry;
  }

  /** Series whose totals are tracked. */
  get trackedSeries(): number {
    return this._totals.total.size + this._totals.good.size + this._totals.bad.size;
  }

  /** Persisted state. */
  toState(): Record<Role, RunningTotalsState> {
    return {
      total: this._totals.total.toState(),
      good: this._totals.good.toState(),
      bad: this._totals.bad.toState(),
    };
  }

  /** Loads persisted state. */
  restore(state: Partial<Record<Role, RunningTotalsState>>): void {
    for (const role of ROLES) {
      const s = state[role];
      if (s) this._totals[role].restore(s);
    }
  }
}

function fingerprint(s: ViewSeries): string {
  return seriesFingerprint(s.metric, s.resource, s.attributes);
}
