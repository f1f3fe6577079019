/**
 * Re-sending to Alertmanager: Alertmanager resolves an alert it has not heard of within its
 * `resolve_timeout`, so every Alertmanager channel gets the firing, unmuted alerts routed to
 * it again every `resend_interval` (as Prometheus re-sends its firing alerts), outside the
 * delivery queue: a failed re-send is only logged, the next one comes anyway.
 */
import type { AlertingConfig } from '../config.js';
import { matchRoutes } from '../dispatch/route.js';
import type { Alert } from '../types.js';
import { postAlerts } from './alertmanager.js';

/** What a re-send reads. */
export interface ResendSources {
  /** The active, unmuted alerts. */
  active(): Alert[];
  externalUrl: string;
  onError(channel: string, error: string): void;
}

/** Re-sends where the interval passed; `last` holds the last re-send per channel. */
export async function resendToAlertmanagers(
  config: Pick<AlertingConfig, 'channels' | 'route'>,
  last: Map<string, number>,
  nowMillis: number,
  sources: ResendSources,
): Promise<void> {
  for (const channel of Object.values(config.channels)) {
    if (channel.type !== 'alertmanager') continue;
    const previous = last.get(channel.id);
    if (previous === undefined) {
      last.set(channel.id, nowMillis);
      continue;
    }
    if (nowMillis - previous < channel.resendIntervalMillis) continue;
    last.set(channel.id, nowMillis);
    const alerts = sources
      .active()
      .filter((a) =>
        matchRoutes(config.route, a.labels).some((r) => r.channels.includes(channel.id)),
      );
    if (alerts.length === 0) continue;
    const sent = await postAlerts(channel, alerts, nowMillis, sources.externalUrl);
    if (!sent.ok) sources.onError(channel.id, sent.error);
  }
}
