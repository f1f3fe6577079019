import * as alerts from './alert-ops.js';
import * as approvals from './approval-records.js';
import * as baselines from './baseline-ops.js';
import { appliedMigrations } from './migrations.js';
import * as records from './record-ops.js';
import * as retention from './retention-ops.js';
import { queryOne, type Op, type OpContext } from './sql.js';
import { StoreError, errorMessage } from './store-error.js';
import {
  sqlAlertStore,
  sqlBaselineStore,
  sqlCheckpointStore,
  sqlFindingStore,
  sqlOpportunityStore,
  sqlRemediationAuditStore,
  sqlSloHistoryStore,
  sqlSloStateStore,
} from './sql-domain-stores.js';
import type { SqlRunners } from './sql-domain-stores.js';
import type { MonitoringStore, StoreBackend, StoreBatch, StoreHealth } from './types.js';

/** Runs store operations against one database. */
export interface SqlDriver {
  /** Which database. */
  readonly backend: StoreBackend;
  /** Path or URL with the password removed. */
  readonly location: string;
  /**
   * Runs an operation; a `write` runs in one transaction, committed when the operation
   * returns and rolled back when it throws. Database errors reject as `query-failed`.
   */
  run<T>(op: Op<T>, mode: 'read' | 'write'): Promise<T>;
  /** Releases the connection(s). */
  close(): Promise<void>;
}

type BatchOps = {
  [K in keyof StoreBatch]: (ctx: OpContext, ...args: Parameters<StoreBatch[K]>) => Op<unknown>;
};

const BATCH_OPS: BatchOps = {
  upsertBaseline: baselines.upsertBaseline,
  recordDriftEvent: baselines.recordDriftEvent,
  fireAlert: alerts.fireAlert,
  resolveAlert: (_ctx, id, at) => alerts.resolveAlert(id, at),
  recordDeliveryAttempt: (_ctx, input) => alerts.recordDeliveryAttempt(input),
  upsertOpportunity: records.upsertOpportunity,
  saveRemediation: (_ctx, record) => records.saveRemediation(record),
  appendSloRecord: (_ctx, input) => records.appendSloRecord(input),
  putCheckpoint: records.putCheckpoint,
  deleteCheckpoint: (_ctx, key) => records.deleteCheckpoint(key),
};

function* sequence(ops: readonly Op<unknown>[]): Op<void> {
  for (const op of ops) yield* op;
}

/** A batch that records operations instead of running them. */
function recordingBatch(ctx: OpContext, ops: Op<unknown>[]): StoreBatch {
  const batch: Record<string, (...args: unknown[]) => void> = {};
  for (const [name, make] of Object.entries(BATCH_OPS)) {
    const factory = make as (ctx: OpContext, ...args: unknown[]) => Op<unknown>;
    batch[name] = (...args) => void ops.push(factory(ctx, ...args));
  }
  return batch as unknown as StoreBatch;
}

/**
 * A {@link MonitoringStore} running the shared SQL operations on a driver: the domain stores
 * of `sql-domain-stores.ts` composed with transactions, pruning, health and close. The
 * SQLite and PostgreSQL stores are this over their drivers.
 */
export function createSqlStore(driver: SqlDriver, ctx: OpContext): MonitoringStore {
  const { backend, location } = driver;
  let closed = false;
  const run = <T>(mode: 'read' | 'write', make: () => Op<T>): Promise<T> =>
    closed
      ? Promise.reject(new StoreError('closed', `${location}: the store is closed`))
      : driver.run(make(), mode);
  const read = <T>(make: () => Op<T>): Promise<T> => run('read', make);
  const write = <T>(make: () => Op<T>): Promise<T> => run('write', make);
  const runners: SqlRunners = { read, write };

  return {
    backend,
    location,

    ...sqlBaselineStore(runners, ctx),
    ...sqlAlertStore(runners, ctx),
    ...sqlOpportunityStore(runners, ctx),
    ...sqlRemediationAuditStore(runners),
    ...sqlSloHistoryStore(runners),
    ...sqlSloStateStore(runners, ctx),
    ...sqlCheckpointStore(runners, ctx),
    ...sqlFindingStore(runners),

    async batch(collect) {
      const ops: Op<unknown>[] = [];
      collect(recordingBatch(ctx, ops));
      if (ops.length > 0) await write(() => sequence(ops));
    },
    pruneHistory: (before) => write(() => records.pruneHistory(before)),
    createProposal: (input) => write(() => approvals.createProposal(ctx, input)),
    getProposal: (id) => read(() => approvals.getProposal(id)),
    listProposals: (q) => read(() => approvals.listProposals(q)),
    decideProposal: (id, decision) => write(() => approvals.decideProposal(id, decision)),
    appendAudit: (input) => write(() => approvals.appendAudit(input)),
    listAudit: (q) => read(() => approvals.listAudit(q)),
    pruneOlderThan: (kind, before, limit) =>
      write(() => retention.pruneOlderThan(kind, before, limit)),
    pruneBaselineVersions: (keep, limit) =>
      write(() => retention.pruneBaselineVersions(keep, limit)),
    sizeBytes: () => read(() => retention.storeSizeBytes(backend)),
    listAppliedMigrations: () => read(() => appliedMigrations()),

    async health(): Promise<StoreHealth> {
      if (closed) return { ok: false, backend, location, error: 'the store is closed' };
      const started = performance.now();
      try {
        const row = await driver.run(
          queryOne('SELECT MAX(version) AS version FROM schema_migrations'),
          'read',
        );
        const latencyMillis = performance.now() - started;
        return {
          ok: true,
          backend,
          location,
          schemaVersion: Number(row?.version ?? 0),
          latencyMillis,
        };
      } catch (error) {
        return { ok: false, backend, location, error: errorMessage(error) };
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await driver.close();
    },
  };
}
