import { err, ok, type Result } from '../result.js';
import type {
  BaselineHistoryEntry,
  BaselineInput,
  BaselineRecord,
  BaselineVersionInput,
  BaselineVersionRecord,
  BaselineVersionSnapshot,
  DriftEventInput,
  DriftEventRecord,
} from './baseline-records.js';
import {
  columnList,
  columnOf,
  decodeRow,
  decodeRows,
  fieldsOf,
  insertRecord,
  upsertTail,
  selectHistory,
  selectRows,
} from './columns.js';
import { execute, query, queryOne, type Condition, type Op, type OpContext } from './sql.js';
import { StoreError } from './store-error.js';
import { BASELINE_HISTORY, BASELINE_VERSIONS, BASELINES, DRIFT_EVENTS } from './tables.js';
import type { DriftEventQuery, TimeRangeQuery } from './types.js';

const BASELINE_FIELDS = fieldsOf(BASELINES);
const BASELINE_COLUMN_LIST = columnList(BASELINES, BASELINE_FIELDS);
const UPSERT_BASELINE = upsertTail(BASELINES, ['key'], ['createdAt']);
// History rows copy the current row, so they hold exactly what was stored.
const APPEND_HISTORY = `INSERT INTO ${BASELINE_HISTORY.table} (source, version_id, ${BASELINE_COLUMN_LIST})
  SELECT ?, ?, ${BASELINE_COLUMN_LIST} FROM ${BASELINES.table}`;

/** Sets a current baseline and appends it to history. */
export function* upsertBaseline(ctx: OpContext, input: BaselineInput): Op<BaselineRecord> {
  const at = input.updatedAt ?? ctx.now();
  const record: BaselineRecord = {
    ...input,
    details: input.details ?? {},
    createdAt: at,
    updatedAt: at,
  };
  const stored = yield* insertRecord(BASELINES, record, { tail: UPSERT_BASELINE });
  yield* execute(`${APPEND_HISTORY} WHERE series_key = ?`, ['update', null, input.key]);
  return stored;
}

/** The current baseline of a key. */
export function* getBaseline(key: string): Op<BaselineRecord | undefined> {
  const row = yield* queryOne(`SELECT * FROM ${BASELINES.table} WHERE series_key = ?`, [key]);
  return row === undefined ? undefined : decodeRow(BASELINES, row);
}

/** Current baselines ordered by key. */
export function* listBaselines(q: { metric?: string } = {}): Op<BaselineRecord[]> {
  return yield* selectRows(BASELINES, [['metric', '=', q.metric]], { orderBy: 'series_key' });
}

/** Deletes a current baseline. */
export function* deleteBaseline(key: string): Op<boolean> {
  return (yield* execute(`DELETE FROM ${BASELINES.table} WHERE series_key = ?`, [key])) > 0;
}

/** History of one key, newest first. */
export function* listBaselineHistory(
  key: string,
  q: TimeRangeQuery = {},
): Op<BaselineHistoryEntry[]> {
  const filters: Condition[] = [['series_key', '=', key]];
  return yield* selectHistory(BASELINE_HISTORY, filters, 'updated_at', q, 'id DESC');
}

/** Snapshots all current baselines under a new version. */
export function* createBaselineVersion(
  ctx: OpContext,
  input: BaselineVersionInput,
): Op<BaselineVersionRecord> {
  const version: BaselineVersionRecord = {
    id: input.id ?? ctx.newId(),
    name: input.name,
    notes: input.notes ?? '',
    createdAt: ctx.now(),
    baselineCount: 0,
  };
  yield* insertRecord(BASELINE_VERSIONS, version);
  // Count what was copied (not a separate COUNT) so the number matches the snapshot.
  version.baselineCount = yield* execute(
    `INSERT INTO baseline_version_entries (version_id, ${BASELINE_COLUMN_LIST})
      SELECT ?, ${BASELINE_COLUMN_LIST} FROM ${BASELINES.table}`,
    [version.id],
  );
  yield* execute(`UPDATE ${BASELINE_VERSIONS.table} SET baseline_count = ? WHERE id = ?`, [
    version.baselineCount,
    version.id,
  ]);
  return version;
}

/** All versions, newest first. */
export function* listBaselineVersions(): Op<BaselineVersionRecord[]> {
  const sql = `SELECT * FROM ${BASELINE_VERSIONS.table} ORDER BY created_at DESC, id DESC`;
  return decodeRows(BASELINE_VERSIONS, yield* query(sql));
}

/** One version with its baselines. */
export function* getBaselineVersion(id: string): Op<BaselineVersionSnapshot | undefined> {
  const row = yield* queryOne(`SELECT * FROM ${BASELINE_VERSIONS.table} WHERE id = ?`, [id]);
  if (row === undefined) return undefined;
  const entries = yield* query(
    `SELECT * FROM baseline_version_entries WHERE version_id = ? ORDER BY series_key`,
    [id],
  );
  return { version: decodeRow(BASELINE_VERSIONS, row), baselines: decodeRows(BASELINES, entries) };
}

/** Replaces the current baselines by a version's. */
export function* rollbackBaselineVersion(
  ctx: OpContext,
  id: string,
): Op<Result<BaselineRecord[], StoreError>> {
  const version = yield* queryOne(`SELECT id FROM ${BASELINE_VERSIONS.table} WHERE id = ?`, [id]);
  if (version === undefined) {
    return err(new StoreError('not-found', `rollback: baseline version '${id}' does not exist`));
  }
  // Restored baselines keep their statistics; `updated_at` says when they became current.
  const updated = columnOf(BASELINES, 'updatedAt');
  const restoredColumns = BASELINE_FIELDS.map((field) =>
    columnOf(BASELINES, field) === updated ? '?' : columnOf(BASELINES, field),
  ).join(', ');
  yield* execute(`DELETE FROM ${BASELINES.table}`);
  yield* execute(
    `INSERT INTO ${BASELINES.table} (${BASELINE_COLUMN_LIST})
      SELECT ${restoredColumns} FROM baseline_version_entries WHERE version_id = ?`,
    [ctx.now(), id],
  );
  yield* execute(APPEND_HISTORY, ['rollback', id]);
  return ok(yield* listBaselines());
}

/** Records a drift event. */
export function* recordDriftEvent(ctx: OpContext, input: DriftEventInput): Op<DriftEventRecord> {
  const record: DriftEventRecord = {
    ...input,
    id: input.id ?? ctx.newId(),
    details: input.details ?? {},
  };
  return yield* insertRecord(DRIFT_EVENTS, record);
}

/** Drift events, newest first. */
export function* listDriftEvents(q: DriftEventQuery = {}): Op<DriftEventRecord[]> {
  const filters: Condition[] = [
    ['metric', '=', q.metric],
    ['series_key', '=', q.seriesKey],
  ];
  return yield* selectHistory(DRIFT_EVENTS, filters, 'detected_at', q);
}
