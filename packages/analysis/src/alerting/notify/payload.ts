/**
 * What notifications say, shared by the channels: a title, one line per alert, and the
 * Alertmanager webhook (version 4) JSON shape that the webhook channel sends and the file
 * channel writes.
 */
import { commonLabels } from '../labels.js';
import type { LabelSet } from '../labels.js';
import { isFiring, severityOf } from '../types.js';
import type { Alert, AlertSeverity, Notification } from '../types.js';

/** Alertmanager's "zero" time, the `endsAt` of a firing alert in webhook payloads. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** RFC 3339 time. */
export function rfc3339(millis: number): string {
  return new Date(millis).toISOString();
}

/** The most severe severity among the alerts. */
export function topSeverity(alerts: readonly Alert[]): AlertSeverity {
  const order: AlertSeverity[] = ['info', 'warning', 'error', 'critical'];
  let top = 0;
  for (const a of alerts) top = Math.max(top, order.indexOf(severityOf(a)));
  return order[top] as AlertSeverity;
}

/** Firing and resolved alerts of a notification. */
export function splitAlerts(n: Notification): { firing: Alert[]; resolved: Alert[] } {
  const firing: Alert[] = [];
  const resolved: Alert[] = [];
  for (const a of n.alerts) (isFiring(a, n.createdAtMillis) ? firing : resolved).push(a);
  return { firing, resolved };
}

function labelText(labels: LabelSet): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ')}}`;
}

/** `[FIRING:2] critical HighLatency {op="fit"}` (with `[TEST]` for test notifications). */
export function notificationTitle(n: Notification): string {
  const { firing, resolved } = splitAlerts(n);
  const count = n.status === 'firing' ? firing.length : resolved.length;
  const name = n.groupLabels.alertname ?? commonLabels(n.alerts.map((a) => a.labels)).alertname;
  const rest = { ...n.groupLabels };
  delete rest.alertname;
  const parts = [
    `${n.test ? '[TEST] ' : ''}[${n.status.toUpperCase()}:${count}]`,
    topSeverity(n.alerts),
    ...(name === undefined ? [] : [name]),
    ...(Object.keys(rest).length > 0 ? [labelText(rest)] : []),
  ];
  return parts.join(' ');
}

/** One line for one alert: its summary (or labels), value and state. */
export function alertLine(a: Alert, atMillis: number): string {
  const state = isFiring(a, atMillis) ? 'firing' : 'resolved';
  const what = a.annotations.summary ?? labelText(a.labels);
  return `${state}: ${what}`;
}

/** The Alertmanager webhook (version 4) payload of a notification. */
export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: LabelSet;
  commonLabels: LabelSet;
  commonAnnotations: Readonly<Record<string, string>>;
  externalURL: string;
  alerts: {
    status: 'firing' | 'resolved';
    labels: LabelSet;
    annotations: Readonly<Record<string, string>>;
    startsAt: string;
    endsAt: string;
    generatorURL: string;
    fingerprint: string;
  }[];
}

/** Builds the webhook v4 payload; `maxAlerts` (0 = all) truncates the alert list. */
export function webhookPayload(n: Notification, externalUrl = '', maxAlerts = 0): WebhookPayload {
  const alerts = maxAlerts > 0 ? n.alerts.slice(0, maxAlerts) : n.alerts;
  return {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: n.alerts.length - alerts.length,
    status: n.status,
    receiver: n.channel,
    groupLabels: n.groupLabels,
    commonLabels: commonLabels(n.alerts.map((a) => a.labels)),
    commonAnnotations: commonLabels(n.alerts.map((a) => a.annotations)),
    externalURL: externalUrl,
    alerts: alerts.map((a) => ({
      status: isFiring(a, n.createdAtMillis) ? 'firing' : 'resolved',
      labels: a.labels,
      annotations: a.annotations,
      startsAt: rfc3339(a.startsAtMillis),
      endsAt: a.endsAtMillis === undefined ? ZERO_TIME : rfc3339(a.endsAtMillis),
      generatorURL: generatorUrl(a, externalUrl),
      fingerprint: a.fingerprint,
    })),
  };
}

/** Where an alert can be looked at in the API. */
export function generatorUrl(a: Alert, externalUrl: string): string {
  return externalUrl === '' ? '' : `${externalUrl}/api/v1/alerts?fingerprint=${a.fingerprint}`;
}
