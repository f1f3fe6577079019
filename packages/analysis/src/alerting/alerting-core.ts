/**
 * The alerting core, pure and clock-injected: it keeps one alert per fingerprint (dedup),
 * applies silences and inhibition, groups through the routing tree and returns the
 * notifications due at a time. The service feeds it rule evaluations and findings, persists
 * what it says, and hands the notifications to the delivery queue.
 */
import { createDispatcher } from './dispatch/dispatcher.js';
import type { Dispatcher, GroupSummary } from './dispatch/dispatcher.js';
import type { Route } from './dispatch/route.js';
import { inInterval } from './dispatch/time-intervals.js';
import type { TimeIntervals } from './dispatch/time-intervals.js';
import { createInhibitionCheck } from './inhibit/inhibitor.js';
import type { InhibitRule } from './inhibit/inhibitor.js';
import { createSilencer } from './silence/silencer.js';
import type { Silence, Silencer } from './silence/silencer.js';
import { isFiring, severityOf } from './types.js';
import type { Alert, AlertSeverity, Notification } from './types.js';

/** Options of {@link createAlertingCore}. */
export interface AlertingCoreOptions {
  route: Route;
  /** @default [] */
  inhibitRules?: readonly InhibitRule[];
  /** Named time intervals the routes refer to. @default {} */
  timeIntervals?: TimeIntervals;
  /** @default randomUUID */
  newId?: () => string;
}

/** An active alert with why it is (not) notified. */
export interface AlertView extends Alert {
  /** `active`, or `suppressed` while silenced or inhibited. */
  state: 'active' | 'suppressed';
  /** Silences muting it. */
  silencedBy: string[];
  /** Whether a firing alert of an inhibition rule's source hides it. */
  inhibited: boolean;
  /** Whether it was acknowledged. */
  acknowledged: boolean;
}

/** What {@link AlertingCore.receive} did with an alert. */
export type ReceiveOutcome = 'new' | 'updated' | 'resolved' | 'ignored';

/** The alerting core. */
export interface AlertingCore {
  /** Takes a firing or resolved alert at `atMillis` (dedup by fingerprint). */
  receive(alert: Alert, atMillis: number): ReceiveOutcome;
  /**
   * Takes back an alert that was active (and notified) before a restart: it is active again
   * without a new notification.
   */
  restore(alert: Alert, atMillis: number, acknowledged: boolean): void;
  /** Notifications due at `atMillis`. */
  tick(atMillis: number): Notification[];
  /** The earliest time a notification may be due. */
  nextDueMillis(): number | undefined;
  /** Marks an alert acknowledged (no repeat notifications). */
  acknowledge(fingerprint: string): boolean;
  readonly silences: Silencer;
  /** Active alerts, optionally of one severity, oldest first. */
  active(atMillis: number, severity?: AlertSeverity): AlertView[];
  /** One active alert. */
  get(fingerprint: string): Alert | undefined;
  groups(): GroupSummary[];
}

/** Whether a route is muted at `atMillis` by its mute or active time intervals. */
export function routeMuted(intervals: TimeIntervals, route: Route, atMillis: number): boolean {
  if (route.muteTimeIntervals.some((name) => inInterval(intervals, name, atMillis))) return true;
  return (
    route.activeTimeIntervals.length > 0 &&
    !route.activeTimeIntervals.some((name) => inInterval(intervals, name, atMillis))
  );
}

/** Creates an alerting core. */
export function createAlertingCore(options: AlertingCoreOptions): AlertingCore {
  const alerts = new Map<string, Alert>();
  const acknowledged = new Set<string>();
  const silences = createSilencer();
  const inhibitRules = options.inhibitRules ?? [];
  const dispatcher: Dispatcher = createDispatcher({
    route: options.route,
    ...(options.newId ? { newId: options.newId } : {}),
  });

  const inhibitionAt = (atMillis: number) =>
    createInhibitionCheck(
      inhibitRules,
      [...alerts.values()].filter(
        (a) => isFiring(a, atMillis) && silences.mutedBy(a.labels, atMillis).length === 0,
      ),
    );

  return {
    silences,
    receive(alert, atMillis) {
      const known = alerts.get(alert.fingerprint);
      if (!isFiring(alert, atMillis)) {
        if (known === undefined) return 'ignored';
        alerts.delete(alert.fingerprint);
        acknowledged.delete(alert.fingerprint);
        dispatcher.receive({ ...alert, startsAtMillis: known.startsAtMillis }, atMillis);
        return 'resolved';
      }
      const kept: Alert = known
        ? { ...alert, startsAtMillis: Math.min(known.startsAtMillis, alert.startsAtMillis) }
        : alert;
      alerts.set(alert.fingerprint, kept);
      dispatcher.receive(kept, atMillis);
      return known ? 'updated' : 'new';
    },
    restore(alert, atMillis, isAcknowledged) {
      alerts.set(alert.fingerprint, alert);
      if (isAcknowledged) acknowledged.add(alert.fingerprint);
      dispatcher.receive(alert, atMillis, { notified: true });
    },
    tick(atMillis) {
      if ((dispatcher.nextDueMillis() ?? Infinity) > atMillis) return [];
      const inhibited = inhibitionAt(atMillis);
      return dispatcher.tick(atMillis, {
        isMuted: (a) => silences.mutedBy(a.labels, atMillis).length > 0 || inhibited(a),
        isAcknowledged: (fp) => acknowledged.has(fp),
        isRouteMuted: (route) => routeMuted(options.timeIntervals ?? {}, route, atMillis),
      });
    },
    nextDueMillis: () => dispatcher.nextDueMillis(),
    acknowledge(fp) {
      if (!alerts.has(fp)) return false;
      acknowledged.add(fp);
      return true;
    },
    active(atMillis, severity) {
      const inhibited = inhibitionAt(atMillis);
      const out: AlertView[] = [];
      for (const a of alerts.values()) {
        if (severity !== undefined && severityOf(a) !== severity) continue;
        const silencedBy = silences.mutedBy(a.labels, atMillis);
        const isInhibited = inhibited(a);
        out.push({
          ...a,
          state: silencedBy.length > 0 || isInhibited ? 'suppressed' : 'active',
          silencedBy,
          inhibited: isInhibited,
          acknowledged: acknowledged.has(a.fingerprint),
        });
      }
      return out.sort((x, y) => x.startsAtMillis - y.startsAtMillis);
    },
    get: (fp) => alerts.get(fp),
    groups: () => dispatcher.groups(),
  };
}

export type { Silence };
