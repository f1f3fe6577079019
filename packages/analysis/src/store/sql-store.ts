import * as alerts from './alert-ops.js';
import * as baselines from './baseline-ops.js';
import { getById } from './columns.js';
import { appliedMigrations } from './migrations.js';
import * as records from './record-ops.js';
import { queryOne, type Op, type OpContext } from './sql.js';
import { StoreError, errorMessage } from './store-error.js';
import { ALERTS, OPPORTUNITIES, REMEDIATIONS, SILENCES } from './tables.js';
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

/** A {@link MonitoringStore} running the shared SQL operations on a driver. */
export function createSqlStore(driver: SqlDriver, ctx: OpContext): MonitoringStore {
  const { backend, location } = driver;
  let closed = false;
  const run = <T>(mode: 'read' | 'write', make: () => Op<T>): Promise<T> =>
    closed
      ? Promise.reject(new StoreError('closed', `${location}: the store is closed`))
      : driver.run(make(), mode);
  const read = <T>(make: () => Op<T>): Promise<T> => run('read', make);
  const write = <T>(make: () => Op<T>): Promise<T> => run('write', make);

  return {
    backend,
    location,

    upsertBaseline: (input) => write(() => baselines.upsertBaseline(ctx, input)),
    getBaseline: (key) => read(() => baselines.getBaseline(key)),
    listBaselines: (q) => read(() => baselines.listBaselines(q)),
    deleteBaseline: (key) => write(() => baselines.deleteBaseline(key)),
    listBaselineHistory: (key, q) => read(() => baselines.listBaselineHistory(key, q)),
    createBaselineVersion: (input) => write(() => baselines.createBaselineVersion(ctx, input)),
    listBaselineVersions: () => read(() => baselines.listBaselineVersions()),
    // Two reads that must agree: run them in one transaction.
    getBaselineVersion: (id) => write(() => baselines.getBaselineVersion(id)),
    rollbackBaselineVersion: (id) => write(() => baselines.rollbackBaselineVersion(ctx, id)),
    recordDriftEvent: (input) => write(() => baselines.recordDriftEvent(ctx, input)),
    listDriftEvents: (q) => read(() => baselines.listDriftEvents(q)),

    fireAlert: (input) => write(() => alerts.fireAlert(ctx, input)),
    getAlert: (id) => read(() => getById(ALERTS, id)),
    findOpenAlert: (fingerprint) => read(() => alerts.findOpenAlert(fingerprint)),
    resolveAlert: (id, at) => write(() => alerts.resolveAlert(id, at)),
    listAlerts: (q) => read(() => alerts.listAlerts(q)),
    acknowledgeAlert: (input) => write(() => alerts.acknowledgeAlert(input)),
    listAcknowledgements: (alertId) => read(() => alerts.listAcknowledgements(alertId)),
    createSilence: (input) => write(() => alerts.createSilence(ctx, input)),
    getSilence: (id) => read(() => getById(SILENCES, id)),
    expireSilence: (id, at) => write(() => alerts.expireSilence(id, at)),
    listSilences: (q) => read(() => alerts.listSilences(q)),
    recordDeliveryAttempt: (input) => write(() => alerts.recordDeliveryAttempt(input)),
    listDeliveryAttempts: (q) => read(() => alerts.listDeliveryAttempts(q)),
    listDueRetries: (at) => read(() => alerts.listDueRetries(at)),

    upsertOpportunity: (input) => write(() => records.upsertOpportunity(ctx, input)),
    updateOpportunityStatus: (id, status, at) =>
      write(() => records.updateOpportunityStatus(id, status, at)),
    getOpportunity: (id) => read(() => getById(OPPORTUNITIES, id)),
    listOpportunities: (q) => read(() => records.listOpportunities(q)),
    saveRemediation: (record) => write(() => records.saveRemediation(record)),
    getRemediation: (id) => read(() => getById(REMEDIATIONS, id)),
    listRemediations: (q) => read(() => records.listRemediations(q)),
    appendSloRecord: (input) => write(() => records.appendSloRecord(input)),
    appendSloRecords: (inputs) => write(() => records.appendSloRecords(inputs)),
    listSloHistory: (q) => read(() => records.listSloHistory(q)),
    putSloStates: (inputs) => write(() => records.putSloStates(ctx, inputs)),
    listSloStates: () => read(() => records.listSloStates()),
    deleteSloState: (sloId) => write(() => records.deleteSloState(sloId)),
    putCheckpoint: (input) => write(() => records.putCheckpoint(ctx, input)),
    getCheckpoint: (key) => read(() => records.getCheckpoint(key)),
    deleteCheckpoint: (key) => write(() => records.deleteCheckpoint(key)),
    listCheckpoints: () => read(() => records.listCheckpoints()),

    async batch(collect) {
      const ops: Op<unknown>[] = [];
      collect(recordingBatch(ctx, ops));
      if (ops.length > 0) await write(() => sequence(ops));
    },
    pruneHistory: (before) => write(() => records.pruneHistory(before)),
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
