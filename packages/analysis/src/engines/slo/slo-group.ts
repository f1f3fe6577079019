/**
 * One SLO group's state (its counters, open slices and firing alerts) and its status at an
 * evaluation: SLI, budget remaining, burn rates, time to exhaustion and burn alerts.
 */
import type { Finding } from '../findings.js';
import { windowName } from './alert-windows.js';
import { budgetRemaining, burnRate, goodRatio, timeToExhaustionSeconds } from './budget-math.js';
import type { GoodTotal } from './budget-math.js';
import { evaluateBurnAlerts } from './burn-alerts.js';
import type { AlertSince } from './burn-alerts.js';
import { budgetSpan, describeWindow } from './budget-window.js';
import type { SloGroup } from './group-key.js';
import { groupId } from './group-key.js';
import { SlotCounters } from './slot-counters.js';
import type { SlotTierOptions, SlotTierState } from './slot-counters.js';
import { EventSlices } from './time-slices.js';
import type { SloGroupStatus, SloSpec } from './types.js';

/** The window whose burn rate time to exhaustion extrapolates, in seconds. */
export const EXHAUSTION_WINDOW_SECONDS = 3600;

/** Persisted state of a group. */
export interface SloGroupState {
  key: string;
  labels: Record<string, string>;
  tiers: SlotTierState[];
  since: AlertSince;
  /** Whether a threshold indicator has been interpolated. */
  approximate: boolean;
}

/** One SLO group. */
export class SloGroupTracker {
  readonly id: string;
  readonly counters: SlotCounters;
  readonly since: AlertSince = {};
  approximate = false;
  /** Open slices of the `timeslices` method over events. */
  readonly slices: EventSlices | undefined;
  private _status: SloGroupStatus | undefined;
  private readonly _scratch: GoodTotal = { good: 0, total: 0 };

  constructor(
    readonly spec: SloSpec,
    readonly group: SloGroup,
    tiers: readonly SlotTierOptions[],
  ) {
    this.id = groupId(spec.id, group.key);
    this.counters = new SlotCounters(tiers);
    this.slices =
      spec.budgeting.method === 'timeslices' && spec.indicator.kind !== 'gauge'
        ? new EventSlices(spec.budgeting.sliceSeconds * 1000, spec.budgeting.sliceObjective)
        : undefined;
  }

  /** Records events observed by the evaluation at `atMillis`. */
  addEvents(atMillis: number, good: number, total: number): void {
    if (this.slices) {
      this.slices.add(atMillis, good, total);
    } else {
      this.counters.add(atMillis, good, total);
    }
  }

  /** Records a closed slice. */
  addSlice(endMillis: number, good: boolean): void {
    this.counters.add(endMillis, good ? 1 : 0, 1);
  }

  /** Computes the status at `atMillis` (closing due slices first); returns findings to emit. */
  evaluate(atMillis: number, burnWindows: readonly number[]): Finding[] {
    if (this.slices)
      for (const s of this.slices.close(atMillis)) this.addSlice(s.endMillis, s.good);
    else this.counters.add(atMillis, 0, 0);
    const spec = this.spec;
    const { windowSeconds, periodSeconds } = budgetSpan(spec.window, atMillis);
    const budget = this.counters.sum(atMillis, windowSeconds, this._scratch);
    const good = budget.good;
    const total = budget.total;
    const ratio = goodRatio(budget);
    const remaining = budgetRemaining(budget, spec.objective);
    const rates = new Map<number, number | undefined>();
    const burnRates: Record<string, number | null> = {};
    for (const w of burnWindows) {
      const rate = burnRate(this.counters.sum(atMillis, w, this._scratch), spec.objective);
      rates.set(w, rate);
      burnRates[windowName(w)] = rate ?? null;
    }
    const { statuses, findings } = evaluateBurnAlerts(
      spec.alertWindows,
      periodSeconds,
      rates,
      this.since,
      {
        sloId: spec.id,
        groupId: this.id,
        title: spec.title,
        labels: this.group.labels,
        objective: spec.objective,
      },
      atMillis,
    );
    const exhaustionRate =
      rates.get(EXHAUSTION_WINDOW_SECONDS) ??
      burnRate(
        this.counters.sum(atMillis, EXHAUSTION_WINDOW_SECONDS, this._scratch),
        spec.objective,
      );
    const tte = timeToExhaustionSeconds(remaining, exhaustionRate, periodSeconds);
    const sli = ratio === undefined ? null : spec.display === 'bad_ratio' ? 1 - ratio : ratio;
    this._status = {
      id: this.id,
      sloId: spec.id,
      title: spec.title,
      sliId: spec.sliId ?? null,
      labels: this.group.labels,
      objective: spec.objective,
      budgetingMethod: spec.budgeting.method,
      window: describeWindow(spec.window),
      windowSeconds,
      atMillis,
      sli,
      goodRatio: ratio ?? null,
      good,
      total,
      budgetRemaining: remaining,
      burnRates,
      timeToExhaustionSeconds: tte ?? null,
      approximate: this.approximate,
      alerts: statuses,
      state: total > 0 ? (statuses.some((s) => s.firing) ? 'burning' : 'ok') : 'no_data',
    };
    return findings;
  }

  /**
   * True when nothing is left to report: no event in the budget window or any burn window,
   * no open slice and no firing alert. The tracker then forgets the group (a series that
   * went away does not hold its counters forever); it comes back with its next event.
   */
  get expired(): boolean {
    const s = this._status;
    if (!s || s.total > 0 || this.slices?.hasOpen) return false;
    if (this.since.page !== undefined || this.since.ticket !== undefined) return false;
    return Object.values(s.burnRates).every((r) => r === null);
  }

  /** The status of the last evaluation. */
  get status(): SloGroupStatus | undefined {
    return this._status;
  }

  /** Persisted state. */
  toState(): SloGroupState {
    return {
      key: this.group.key,
      labels: { ...this.group.labels },
      tiers: this.counters.toState(),
      since: { ...this.since },
      approximate: this.approximate,
    };
  }

  /** Loads persisted state. */
  restore(state: SloGroupState): void {
    this.counters.restore(state.tiers);
    Object.assign(this.since, state.since);
    this.approximate = state.approximate;
  }
}
