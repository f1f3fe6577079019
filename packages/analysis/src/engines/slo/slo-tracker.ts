/**
 * One SLO across its groups: reads its indicator from the series view, feeds each group's
 * counters and evaluates them. A group appears when its first series does; until then the
 * SLO has no groups (its status lists none: "no data yet").
 */
import type { Sample } from '../../series/types.js';
import type { Finding } from '../findings.js';
import type { SeriesView } from '../series-view.js';
import { windowsOf } from './alert-windows.js';
import { longestPeriodSeconds } from './budget-window.js';
import { counterTiers } from './counter-tiers.js';
import { groupOf } from './group-key.js';
import { IndicatorReader } from './indicator-reader.js';
import type { RunningTotalsState } from './running-totals.js';
import { SloGroupTracker } from './slo-group.js';
import type { SloGroupState } from './slo-group.js';
import type { SlotTierOptions } from './slot-counters.js';
import { GaugeSlices } from './time-slices.js';
import type { SloGroupStatus, SloIndicator, SloSpec } from './types.js';

type GaugeIndicator = Extract<SloIndicator, { kind: 'gauge' }>;

/** Persisted state of one SLO. */
export interface SloTrackerState {
  /** Format version. */
  version: 1;
  sloId: string;
  totals?: Record<string, RunningTotalsState>;
  /** Gauge slices: closed-until per group key. */
  gaugeClosedUntil?: Record<string, number>;
  groups: SloGroupState[];
}

/** Default time-slice length for gauge indicators, in seconds. */
export const DEFAULT_SLICE_SECONDS = 60;

/** Tracks one SLO. */
export class SloTracker {
  readonly burnWindows: number[];
  readonly tiers: SlotTierOptions[];
  private readonly _reader: IndicatorReader | undefined;
  private readonly _groups = new Map<string, SloGroupTracker>();
  private readonly _gaugeSlices = new Map<string, GaugeSlices>();

  constructor(
    readonly spec: SloSpec,
    reportedWindows: readonly number[],
    /** How long after its end a gauge slice waits for late samples, in ms. */
    private readonly _sliceGraceMillis: number,
  ) {
    this.burnWindows = windowsOf(spec.alertWindows, reportedWindows);
    this.tiers = counterTiers([...this.burnWindows, longestPeriodSeconds(spec.window)]);
    this._reader =
      spec.indicator.kind === 'gauge'
        ? undefined
        : new IndicatorReader(spec.indicator, spec.groupBy);
  }

  /** Reads new data and evaluates every group at `atMillis`. */
  evaluate(atMillis: number, view: SeriesView): Finding[] {
    if (this._reader) {
      for (const delta of this._reader.read(view).values()) {
        const group = this._group(delta.group.key, delta.group.labels);
        group.approximate ||= delta.approximate;
        if (delta.total > 0 || delta.good > 0) group.addEvents(atMillis, delta.good, delta.total);
      }
    } else {
      this._readGauge(atMillis, view);
    }
    const findings: Finding[] = [];
    for (const [key, group] of this._groups) {
      findings.push(...group.evaluate(atMillis, this.burnWindows));
      if (group.expired) {
        this._groups.delete(key);
        this._gaugeSlices.delete(key);
      }
    }
    return findings;
  }

  private _readGauge(atMillis: number, view: SeriesView): void {
    const ind = this.spec.indicator;
    if (ind.kind !== 'gauge') return;
    const byGroup = new Map<string, { labels: Record<string, string>; samples: Sample[] }>();
    const selected = view.select({
      metric: ind.metric,
      kind: 'gauge',
      ...(ind.where ? { attributes: ind.where } : {}),
    });
    for (const s of selected) {
      const g = groupOf(this.spec.groupBy, s.resource, s.attributes);
      let entry = byGroup.get(g.key);
      if (!entry) {
        entry = { labels: { ...g.labels }, samples: [] };
        byGroup.set(g.key, entry);
      }
      let slices = this._gaugeSlices.get(g.key);
      if (!slices) {
        slices = this._newGaugeSlices(ind);
        this._gaugeSlices.set(g.key, slices);
      }
      for (const sample of view.samples(s.id, slices.readFrom(), atMillis)) {
        entry.samples.push(sample);
      }
    }
    for (const [key, slices] of this._gaugeSlices) {
      const entry = byGroup.get(key);
      const closed = slices.close(atMillis, entry?.samples ?? []);
      if (closed.length === 0) continue;
      const group = this._group(key, entry?.labels ?? this._groups.get(key)?.group.labels ?? {});
      for (const c of closed) group.addSlice(c.endMillis, c.good);
    }
  }

  /** Empty time slices of one group of a gauge indicator. */
  private _newGaugeSlices(ind: GaugeIndicator): GaugeSlices {
    const sliceSeconds =
      this.spec.budgeting.method === 'timeslices'
        ? this.spec.budgeting.sliceSeconds
        : DEFAULT_SLICE_SECONDS;
    return new GaugeSlices(sliceSeconds * 1000, ind.op, ind.threshold, this._sliceGraceMillis);
  }

  private _group(key: string, labels: Readonly<Record<string, string>>): SloGroupTracker {
    let group = this._groups.get(key);
    if (!group) {
      group = new SloGroupTracker(this.spec, { key, labels }, this.tiers);
      this._groups.set(key, group);
    }
    return group;
  }

  /** The groups' statuses of the last evaluation. */
  statuses(): SloGroupStatus[] {
    const out: SloGroupStatus[] = [];
    for (const g of this._groups.values()) if (g.status) out.push(g.status);
    return out;
  }

  /** The groups. */
  get groups(): ReadonlyMap<string, SloGroupTracker> {
    return this._groups;
  }

  /** Bytes held by the groups' counters. */
  get memoryBytes(): number {
    let bytes = 0;
    for (const g of this._groups.values()) bytes += g.counters.memoryBytes;
    return bytes;
  }

  /** Histogram series without explicit buckets (a threshold indicator cannot read them). */
  get seriesWithoutBuckets(): number {
    return this._reader?.seriesWithoutBuckets ?? 0;
  }

  /** Persisted state. */
  toState(): SloTrackerState {
    const gaugeClosedUntil: Record<string, number> = {};
    for (const [key, s] of this._gaugeSlices) {
      if (Number.isFinite(s.closedUntil)) gaugeClosedUntil[key] = s.closedUntil;
    }
    return {
      version: 1,
      sloId: this.spec.id,
      ...(this._reader ? { totals: this._reader.toState() } : {}),
      gaugeClosedUntil,
      groups: [...this._groups.values()].map((g) => g.toState()),
    };
  }

  /** Loads persisted state (before the first evaluation). */
  restore(state: SloTrackerState): void {
    if (!Array.isArray(state.groups)) throw new Error('SLO state: groups is not a list');
    if (state.totals && this._reader) this._reader.restore(state.totals);
    for (const g of state.groups) this._group(g.key, g.labels).restore(g);
    const ind = this.spec.indicator;
    if (ind.kind === 'gauge') {
      for (const [key, until] of Object.entries(state.gaugeClosedUntil ?? {})) {
        const slices = this._newGaugeSlices(ind);
        slices.closedUntil = until;
        this._gaugeSlices.set(key, slices);
      }
    }
  }
}
