/**
 * The Alertmanager channel: alerts POSTed to `/api/v2/alerts` of one or more Alertmanagers
 * (an HA cluster gets every alert at each member, as Prometheus does), so an existing
 * Alertmanager routes them. Firing alerts carry no `endsAt` (Alertmanager then resolves them
 * after its `resolve_timeout` unless they are re-sent, which the alerting service does every
 * `resend_interval` while they fire); resolved alerts carry their `endsAt`. A delivery
 * succeeds when at least one Alertmanager accepted it.
 */
import { sanitizeLabelName } from '@heterodyne/semconv';
import { err, ok } from '../../result.js';
import type { MapReader } from '../../config/yaml-reader.js';
import { report } from '../../config/yaml-scalars.js';
import type { Alert, Notification } from '../types.js';
import { isFiring } from '../types.js';
import { httpPost } from './http-post.js';
import type { ChannelCommonConfig, Notifier, NotifierContext } from './notifier.js';
import { generatorUrl, rfc3339 } from './payload.js';
import { checkUrl } from './secret-field.js';

/** An Alertmanager channel. */
export interface AlertmanagerChannelConfig extends ChannelCommonConfig {
  type: 'alertmanager';
  /** Base URLs (`http://alertmanager:9093`), one per cluster member. */
  urls: string[];
  /** Deadline of one POST, ms. @default 10000 */
  timeoutMillis: number;
  /** How often firing alerts are re-sent, ms. @default 60000 */
  resendIntervalMillis: number;
}

/** Reads `config:` of an Alertmanager channel. */
export function readAlertmanagerChannel(
  config: MapReader,
  common: ChannelCommonConfig,
): AlertmanagerChannelConfig {
  const urls: string[] = [];
  for (const item of config.stringItems('urls', { single: true })) {
    if (checkUrl(config, 'urls', item.value, item.node)) urls.push(item.value.replace(/\/+$/, ''));
  }
  if (!config.has('urls') || urls.length === 0) {
    report(
      config.ctx,
      config.pathOf('urls'),
      'is required: one or more Alertmanager URLs',
      config.mapNode,
    );
  }
  return {
    ...common,
    type: 'alertmanager',
    urls,
    timeoutMillis: config.duration('timeout', 10_000, { min: 1 }),
    resendIntervalMillis: config.duration('resend_interval', 60_000, { min: 1000 }),
  };
}

/**
 * Labels with names Alertmanager accepts: before its UTF-8 names (0.27 with a feature flag) a
 * name must match `[a-zA-Z_][a-zA-Z0-9_]*`, and a whole alert is refused otherwise, so
 * attribute keys become Prometheus label names (`service.name` → `service_name`), as they do
 * on `/metrics`. A name that is valid already wins over one that sanitizes to it.
 */
export function alertmanagerLabels(
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = Object.entries(labels);
  for (const [name, value] of entries) {
    if (sanitizeLabelName(name) === name && name !== '') out[name] = value;
  }
  for (const [name, value] of entries) {
    const clean = sanitizeLabelName(name);
    if (clean !== name && clean !== '' && !(clean in out)) out[clean] = value;
  }
  return out;
}

/** An alert in Alertmanager's API v2 `postableAlert` shape. */
export function postableAlert(
  a: Alert,
  atMillis: number,
  externalUrl: string,
): Record<string, unknown> {
  return {
    labels: alertmanagerLabels(a.labels),
    annotations: a.annotations,
    startsAt: rfc3339(a.startsAtMillis),
    ...(isFiring(a, atMillis) || a.endsAtMillis === undefined
      ? {}
      : { endsAt: rfc3339(a.endsAtMillis) }),
    generatorURL: generatorUrl(a, externalUrl),
  };
}

/** Sends alerts to every URL; ok when one accepted them. */
export async function postAlerts(
  config: AlertmanagerChannelConfig,
  alerts: readonly Alert[],
  atMillis: number,
  externalUrl: string,
): Promise<{ ok: true; value: undefined } | { ok: false; error: string }> {
  const body = JSON.stringify(alerts.map((a) => postableAlert(a, atMillis, externalUrl)));
  const results = await Promise.all(
    config.urls.map((url) =>
      httpPost(
        `${url}/api/v2/alerts`,
        body,
        { 'content-type': 'application/json' },
        config.timeoutMillis,
      ),
    ),
  );
  if (results.some((r) => r.ok)) return ok(undefined);
  return err(results.map((r) => (r.ok ? '' : r.error)).join('; '));
}

/** Creates an Alertmanager notifier. */
export function createAlertmanagerNotifier(
  config: AlertmanagerChannelConfig,
  context: NotifierContext,
): Notifier {
  return {
    id: config.id,
    type: 'alertmanager',
    send: (n: Notification) =>
      postAlerts(config, n.alerts, n.createdAtMillis, context.externalUrl ?? ''),
  };
}
