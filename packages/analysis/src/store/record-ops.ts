import type { EpochMillis } from './baseline-records.js';
import {
  decodeRow,
  decodeRows,
  insertRecord,
  upsertTail,
  type TableSpec,
  selectHistory,
  selectRows,
} from './columns.js';
import type {
  CheckpointInput,
  CheckpointRecord,
  CheckpointSummary,
  OpportunityInput,
  OpportunityRecord,
  OpportunityStatus,
  PruneCounts,
  RemediationRecord,
  SloRecord,
  SloRecordInput,
  SloStateInput,
  SloStateRecord,
} from './records.js';
import { OLD_DELIVERY_ROWS } from './retention-ops.js';
import { execute, query, queryOne, type Condition, type Op, type OpContext } from './sql.js';
import { CHECKPOINTS, OPPORTUNITIES, REMEDIATIONS, SLO_HISTORY, SLO_STATE } from './tables.js';
import type { OpportunityQuery, RemediationQuery, SloHistoryQuery } from './types.js';

const UPSERT_OPPORTUNITY = upsertTail(OPPORTUNITIES, ['id'], ['createdAt']);

/** Inserts or replaces an opportunity, keeping `createdAt`. */
export function* upsertOpportunity(ctx: OpContext, input: OpportunityInput): Op<OpportunityRecord> {
  const at = input.at ?? ctx.now();
  const record: OpportunityRecord = {
    ...input,
    status: input.status ?? 'open',
    details: input.details ?? {},
    createdAt: at,
    updatedAt: at,
  };
  return yield* insertRecord(OPPORTUNITIES, record, { tail: UPSERT_OPPORTUNITY });
}

/** Changes an opportunity's status. */
export function* updateOpportunityStatus(
  id: string,
  status: OpportunityStatus,
  at: EpochMillis,
): Op<OpportunityRecord | undefined> {
  const sql = `UPDATE ${OPPORTUNITIES.table} SET status = ?, updated_at = ? WHERE id = ? RETURNING *`;
  const row = yield* queryOne(sql, [status, at, id]);
  return row === undefined ? undefined : decodeRow(OPPORTUNITIES, row);
}

/** Opportunities by priority, then impact. */
export function* listOpportunities(q: OpportunityQuery = {}): Op<OpportunityRecord[]> {
  const conditions: Condition[] = [
    ['status', 'in', q.status],
    ['category', '=', q.category],
    ['template', '=', q.template],
  ];
  const options = { orderBy: 'priority DESC, estimated_impact DESC, id', limit: q.limit };
  return yield* selectRows(OPPORTUNITIES, conditions, options);
}

const UPSERT_REMEDIATION = upsertTail(REMEDIATIONS, ['id'], []);

/** Inserts or replaces a remediation execution. */
export function* saveRemediation(record: RemediationRecord): Op<RemediationRecord> {
  return yield* insertRecord(REMEDIATIONS, record, { tail: UPSERT_REMEDIATION });
}

/** Remediation executions, newest start first. */
export function* listRemediations(q: RemediationQuery = {}): Op<RemediationRecord[]> {
  const filters: Condition[] = [
    ['opportunity_id', '=', q.opportunityId],
    ['status', '=', q.status],
  ];
  // No time range: only the limit applies.
  return yield* selectHistory(REMEDIATIONS, filters, 'started_at', { limit: q.limit });
}

/** Appends an SLO evaluation. */
export function* appendSloRecord(input: SloRecordInput): Op<SloRecord> {
  const record: SloRecord = {
    ...input,
    sloId: input.sloId ?? input.sliId,
    burnRates: input.burnRates ?? {},
    id: 0,
  };
  return yield* insertRecord(SLO_HISTORY, record, { except: ['id'] });
}

/** Appends several SLO evaluations. */
export function* appendSloRecords(inputs: readonly SloRecordInput[]): Op<void> {
  for (const input of inputs) yield* appendSloRecord(input);
}

const UPSERT_SLO_STATE = upsertTail(SLO_STATE, ['sloId'], []);

