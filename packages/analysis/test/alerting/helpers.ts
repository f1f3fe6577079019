import { fingerprint } from '../../src/alerting/labels.js';
import type { Alert } from '../../src/alerting/types.js';

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
