/**
 * The webhook channel: the notification as Alertmanager's webhook (version 4) JSON, POSTed to
 * a URL. With a `secret`, the body is signed with HMAC-SHA256 and the signature sent as
 * `X-Heterodyne-Signature: sha256=<hex>` (with the time in `X-Heterodyne-Timestamp`, also
 * signed, so a captured request cannot be replayed later unnoticed):
 * `hex(HMAC-SHA256(secret, timestamp + "." + body))`.
 */
import { createHmac } from 'node:crypto';
import { err, ok } from '../../result.js';
import type { Secret } from '../../config/secret.js';
import type { MapReader } from '../../config/yaml-reader.js';
import { httpPost } from './http-post.js';
import type { ChannelCommonConfig, Notifier, NotifierContext } from './notifier.js';
import { webhookPayload } from './payload.js';
import { readSecretField, readUrl } from './secret-field.js';

/** Header carrying the signature. */
export const SIGNATURE_HEADER = 'x-heterodyne-signature';
/** Header carrying the signed time (seconds since the epoch). */
export const TIMESTAMP_HEADER = 'x-heterodyne-timestamp';

/** A webhook channel. */
export interface WebhookChannelConfig extends ChannelCommonConfig {
  type: 'webhook';
  url: string;
  /** HMAC key, from the environment; no signature without it. */
  secret: Secret | undefined;
  /** Deadline of one POST, ms. @default 10000 */
  timeoutMillis: number;
  /** Alerts per payload; 0 sends all. @default 0 */
  maxAlerts: number;
}

/** Reads `config:` of a webhook channel. */
export function readWebhookChannel(
  config: MapReader,
  common: ChannelCommonConfig,
): WebhookChannelConfig {
  return {
    ...common,
    type: 'webhook',
    url: readUrl(config, 'url', true) ?? '',
    secret: readSecretField(config, 'secret', { required: false, example: 'WEBHOOK_SECRET' }),
    timeoutMillis: config.duration('timeout', 10_000, { min: 1 }),
    maxAlerts: config.number('max_alerts', 0, { min: 0, integer: true }),
  };
}

/** The signature of a body sent at `timestamp` (seconds). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Headers of a JSON POST of `body`: the content type and, with a `secret`, the timestamp
 * (seconds, from `nowMillis`) and its HMAC-SHA256 signature.
 */
export function signedJsonHeaders(
  body: string,
  secret: Secret | undefined,
  nowMillis: () => number,
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== undefined) {
    const timestamp = String(Math.floor(nowMillis() / 1000));
    headers[TIMESTAMP_HEADER] = timestamp;
    headers[SIGNATURE_HEADER] = webhookSignature(secret.reveal(), timestamp, body);
  }
  return headers;
}

/** Creates a webhook notifier; `nowMillis` gives the signed time. */
export function createWebhookNotifier(
  config: WebhookChannelConfig,
  context: NotifierContext,
  nowMillis: () => number = Date.now,
): Notifier {
  return {
    id: config.id,
    type: 'webhook',
    async send(n) {
      const body = JSON.stringify(webhookPayload(n, context.externalUrl, config.maxAlerts));
      const headers = signedJsonHeaders(body, config.secret, nowMillis);
      const sent = await httpPost(config.url, body, headers, config.timeoutMillis);
      return sent.ok ? ok(undefined) : err(sent.error);
    },
  };
}
