/**
 * The notification `testAlertChannel` sends: one info alert named
 * `HeterodyneTestNotification`, marked `test`, so receivers can tell it from real ones.
 */
import { fingerprint } from '../labels.js';
import type { Notification } from '../types.js';

/** A test notification for `channelId` at `nowMillis`. */
export function testNotification(channelId: string, nowMillis: number): Notification {
  const labels = { alertname: 'HeterodyneTestNotification', severity: 'info', channel: channelId };
  return {
    id: `test-${nowMillis}`,
    channel: channelId,
    groupKey: 'test',
    groupLabels: { alertname: labels.alertname },
    status: 'firing',
    alerts: [
      {
        labels,
        annotations: {
          summary: `test notification from heterodyne-monitor to channel ${channelId}`,
        },
        fingerprint: fingerprint(labels),
        ruleId: 'test',
        source: 'api',
        startsAtMillis: nowMillis,
        updatedAtMillis: nowMillis,
      },
    ],
    createdAtMillis: nowMillis,
    test: true,
  };
}
