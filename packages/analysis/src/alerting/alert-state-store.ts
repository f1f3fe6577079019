/**
 * Keeps the store in step with the alerting core: alerts opened, re-seen and resolved,
 * acknowledgements and silences are written in order (one chain, so a resolve never overtakes
 * its firing), and read back at start so alerts, acknowledgements and silences survive a
 * restart. A failed write is reported, never thrown into the caller.
 */
import type { AlertRecord, SilenceInput, SilenceRecord } from '../store/alert-records.js';
import type { AlertStore, MonitoringStore } from '../store/types.js';
import type { AlertSource } from './types.js';
import type { Alert } from './types.js';

/** The store the alerting state lives in. */
export type AlertStateBackend = AlertStore &
  Partial<Pick<MonitoringStore, 'batch' | 'getCheckpoint' | 'putCheckpoint'>>;

/** Options of {@link createAlertStateStore}. */
export interface AlertStateStoreOptions {
  store: AlertStateBackend;
  /** Told of failed writes. */
  onError(what: string, error: unknown): void;
}

/** What was restored at start. */
export interface RestoredState {
  alerts: { alert: Alert; id: string; acknowledged: boolean }[];
  silences: SilenceRecord[];
}

/** Writes alert state in order. */
export interface AlertStateStore {
  /** Records firings (new or re-seen) in one transaction where the store supports it. */
  fire(alerts: readonly Alert[], atMillis: number): void;
  /** Records a resolution. */
  resolve(alert: Alert, atMillis: number): void;
  /** The store id of the open alert of a fingerprint (known once its firing was written). */
  idOf(fingerprint: string): string | undefined;
  /** Waits for the writes queued so far. */
  flush(): Promise<void>;
  /** Reads the open alerts and the silences not yet ended. */
  restore(atMillis: number, sourceOf: (record: AlertRecord) => AlertSource): Promise<RestoredState>;
  /** Records a silence; resolves with the record. */
  createSilence(input: SilenceInput): Promise<SilenceRecord>;
}

/** The record's category: the `category` label, else where the alert came from. */
export function categoryOf(alert: Alert): string {
  return alert.labels.category ?? alert.source;
}

/** Creates the state store. */
export function createAlertStateStore(options: AlertStateStoreOptions): AlertStateStore {
  const { store } = options;
  const ids = new Map<string, string>();
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (what: string, write: () => Promise<void>): void => {
    chain = chain.then(write).catch((error: unknown) => options.onError(what, error));
  };
  const firing = (a: Alert, atMillis: number) => ({
    ruleId: a.ruleId,
    fingerprint: a.fingerprint,
    severity: a.labels.severity ?? 'warning',
    category: categoryOf(a),
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    at: Math.max(atMillis, a.startsAtMillis),
  });

  return {
    fire(alerts, atMillis) {
      if (alerts.length === 0) return;
      enqueue('record firing alerts', async () => {
        // The first write of each fingerprint learns the alert id; later ones fold into it.
        const unknown = alerts.filter((a) => !ids.has(a.fingerprint));
        for (const a of unknown) {
          const result = await store.fireAlert({ ...firing(a, atMillis), at: a.startsAtMillis });
          ids.set(a.fingerprint, result.alert.id);
        }
        const known = alerts.filter((a) => !unknown.includes(a));
        if (known.length === 0) return;
        if (store.batch) {
          await store.batch((b) => {
            for (const a of known) b.fireAlert(firing(a, atMillis));
          });
        } else {
          for (const a of known) await store.fireAlert(firing(a, atMillis));
        }
      });
    },
    resolve(alert, atMillis) {
      enqueue('record a resolved alert', async () => {
        const id = ids.get(alert.fingerprint) ?? (await store.findOpenAlert(alert.fingerprint))?.id;
        ids.delete(alert.fingerprint);
        if (id !== undefined) await store.resolveAlert(id, alert.endsAtMillis ?? atMillis);
      });
    },
    idOf: (fp) => ids.get(fp),
    async flush() {
      await chain;
    },
    async restore(atMillis, sourceOf) {
      const open = await store.listAlerts({ status: ['firing', 'acknowledged'], limit: 1_000_000 });
      const alerts = open.map((r) => {
        ids.set(r.fingerprint, r.id);
        const alert: Alert = {
          labels: r.labels,
          annotations: r.annotations,
          fingerprint: r.fingerprint,
          ruleId: r.ruleId,
          source: sourceOf(r),
          startsAtMillis: r.firstSeenAt,
          updatedAtMillis: r.lastSeenAt,
        };
        return { alert, id: r.id, acknowledged: r.status === 'acknowledged' };
      });
      const silences = (await store.listSilences()).filter((s) => s.endsAt > atMillis);
      return { alerts, silences };
    },
    async createSilence(input) {
      await chain;
      return store.createSilence(input);
    },
  };
}