/** Writes or replaces SLO states. */
export function* putSloStates(ctx: OpContext, inputs: readonly SloStateInput[]): Op<void> {
  const updatedAt = ctx.now();
  for (const input of inputs) {
    yield* insertRecord(SLO_STATE, { ...input, updatedAt }, { tail: UPSERT_SLO_STATE });
  }
}

/** Every SLO state, by SLO id. */
export function* listSloStates(): Op<SloStateRecord[]> {
  return decodeRows(SLO_STATE, yield* query(`SELECT * FROM ${SLO_STATE.table} ORDER BY slo_id`));
}

/** Deletes one SLO state. */
export function* deleteSloState(sloId: string): Op<boolean> {
  return (yield* execute(`DELETE FROM ${SLO_STATE.table} WHERE slo_id = ?`, [sloId])) > 0;
}

/** SLO evaluations, newest first. */
export function* listSloHistory(q: SloHistoryQuery = {}): Op<SloRecord[]> {
  const filters: Condition[] = [
    ['sli_id', '=', q.sliId],
    ['slo_id', '=', q.sloId],
    ['window_seconds', '=', q.windowSeconds],
  ];
  return yield* selectHistory(SLO_HISTORY, filters, 'recorded_at', q);
}

const UPSERT_CHECKPOINT = upsertTail(CHECKPOINTS, ['key'], []);
const CHECKPOINT_SUMMARY: TableSpec<CheckpointSummary> = {
  table: CHECKPOINTS.table,
  columns: {
    key: CHECKPOINTS.columns.key,
    version: CHECKPOINTS.columns.version,
    updatedAt: CHECKPOINTS.columns.updatedAt,
  },
};

/** Writes or overwrites a checkpoint. */
export function* putCheckpoint(ctx: OpContext, input: CheckpointInput): Op<CheckpointRecord> {
  const record: CheckpointRecord = { ...input, updatedAt: ctx.now() };
  return yield* insertRecord(CHECKPOINTS, record, { tail: UPSERT_CHECKPOINT });
}

/** Reads a checkpoint. */
export function* getCheckpoint(key: string): Op<CheckpointRecord | undefined> {
  const row = yield* queryOne(`SELECT * FROM ${CHECKPOINTS.table} WHERE checkpoint_key = ?`, [key]);
  return row === undefined ? undefined : decodeRow(CHECKPOINTS, row);
}

/** Deletes a checkpoint. */
export function* deleteCheckpoint(key: string): Op<boolean> {
  return (yield* execute(`DELETE FROM ${CHECKPOINTS.table} WHERE checkpoint_key = ?`, [key])) > 0;
}

/** Checkpoint keys, versions and times. */
export function* listCheckpoints(): Op<CheckpointSummary[]> {
  const sql = `SELECT checkpoint_key, format_version, updated_at FROM ${CHECKPOINTS.table} ORDER BY checkpoint_key`;
  return decodeRows(CHECKPOINT_SUMMARY, yield* query(sql));
}

/** Deletes history older than `before` (what retention removes, but keeping dead letters). */
export function* pruneHistory(before: EpochMillis): Op<PruneCounts> {
  const remove = (table: string, condition: string): Op<number> =>
    execute(`DELETE FROM ${table} WHERE ${condition}`, [before]);
  return {
    baselineHistory: yield* remove('baseline_history', 'updated_at < ?'),
    driftEvents: yield* remove('drift_events', 'detected_at < ?'),
    sloHistory: yield* remove(SLO_HISTORY.table, 'recorded_at < ?'),
    // Dead letters stay for inspection; a delivery still queued or retrying keeps its newest
    // attempt.
    deliveryAttempts: yield* remove(
      'alert_deliveries',
      `${OLD_DELIVERY_ROWS} AND status <> 'dead-letter'`,
    ),
    // Acknowledgements go with their alert (ON DELETE CASCADE).
    resolvedAlerts: yield* remove('alerts', "status = 'resolved' AND resolved_at < ?"),
  };
}
