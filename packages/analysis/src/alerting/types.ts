/**
 * Alerts and notifications as the alerting pipeline passes them on: rules and findings make
 * {@link Alert}s, the dispatcher groups them and makes {@link Notification}s, the delivery
 * queue hands those to the channels.
 */
import type { FindingSeverity } from '../engines/findings.js';
import type { LabelSet } from './labels.js';

/** Alert severities, as finding severities. */
export type AlertSeverity = FindingSeverity;

/** Where an alert came from. */
export type AlertSource = 'rule' | 'finding' | 'api';

/** One alert: a condition identified by its label set. */
export interface Alert {
  /** Identity (includes `alertname` and `severity`). */
  labels: LabelSet;
  /** Descriptive text: `summary`, `description`, `suggested_action`, links. */
  annotations: Readonly<Record<string, string>>;
  /** Fingerprint of `labels` (see `labels.ts`). */
  fingerprint: string;
  /** The rule id or the finding kind that raised it. */
  ruleId: string;
  /** What raised it. */
  source: AlertSource;
  /** When the condition started, ms since the epoch. */
  startsAtMillis: number;
  /** When it ended; undefined while firing. */
  endsAtMillis?: number;
  /** When the alert was last reported (firing or resolved). */
  updatedAtMillis: number;
  /** The value that made it fire, when there is one. */
  value?: number;
}

/** Whether an alert is firing at `atMillis`. */
export function isFiring(alert: Alert, atMillis: number): boolean {
  return alert.endsAtMillis === undefined || alert.endsAtMillis > atMillis;
}

/** The severity label of an alert (`warning` when absent or unknown). */
export function severityOf(alert: Pick<Alert, 'labels'>): AlertSeverity {
  const s = alert.labels.severity;
  return s === 'info' || s === 'error' || s === 'critical' ? s : 'warning';
}

/** What a channel is asked to deliver: the alerts of one group, for one channel. */
export interface Notification {
  /** Unique id of this notification (also the delivery queue's key, with the channel). */
  id: string;
  /** The channel that delivers it. */
  channel: string;
  /** The group (route and group labels), stable across the group's notifications. */
  groupKey: string;
  /** The labels the group is formed by. */
  groupLabels: LabelSet;
  /** `firing` when any alert fires, else `resolved`. */
  status: 'firing' | 'resolved';
  /** The group's alerts at flush time: firing ones and those resolved since the last one. */
  alerts: Alert[];
  /** When the notification was made. */
  createdAtMillis: number;
  /** True for a test notification (`testAlertChannel`). */
  test?: boolean;
  /**
   * Set when this is a fallback delivery: the channel first meant (`origin`), the channel
   * whose retries ran out just before (`from`) and its last error.
   */
  failover?: { origin: string; from: string; reason: string };
  /** People to reach (the person on call of an escalation level); channels that address
   * people (email, Slack) use them instead of, or besides, their configured audience. */
  recipients?: { name: string; email?: string; slack?: string }[];
}
