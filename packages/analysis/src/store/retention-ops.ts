/**
 * Retention of stored history, in small batches: each call deletes at most `limit` rows of one
 * kind, in one short transaction, so a clean-up of millions of rows never holds the database
 * for long (the retention component yields to the event loop between calls).
 */
import type { EpochMillis } from './baseline-records.js';
import { LATEST_OF_ITS_CONDITION } from './finding-records.js';
import { execute, queryOne, type Op } from './sql.js';
import type { StoreBackend } from './types.js';

/** Kinds of history removed by age. */
export const AGE_RETENTION_KINDS = [
  'alerts',
  'deliveries',
  'slo_history',
  'drift_events',
  'baseline_history',
  'audit_log',
  'checkpoints',
  'findings',
] as const;
/** One of {@link AGE_RETENTION_KINDS}. */
export type AgeRetentionKind = (typeof AGE_RETENTION_KINDS)[number];

/**
 * Delivery attempts made before the cutoff, except the newest attempt of a delivery still
 * queued or waiting for a retry (the delivery queue resumes from it after a restart).
 */
export const OLD_DELIVERY_ROWS = `attempted_at < ? AND NOT (status IN ('queued', 'failed') AND NOT EXISTS (
      SELECT 1 FROM alert_deliveries later
      WHERE later.alert_id = alert_deliveries.alert_id AND later.channel = alert_deliveries.channel
        AND later.id > alert_deliveries.id))`;

/**
 * Which rows of each kind are old, with the cutoff as the one parameter, oldest first:
 * resolved alerts (their acknowledgements go with them, ON DELETE CASCADE); delivery
 * attempts, except the newest one of a delivery still queued or retrying; baseline history
 * entries; drift events; SLO evaluations; audit entries; checkpoints not written since;
 * findings, except the latest of a condition still firing (so the firing set survives).
 */
const OLD_ROWS: Record<
  AgeRetentionKind,
  { table: string; key: string; where: string; order: string }
> = {
  alerts: {
    table: 'alerts',
    key: 'id',
    where: "status = 'resolved' AND resolved_at < ?",
    order: 'resolved_at',
  },
  deliveries: { table: 'alert_deliveries', key: 'id', where: OLD_DELIVERY_ROWS, order: 'id' },
  slo_history: { table: 'slo_history', key: 'id', where: 'recorded_at < ?', order: 'id' },
  drift_events: {
    table: 'drift_events',
    key: 'id',
    where: 'detected_at < ?',
    order: 'detected_at',
  },
  baseline_history: { table: 'baseline_history', key: 'id', where: 'updated_at < ?', order: 'id' },
  audit_log: { table: 'audit_log', key: 'id', where: 'at < ?', order: 'id' },
  checkpoints: {
    table: 'checkpoints',
    key: 'checkpoint_key',
    where: 'updated_at < ?',
    order: 'updated_at',
  },
  findings: {
    table: 'findings',
    key: 'id',
    where: `recorded_at < ? AND NOT (state = 'firing' AND ${LATEST_OF_ITS_CONDITION('findings')})`,
    order: 'id',
  },
};

/** Deletes at most `limit` rows of `kind` older than `before`; resolves with how many. */
export function* pruneOlderThan(
  kind: AgeRetentionKind,
  before: EpochMillis,
  limit: number,
): Op<number> {
  const { table, key, where, order } = OLD_ROWS[kind];
  return yield* execute(
    `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${where} ORDER BY ${order} LIMIT ?)`,
    [before, limit],
  );
}

/**
 * Deletes at most `limit` baseline versions beyond the newest `keep` (their entries go with
 * them, ON DELETE CASCADE); resolves with how many.
 */
export function* pruneBaselineVersions(keep: number, limit: number): Op<number> {
  return yield* execute(
    `DELETE FROM baseline_versions WHERE id IN (
      SELECT id FROM baseline_versions ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?)`,
    [limit, keep],
  );
}

/** Bytes the store takes: SQLite's pages, or the relations of the PostgreSQL schema in use. */
export function* storeSizeBytes(backend: StoreBackend): Op<number> {
  const row =
    backend === 'sqlite'
      ? yield* queryOne(
          'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
        )
      : yield* queryOne(`SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS bytes
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')`);
  return Number(row?.bytes ?? 0);
}

/** Retention operations of a store. */
export interface RetentionStore {
  /** Deletes at most `limit` rows of `kind` older than `before` (see `retention-ops.ts`). */
  pruneOlderThan(kind: AgeRetentionKind, before: EpochMillis, limit: number): Promise<number>;
  /** Deletes at most `limit` baseline versions beyond the newest `keep`. */
  pruneBaselineVersions(keep: number, limit: number): Promise<number>;
  /** Bytes the store takes now. */
  sizeBytes(): Promise<number>;
}
