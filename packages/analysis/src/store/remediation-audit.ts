/**
 * The remediation audit log: one append-only row per decision and action of the
 * optimization engine (decided, dry run, executed, kept, rolled back, failed ...), with the
 * numbers it was decided on, so "why was this changed, and why was it undone" has an answer
 * after the fact.
 */
import type { EpochMillis } from './baseline-records.js';
import { column, insertRecord, selectHistory, type TableSpec } from './columns.js';
import type { Condition, Op } from './sql.js';
import type { TimeRangeQuery } from './types.js';

/** What `appendRemediationAudit` needs. */
export interface RemediationAuditInput {
  /** When it happened. */
  at: EpochMillis;
  /** The opportunity concerned. */
  opportunityId: string;
  /** The remediation execution concerned, once there is one. */
  remediationId?: string;
  /** The action's name (callback or webhook), when there is one. */
  action?: string;
  /**
   * What happened: `recommended`, `dry_run`, `rate_limited`, `executed`, `kept`,
   * `rolled_back`, `failed`, ...
   */
  event: string;
  /** Why, for people. */
  reason: string;
  /** The numbers it was decided on (confidence, thresholds, p-values, before/after). */
  numbers: Record<string, unknown>;
}

/** A stored audit entry. */
export interface RemediationAuditRecord extends RemediationAuditInput {
  /** Store-assigned, increasing with insertion order. */
  id: number;
}

/** Filters of `listRemediationAudit` (newest first); times apply to `at`. */
export interface RemediationAuditQuery extends TimeRangeQuery {
  /** Only entries about this opportunity. */
  opportunityId?: string;
  /** Only entries about this remediation execution. */
  remediationId?: string;
}

/** The remediation audit log. */
export interface RemediationAuditStore {
  /** Appends one entry. */
  appendRemediationAudit(input: RemediationAuditInput): Promise<RemediationAuditRecord>;
  /** Entries, newest first. */
  listRemediationAudit(query?: RemediationAuditQuery): Promise<RemediationAuditRecord[]>;
}

/** The audit table. */
export const REMEDIATION_AUDIT: TableSpec<RemediationAuditRecord> = {
  table: 'remediation_audit',
  columns: {
    id: column('id', 'integer'),
    at: column('at', 'integer'),
    opportunityId: column('opportunity_id', 'text'),
    remediationId: column('remediation_id', 'text', true),
    action: column('action', 'text', true),
    event: column('event', 'text'),
    reason: column('reason', 'text'),
    numbers: column('numbers', 'json'),
  },
};

/** Appends an audit entry. */
export function* appendRemediationAudit(input: RemediationAuditInput): Op<RemediationAuditRecord> {
  return yield* insertRecord(REMEDIATION_AUDIT, { ...input, id: 0 }, { except: ['id'] });
}

/** Audit entries, newest first. */
export function* listRemediationAudit(q: RemediationAuditQuery = {}): Op<RemediationAuditRecord[]> {
  const filters: Condition[] = [
    ['opportunity_id', '=', q.opportunityId],
    ['remediation_id', '=', q.remediationId],
  ];
  return yield* selectHistory(REMEDIATION_AUDIT, filters, 'at', q);
}
