/**
 * Grouping and notification timing, as Alertmanager's dispatcher and aggregation groups, on
 * an injected time: each alert goes to the groups of the routes that take it (one group per
 * route and values of its `group_by` labels). A new group is flushed `group_wait` after its
 * first alert, then every `group_interval`. A flush notifies each channel of the route when
 * the set of firing alerts changed or an alert notified as firing resolved; an unchanged group
 * is re-notified only after `repeat_interval` (and not when every firing alert is
 * acknowledged). So a flapping alert yields at most one notification per `group_interval`.
 */
import { randomUUID } from 'node:crypto';
import { pickLabels } from '../labels.js';
import type { LabelSet } from '../labels.js';
import { isFiring } from '../types.js';
import type { Alert, Notification } from '../types.js';
import { matchRoutes } from './route.js';
import type { Route } from './route.js';

/** Options of {@link createDispatcher}. */
export interface DispatcherOptions {
  /** The routing tree. */
  route: Route;
  /** @default randomUUID */
  newId?: () => string;
}

/** Decides, at flush time, what is not notified. */
export interface FlushFilters {
  /** True when the alert is silenced or inhibited. */
  isMuted(alert: Alert): boolean;
  /** True when the alert was acknowledged (no repeats for it). */
  isAcknowledged(fingerprint: string): boolean;
  /** True when the route sends nothing now (time intervals). @default never */
  isRouteMuted?(route: Route): boolean;
}

/** A group as the status shows it. */
export interface GroupSummary {
  key: string;
  route: string;
  labels: LabelSet;
  alerts: number;
  nextFlushMillis: number;
  lastNotifiedMillis?: number;
}

/** Groups alerts and says when to notify. */
export interface Dispatcher {
  /**
   * Takes a firing or resolved alert at `atMillis`. With `notified`, the alert counts as
   * already notified as firing (an alert restored after a restart), so it is not sent again
   * unless it changes or the repeat interval passes.
   */
  receive(alert: Alert, atMillis: number, options?: { notified?: boolean }): void;
  /** Flushes every group due at `atMillis`; returns the notifications to deliver. */
  tick(atMillis: number, filters?: FlushFilters): Notification[];
  /** The earliest time a group is due, or undefined with no groups. */
  nextDueMillis(): number | undefined;
  /** The groups. */
  groups(): GroupSummary[];
}

interface Group {
  key: string;
  route: Route;
  labels: LabelSet;
  alerts: Map<string, Alert>;
  nextFlushMillis: number;
  /** Fingerprints notified as firing by the last notification. */
  lastFiring: Set<string>;
  lastNotifiedMillis?: number;
}

const NO_FILTERS: FlushFilters = { isMuted: () => false, isAcknowledged: () => false };

/** The labels a route groups an alert by. */
function groupLabels(route: Route, labels: LabelSet): LabelSet {
  return route.groupBy.includes('...') ? labels : pickLabels(labels, route.groupBy);
}

function groupKey(route: Route, labels: LabelSet): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${route.id}:{${sorted.join(',')}}`;
}

/** Creates a dispatcher for a routing tree. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const newId = options.newId ?? randomUUID;
  const groups = new Map<string, Group>();

  const flush = (group: Group, atMillis: number, filters: FlushFilters): Notification[] => {
    if (filters.isRouteMuted?.(group.route)) {
      // Nothing is sent and nothing counts as sent: the next unmuted flush tells all.
      group.nextFlushMillis = atMillis + group.route.groupIntervalMillis;
      return [];
    }
    const firing: Alert[] = [];
    const resolved: Alert[] = [];
    for (const alert of group.alerts.values()) {
      if (isFiring(alert, atMillis)) {
        if (!filters.isMuted(alert)) firing.push(alert);
      } else if (group.lastFiring.has(alert.fingerprint)) {
        resolved.push(alert);
      }
    }
    for (const alert of [...group.alerts.values()]) {
      if (!isFiring(alert, atMillis)) group.alerts.delete(alert.fingerprint);
    }
    group.nextFlushMillis = atMillis + group.route.groupIntervalMillis;
    const changed =
      resolved.length > 0 ||
      firing.length !== group.lastFiring.size ||
      firing.some((a) => !group.lastFiring.has(a.fingerprint));
    let notify = changed;
    if (!changed && firing.length > 0) {
      const due =
        atMillis - (group.lastNotifiedMillis ?? -Infinity) >= group.route.repeatIntervalMillis;
      notify = due && firing.some((a) => !filters.isAcknowledged(a.fingerprint));
    }
    if (group.alerts.size === 0) groups.delete(group.key);
    if (!notify || (firing.length === 0 && resolved.length === 0)) {
      if (firing.length === 0) group.lastFiring = new Set();
      return [];
    }
    group.lastFiring = new Set(firing.map((a) => a.fingerprint));
    group.lastNotifiedMillis = atMillis;
    const alerts = [...firing, ...resolved].sort((a, b) => a.startsAtMillis - b.startsAtMillis);
    return group.route.channels.map((channel) => ({
      id: newId(),
      channel,
      groupKey: group.key,
      groupLabels: group.labels,
      status: firing.length > 0 ? 'firing' : 'resolved',
      alerts,
      createdAtMillis: atMillis,
    }));
  };

  return {
    receive(alert, atMillis, receiveOptions) {
      const notified = receiveOptions?.notified === true;
      for (const route of matchRoutes(options.route, alert.labels)) {
        const labels = groupLabels(route, alert.labels);
        const key = groupKey(route, labels);
        let group = groups.get(key);
        if (group === undefined) {
          // A resolution for a group that no longer exists has nobody left to tell.
          if (!isFiring(alert, atMillis)) continue;
          group = {
            key,
            route,
            labels,
            alerts: new Map(),
            nextFlushMillis:
              atMillis + (notified ? route.groupIntervalMillis : route.groupWaitMillis),
            lastFiring: new Set(),
            ...(notified ? { lastNotifiedMillis: atMillis } : {}),
          };
          groups.set(key, group);
        }
        group.alerts.set(alert.fingerprint, alert);
        if (notified) group.lastFiring.add(alert.fingerprint);
      }
    },
    tick(atMillis, filters = NO_FILTERS) {
      const out: Notification[] = [];
      for (const group of [...groups.values()]) {
        if (group.nextFlushMillis <= atMillis) out.push(...flush(group, atMillis, filters));
      }
      return out;
    },
    nextDueMillis() {
      let next: number | undefined;
      for (const g of groups.values()) {
        if (next === undefined || g.nextFlushMillis < next) next = g.nextFlushMillis;
      }
      return next;
    },
    groups() {
      return [...groups.values()].map((g) => ({
        key: g.key,
        route: g.route.id,
        labels: g.labels,
        alerts: g.alerts.size,
        nextFlushMillis: g.nextFlushMillis,
        ...(g.lastNotifiedMillis === undefined ? {} : { lastNotifiedMillis: g.lastNotifiedMillis }),
      }));
    },
  };
}
