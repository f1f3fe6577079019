import { fingerprint } from '../../src/alerting/labels.js';
import type { Notifier } from '../../src/alerting/notify/notifier.js';
import type { WebhookChannelConfig } from '../../src/alerting/notify/webhook.js';
import type { Alert, Notification } from '../../src/alerting/types.js';

/** A firing alert with `labels` (plus alertname) started at `at`. */
export function firing(labels: Record<string, string>, at: number): Alert {
  const all = { alertname: 'A', ...labels };
  return {
    labels: all,
    annotations: { summary: `alert ${JSON.stringify(all)}` },
    fingerprint: fingerprint(all),
    ruleId: all.alertname,
    source: 'api',
    startsAtMillis: at,
    updatedAtMillis: at,
  };
}

/** The same alert resolved at `at`. */
export function resolved(alert: Alert, at: number): Alert {
  return { ...alert, endsAtMillis: at, updatedAtMillis: at };
}

/** A counter of ids `n1`, `n2`, ... */
export function sequentialIds(): () => string {
  let n = 0;
  return () => `n${++n}`;
}

/** A console-typed notifier `id` that accepts every notification and keeps it in `sent`. */
export function recordingNotifier(id = 'rec'): Notifier & { sent: Notification[] } {
  const sent: Notification[] = [];
  return {
    id,
    type: 'console',
    sent,
    send: async (n) => {
      sent.push(n);
      return { ok: true, value: undefined };
    },
  };
}

/** A webhook channel `hook` posting to `url`, unsigned, 5 s timeout, no limits. */
export function webhookConfig(
  url: string,
  overrides: Partial<WebhookChannelConfig> = {},
): WebhookChannelConfig {
  return {
    id: 'hook',
    type: 'webhook',
    url,
    secret: undefined,
    timeoutMillis: 5000,
    maxAlerts: 0,
    rateLimitPerHour: undefined,
    ...overrides,
  };
}
