/**
 * The per-domain halves of the SQL store (see the domain interfaces in `types.ts`), each
 * running the shared SQL operations through the `read`/`write` runners of one store.
 */
import * as alerts from './alert-ops.js';
import * as baselines from './baseline-ops.js';
import { getById } from './columns.js';
import { appendFindings, listFindings, listFiringFindings } from './finding-records.js';
import type { FindingStore } from './finding-records.js';
import * as records from './record-ops.js';
import { appendRemediationAudit, listRemediationAudit } from './remediation-audit.js';
import type { RemediationAuditStore } from './remediation-audit.js';
import type { Op, OpContext } from './sql.js';
import { ALERTS, OPPORTUNITIES, REMEDIATIONS, SILENCES } from './tables.js';
import type {
  AlertStore,
  BaselineStore,
  CheckpointStore,
  OpportunityStore,
  SloHistoryStore,
  SloStateStore,
} from './types.js';

/** Runs one operation in a read or a write transaction of the store. */
export interface SqlRunners {
  read<T>(make: () => Op<T>): Promise<T>;
  write<T>(make: () => Op<T>): Promise<T>;
}

/** Baselines, versions and drift events. */
export function sqlBaselineStore({ read, write }: SqlRunners, ctx: OpContext): BaselineStore {
  return {
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
  };
}

/** Alerts, acknowledgements, silences and deliveries. */
export function sqlAlertStore({ read, write }: SqlRunners, ctx: OpContext): AlertStore {
  return {
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
  };
}

/** Opportunities and remediations. */
export function sqlOpportunityStore({ read, write }: SqlRunners, ctx: OpContext): OpportunityStore {
  return {
    upsertOpportunity: (input) => write(() => records.upsertOpportunity(ctx, input)),
    updateOpportunityStatus: (id, status, at) =>
      write(() => records.updateOpportunityStatus(id, status, at)),
    getOpportunity: (id) => read(() => getById(OPPORTUNITIES, id)),
    listOpportunities: (q) => read(() => records.listOpportunities(q)),
    saveRemediation: (record) => write(() => records.saveRemediation(record)),
    getRemediation: (id) => read(() => getById(REMEDIATIONS, id)),
    listRemediations: (q) => read(() => records.listRemediations(q)),
  };
}

/** The remediation audit log. */
export function sqlRemediationAuditStore({ read, write }: SqlRunners): RemediationAuditStore {
  return {
    appendRemediationAudit: (input) => write(() => appendRemediationAudit(input)),
    listRemediationAudit: (q) => read(() => listRemediationAudit(q)),
  };
}

/** SLO evaluation history. */
export function sqlSloHistoryStore({ read, write }: SqlRunners): SloHistoryStore {
  return {
    appendSloRecord: (input) => write(() => records.appendSloRecord(input)),
    appendSloRecords: (inputs) => write(() => records.appendSloRecords(inputs)),
    listSloHistory: (q) => read(() => records.listSloHistory(q)),
  };
}

/** The SLO engine's persisted counters. */
export function sqlSloStateStore({ read, write }: SqlRunners, ctx: OpContext): SloStateStore {
  return {
    putSloStates: (inputs) => write(() => records.putSloStates(ctx, inputs)),
    listSloStates: () => read(() => records.listSloStates()),
    deleteSloState: (sloId) => write(() => records.deleteSloState(sloId)),
  };
}

/** Checkpoints. */
export function sqlCheckpointStore({ read, write }: SqlRunners, ctx: OpContext): CheckpointStore {
  return {
    putCheckpoint: (input) => write(() => records.putCheckpoint(ctx, input)),
    getCheckpoint: (key) => read(() => records.getCheckpoint(key)),
    deleteCheckpoint: (key) => write(() => records.deleteCheckpoint(key)),
    listCheckpoints: () => read(() => records.listCheckpoints()),
  };
}

/** The findings history. */
export function sqlFindingStore({ read, write }: SqlRunners): FindingStore {
  return {
    appendFindings: (inputs) => write(() => appendFindings(inputs)),
    listFindings: (q) => read(() => listFindings(q)),
    listFiringFindings: (q) => read(() => listFiringFindings(q)),
  };
}
