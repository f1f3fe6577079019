/**
 * The findings table: every finding the engine runtime kept (a firing or a resolution), in the
 * order it was recorded, so the recent history and the set of conditions firing now survive
 * a restart. Replicas sharing one store each write and restore their own rows (`replica`).
 */
import type { EpochMillis } from './baseline-records.js';
import {
  column,
  columnList,
  decodeRows,
  encodeFields,
  fieldsOf,
  selectHistory,
  type TableSpec,
} from './columns.js';
import { execute, query, type Condition, type Op } from './sql.js';
import type { TimeRangeQuery } from './types.js';

/** What `appendFindings` needs: one finding as the runtime recorded it. */
export interface FindingRecordInput {
  /** The replica that recorded it (`service.replica`), `''` for an unnamed one. */
  replica: string;
  /** The condition's identity (engine, kind and sorted labels), as the runtime computes it. */
  identity: string;
  /** The engine that raised it. */
  engine: string;
  /** Kind of condition (`slo.burn_rate.page`, `anomaly`, ...). */
  kind: string;
  /** `info`, `warning`, `error` or `critical`. */
  severity: string;
  /** `firing` or `resolved`. */
  state: 'firing' | 'resolved';
  /** Identity within the engine and kind. */
  labels: Record<string, string>;
  /** One line for people. */
  summary: string;
  /** The measured value. */
  value?: number;
  /** What the value was compared with. */
  threshold?: number;
  /** The window the value was measured over, in seconds. */
  windowSeconds?: number;
  /** The numbers behind the finding (JSON). */
  evidence?: Record<string, unknown>;
  /** What a person could do about it. */
  suggestedAction?: string;
  /** When the condition started. */
  startsAt: EpochMillis;
  /** When it ended (resolutions). */
  endsAt?: EpochMillis;
  /** When the runtime recorded it. */
  recordedAt: EpochMillis;
}

/** A stored finding. */
export interface FindingRecord extends FindingRecordInput {
  /** Store-assigned, increasing with insertion order. */
  id: number;
}

/** Filters of `listFindings` (newest recorded first); times apply to `recordedAt`. */
export interface FindingRecordQuery extends TimeRangeQuery {
  /** Only findings of this replica (`''`: the unnamed one). */
  replica?: string;
  /** Only findings of this engine. */
  engine?: string;
  /** Only firings or only resolutions. */
  state?: 'firing' | 'resolved';
}

/** Filters of `listFiringFindings`. */
export interface FiringFindingQuery {
  /** Only conditions of this replica (`''`: the unnamed one). */
  replica?: string;
  /** Only conditions of this engine. */
  engine?: string;
}

/** The findings history. */
export interface FindingStore {
  /** Appends findings, in order, in one transaction. */
  appendFindings(inputs: readonly FindingRecordInput[]): Promise<void>;
  /** Findings, newest recorded first (default limit 1000). */
  listFindings(query?: FindingRecordQuery): Promise<FindingRecord[]>;
  /**
   * The conditions firing: per replica and identity, the latest finding when it is a firing.
   * Ordered by start, oldest first. Not limited: every firing condition is one row.
   */
  listFiringFindings(query?: FiringFindingQuery): Promise<FindingRecord[]>;
}

/** The findings table. */
export const FINDINGS: TableSpec<FindingRecord> = {
  table: 'findings',
  columns: {
    id: column('id', 'integer'),
    replica: column('replica', 'text'),
    identity: column('identity', 'text'),
    engine: column('engine', 'text'),
    kind: column('kind', 'text'),
    severity: column('severity', 'text'),
    state: column('state', 'text'),
    labels: column('labels', 'json'),
    summary: column('summary', 'text'),
    value: column('value', 'real', true),
    threshold: column('threshold', 'real', true),
    windowSeconds: column('window_seconds', 'real', true),
    evidence: column('evidence', 'json', true),
    suggestedAction: column('suggested_action', 'text', true),
    startsAt: column('starts_at', 'integer'),
    endsAt: column('ends_at', 'integer', true),
    recordedAt: column('recorded_at', 'integer'),
  },
};

/**
 * A row that is the latest of its replica and identity: no later row of the same condition.
 * `alias` names the outer row.
 */
export const LATEST_OF_ITS_CONDITION = (alias: string): string =>
  `NOT EXISTS (SELECT 1 FROM findings later WHERE later.replica = ${alias}.replica
    AND later.identity = ${alias}.identity AND later.id > ${alias}.id)`;

const INSERT_FIELDS = fieldsOf(FINDINGS, ['id']);
// No RETURNING: nothing reads the rows back, and a batch is hundreds of them.
const INSERT_SQL = `INSERT INTO ${FINDINGS.table} (${columnList(FINDINGS, INSERT_FIELDS)}) VALUES (${INSERT_FIELDS.map(() => '?').join(', ')})`;

/** Appends findings in order (ids increase with it). */
export function* appendFindings(inputs: readonly FindingRecordInput[]): Op<void> {
  for (const input of inputs) {
    yield* execute(INSERT_SQL, encodeFields(FINDINGS, INSERT_FIELDS, input));
  }
}

/** Findings, newest recorded first. */
export function* listFindings(q: FindingRecordQuery = {}): Op<FindingRecord[]> {
  const filters: Condition[] = [
    ['replica', '=', q.replica],
    ['engine', '=', q.engine],
    ['state', '=', q.state],
  ];
  // Insertion order is record order; a resolution's start is its condition's, so not by time.
  return yield* selectHistory(FINDINGS, filters, 'recorded_at', q, 'id DESC');
}

/** The latest finding of each condition, where it is a firing, oldest start first. */
export function* listFiringFindings(q: FiringFindingQuery = {}): Op<FindingRecord[]> {
  const conditions = ["f.state = 'firing'", LATEST_OF_ITS_CONDITION('f')];
  const params: string[] = [];
  if (q.replica !== undefined) {
    conditions.push('f.replica = ?');
    params.push(q.replica);
  }
  if (q.engine !== undefined) {
    conditions.push('f.engine = ?');
    params.push(q.engine);
  }
  const sql = `SELECT f.* FROM findings f WHERE ${conditions.join(' AND ')} ORDER BY f.starts_at, f.id`;
  return decodeRows(FINDINGS, yield* query(sql, params));
}
