/**
 * The API's view of alerting: active alerts from the {@link AlertSystem}, history, silences
 * and deliveries from the store, channel settings with secrets redacted (a `Secret` serialises
 * as `<redacted>`), times as RFC 3339 next to the milliseconds.
 */
import type { AlertSystem } from '../alerting/alert-system.js';
import type { AlertingConfig } from '../alerting/config.js';
import { formatMatcher } from '../alerting/matchers.js';
import type { AlertingBackend } from '../api/types.js';
import type { AlertStatus, DeliveryStatus, SilenceRecord } from '../store/alert-records.js';
import type { MonitoringStore } from '../store/types.js';

const iso = (millis: number | undefined): string | undefined =>
  millis === undefined ? undefined : new Date(millis).toISOString();

function silenceView(s: SilenceRecord, now: number): Record<string, unknown> {
  return {
    ...s,
    matchers: s.matchers.map(formatMatcher),
    startsAtTime: iso(s.startsAt),
    endsAtTime: iso(s.endsAt),
    state: now < s.startsAt ? 'pending' : now < s.endsAt ? 'active' : 'expired',
  };
}

/** The alerting backend of the API, over a started system and its store. */
export function createAlertingBackend(
  system: AlertSystem,
  store: MonitoringStore,
  config: AlertingConfig,
  nowMillis: () => number,
): AlertingBackend {
  return {
    nowMillis,
    active(severity) {
      return system
        .getActiveAlerts(severity as Parameters<AlertSystem['getActiveAlerts']>[0])
        .map((a) => ({
          ...a,
          startsAt: iso(a.startsAtMillis),
          status: a.acknowledged ? 'acknowledged' : 'firing',
        }));
    },
    async listAlerts(query) {
      return store.listAlerts({
        status: query.status as AlertStatus,
        ...(query.severity === undefined ? {} : { severity: query.severity }),
        limit: query.limit,
      });
    },
    acknowledge: (id, by, comment) => system.acknowledgeAlert(id, by, comment),
    async listSilences(activeOnly) {
      const now = nowMillis();
      const silences = await store.listSilences(activeOnly ? { activeAt: now } : {});
      return silences.map((s) => silenceView(s, now));
    },
    async createSilence(input) {
      return silenceView(await system.createSilence(input), nowMillis());
    },
    async expireSilence(id) {
      const s = await system.expireSilence(id);
      return s === undefined ? undefined : silenceView(s, nowMillis());
    },
    async listDeliveries(query) {
      const records = await store.listDeliveryAttempts({
        ...(query.channel === undefined ? {} : { channel: query.channel }),
        ...(query.status === undefined ? {} : { status: query.status as DeliveryStatus }),
        limit: query.limit,
      });
      // The payload is kept for dead letters (to replay them); elsewhere it is only noise.
      return records.map(({ payload, ...r }) => {
        // A fallback delivery says which channel it stands in for, and why.
        const failover = (payload as { failover?: unknown } | undefined)?.failover;
        return {
          ...r,
          notificationId: r.alertId,
          attemptedAtTime: iso(r.attemptedAt),
          ...(failover === undefined ? {} : { failover }),
          ...(r.status === 'dead-letter' ? { payload } : {}),
        };
      });
    },
    channels() {
      return Object.values(config.channels).map((c) => JSON.parse(JSON.stringify(c)) as unknown);
    },
    async testChannel(id) {
      const result = await system.testAlertChannel(id);
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    },
  };
}
