import { err, ok, type Result } from '../result.js';
import type {
  AcknowledgementInput,
  AcknowledgementRecord,
  AlertFireResult,
  AlertFiring,
  AlertRecord,
  DeliveryAttemptInput,
  DeliveryAttemptRecord,
  SilenceInput,
  SilenceRecord,
} from './alert-records.js';
import type { EpochMillis } from './baseline-records.js';
import {
  decodeRow,
  decodeRows,
  getById,
  insertRecord,
  selectHistory,
  selectRows,
} from './columns.js';
import { execute, query, queryOne, type Condition, type Op, type OpContext } from './sql.js';
import { StoreError } from './store-error.js';
import { ACKNOWLEDGEMENTS, ALERTS, DELIVERIES, SILENCES } from './tables.js';
import type { AlertQuery, DeliveryAttemptQuery } from './types.js';

// The conflict target names the partial unique index on open alerts, so a resolved alert
// never absorbs a new firing. Both databases make the upsert atomic.
const FIRE_ALERT = ` ON CONFLICT (fingerprint) WHERE status <> 'resolved' DO UPDATE SET
    rule_id = excluded.rule_id, severity = excluded.severity, category = excluded.category,
    labels = excluded.labels, annotations = excluded.annotations,
    occurrences = alerts.occurrences + 1,
    first_seen_at = CASE WHEN excluded.first_seen_at < alerts.first_seen_at
      THEN excluded.first_seen_at ELSE alerts.first_seen_at END,
    last_seen_at = CASE WHEN excluded.last_seen_at > alerts.last_seen_at
      THEN excluded.last_seen_at ELSE alerts.last_seen_at END`;

/** Opens an alert or folds a firing into the open one. */
export function* fireAlert(ctx: OpContext, input: AlertFiring): Op<AlertFireResult> {
  const record: AlertRecord = {
    id: input.id ?? ctx.newId(),
    ruleId: input.ruleId,
    fingerprint: input.fingerprint,
    severity: input.severity,
    category: input.category,
    status: 'firing',
    labels: input.labels ?? {},
    annotations: input.annotations ?? {},
    firstSeenAt: input.at,
    lastSeenAt: input.at,
    count: 1,
  };
  const alert = yield* insertRecord(ALERTS, record, { tail: FIRE_ALERT });
  return { alert, created: alert.id === record.id };
}

/** The open alert of a fingerprint. */
export function* findOpenAlert(fingerprint: string): Op<AlertRecord | undefined> {
  const sql = `SELECT * FROM ${ALERTS.table} WHERE fingerprint = ? AND status <> 'resolved'`;
  const row = yield* queryOne(sql, [fingerprint]);
  return row === undefined ? undefined : decodeRow(ALERTS, row);
}

/** Resolves an alert. */
export function* resolveAlert(id: string, at: EpochMillis): Op<AlertRecord | undefined> {
  const row = yield* queryOne(
    `UPDATE ${ALERTS.table} SET status = 'resolved', resolved_at = ?
      WHERE id = ? AND status <> 'resolved' RETURNING *`,
    [at, id],
  );
  return row === undefined ? yield* getById(ALERTS, id) : decodeRow(ALERTS, row);
}

/** Alerts, most recently seen first. */
export function* listAlerts(q: AlertQuery = {}): Op<AlertRecord[]> {
  const filters: Condition[] = [
    ['status', 'in', q.status],
    ['rule_id', '=', q.ruleId],
    ['severity', '=', q.severity],
  ];
  return yield* selectHistory(ALERTS, filters, 'last_seen_at', q);
}

/** Records an acknowledgement and moves a firing alert to acknowledged. */
export function* acknowledgeAlert(
  input: AcknowledgementInput,
): Op<Result<AcknowledgementRecord, StoreError>> {
  const alert = yield* getById(ALERTS, input.alertId);
  if (alert === undefined) {
    return err(new StoreError('not-found', `acknowledge: alert '${input.alertId}' does not exist`));
  }
  const ack = yield* insertRecord(ACKNOWLEDGEMENTS, { ...input, id: 0 }, { except: ['id'] });
  yield* execute(
    `UPDATE ${ALERTS.table} SET status = 'acknowledged', acknowledged_at = ?
      WHERE id = ? AND status = 'firing'`,
    [input.at, input.alertId],
  );
  return ok(ack);
}

/** Acknowledgements of an alert, oldest first. */
export function* listAcknowledgements(alertId: string): Op<AcknowledgementRecord[]> {
  return yield* selectRows(ACKNOWLEDGEMENTS, [['alert_id', '=', alertId]], { orderBy: 'id' });
}

/** Creates a silence. */
export function* createSilence(ctx: OpContext, input: SilenceInput): Op<SilenceRecord> {
  const record: SilenceRecord = {
    ...input,
    id: input.id ?? ctx.newId(),
    comment: input.comment ?? '',
    createdAt: ctx.now(),
  };
  return yield* insertRecord(SILENCES, record);
}

/** Ends a silence at `at` unless it ends earlier. */
export function* expireSilence(id: string, at: EpochMillis): Op<SilenceRecord | undefined> {
  yield* execute(`UPDATE ${SILENCES.table} SET ends_at = ? WHERE id = ? AND ends_at > ?`, [
    at,
    id,
    at,
  ]);
  return yield* getById(SILENCES, id);
}

/** Silences ordered by start, optionally only those active at a time. */
export function* listSilences(q: { activeAt?: EpochMillis } = {}): Op<SilenceRecord[]> {
  const conditions: Condition[] = [
    ['starts_at', '<=', q.activeAt],
    ['ends_at', '>', q.activeAt],
  ];
  return yield* selectRows(SILENCES, conditions, { orderBy: 'starts_at, id' });
}

/** Records a delivery attempt. */
export function* recordDeliveryAttempt(input: DeliveryAttemptInput): Op<DeliveryAttemptRecord> {
  return yield* insertRecord(DELIVERIES, { ...input, id: 0 }, { except: ['id'] });
}

/** Delivery attempts, newest first. */
export function* listDeliveryAttempts(q: DeliveryAttemptQuery = {}): Op<DeliveryAttemptRecord[]> {
  const filters: Condition[] = [
    ['alert_id', '=', q.alertId],
    ['channel', '=', q.channel],
    ['status', '=', q.status],
  ];
  return yield* selectHistory(DELIVERIES, filters, 'attempted_at', q, 'id DESC');
}

/** Latest attempts per alert and channel that are queued or failed, and due at `at`. */
export function* listDueRetries(at: EpochMillis): Op<DeliveryAttemptRecord[]> {
  const sql = `SELECT d.* FROM ${DELIVERIES.table} d
    WHERE d.status IN ('queued', 'failed') AND d.next_retry_at <= ?
      AND NOT EXISTS (SELECT 1 FROM ${DELIVERIES.table} later
        WHERE later.alert_id = d.alert_id AND later.channel = d.channel AND later.id > d.id)
    ORDER BY d.next_retry_at, d.id`;
  return decodeRows(DELIVERIES, yield* query(sql, [at]));
}
