/**
 * Proposals awaiting a person's approval, and the audit log of decisions: one row per
 * proposal (pending until approved, rejected, expired or superseded) and one append-only row
 * per decision or action, with who made it and why.
 */
import type { EpochMillis } from './baseline-records.js';
import {
  column,
  decodeReturned,
  getById,
  insertRecord,
  selectHistory,
  type TableSpec,
} from './columns.js';
import { queryOne, type Condition, type Op, type OpContext } from './sql.js';
import type { TimeRangeQuery } from './types.js';

/** Where a proposal stands. */
export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'superseded';

/** What `createProposal` needs. */
export interface ProposalInput {
  /** What kind of change (`baseline-update`; later `optimization-action`). */
  kind: string;
  /** What it changes (a series key, an opportunity id). */
  subject: string;
  /** The change for people. */
  summary: string;
  /** When it lapses unless decided. */
  expiresAt: EpochMillis;
  /** What applying it needs (the proposed baseline, the action). JSON-serialisable. */
  payload: Record<string, unknown>;
  /** Who proposed it. @default 'system' */
  proposedBy?: string;
}

/** A stored proposal. */
export interface ProposalRecord extends Required<ProposalInput> {
  id: string;
  status: ProposalStatus;
  createdAt: EpochMillis;
  /** When it was decided (approved, rejected, expired, superseded). */
  decidedAt?: EpochMillis;
  /** Who decided. */
  decidedBy?: string;
  /** Why, in their words. */
  note?: string;
}

/** Filters of `listProposals` (newest first); times apply to `createdAt`. */
export interface ProposalQuery extends TimeRangeQuery {
  status?: ProposalStatus;
  kind?: string;
  subject?: string;
  /** Only proposals whose `expiresAt` is at or before this time (ms since the epoch). */
  expiresBy?: EpochMillis;
}

/** What `appendAudit` needs. */
export interface AuditInput {
  at: EpochMillis;
  /** Who: a token's name, a CLI user, or `system`. */
  actor: string;
  /** What: `proposal.created`, `proposal.approved`, `proposal.rejected`, `proposal.expired`, ... */
  action: string;
  /** What it concerned (a proposal id). */
  subject: string;
  /** The note and the numbers it was decided on. */
  details: Record<string, unknown>;
}

/** A stored audit entry. */
export interface AuditRecord extends AuditInput {
  id: number;
}

/** Filters of `listAudit` (newest first); times apply to `at`. */
export interface AuditQuery extends TimeRangeQuery {
  subject?: string;
  action?: string;
}

/** Proposals and the audit log. */
export interface ApprovalStore {
  /** Stores a new pending proposal. */
  createProposal(input: ProposalInput): Promise<ProposalRecord>;
  /** A proposal by id. */
  getProposal(id: string): Promise<ProposalRecord | undefined>;
  /** Proposals, newest first. */
  listProposals(query?: ProposalQuery): Promise<ProposalRecord[]>;
  /**
   * Moves a proposal out of `pending` (only from `pending`: of two deciders, one wins) and
   * resolves with it, or undefined when it was not pending.
   */
  decideProposal(
    id: string,
    decision: {
      status: Exclude<ProposalStatus, 'pending'>;
      by: string;
      at: EpochMillis;
      note?: string;
    },
  ): Promise<ProposalRecord | undefined>;
  /** Appends an audit entry. */
  appendAudit(input: AuditInput): Promise<AuditRecord>;
  /** Audit entries, newest first. */
  listAudit(query?: AuditQuery): Promise<AuditRecord[]>;
}

/** The proposals table. */
export const PROPOSALS: TableSpec<ProposalRecord> = {
  table: 'proposals',
  columns: {
    id: column('id', 'text'),
    kind: column('kind', 'text'),
    subject: column('subject', 'text'),
    summary: column('summary', 'text'),
    status: column('status', 'text'),
    proposedBy: column('proposed_by', 'text'),
    createdAt: column('created_at', 'integer'),
    expiresAt: column('expires_at', 'integer'),
    payload: column('payload', 'json'),
    decidedAt: column('decided_at', 'integer', true),
    decidedBy: column('decided_by', 'text', true),
    note: column('note', 'text', true),
  },
};

/** The audit log table. */
export const AUDIT_LOG: TableSpec<AuditRecord> = {
  table: 'audit_log',
  columns: {
    id: column('id', 'integer'),
    at: column('at', 'integer'),
    actor: column('actor', 'text'),
    action: column('action', 'text'),
    subject: column('subject', 'text'),
    details: column('details', 'json'),
  },
};

/** Stores a pending proposal. */
export function* createProposal(ctx: OpContext, input: ProposalInput): Op<ProposalRecord> {
  return yield* insertRecord(PROPOSALS, {
    proposedBy: 'system',
    ...input,
    id: ctx.newId(),
    status: 'pending',
    createdAt: ctx.now(),
  });
}

/** A proposal by id. */
export function* getProposal(id: string): Op<ProposalRecord | undefined> {
  return yield* getById(PROPOSALS, id);
}

/** Proposals, newest first. */
export function* listProposals(q: ProposalQuery = {}): Op<ProposalRecord[]> {
  const filters: Condition[] = [
    ['status', '=', q.status],
    ['kind', '=', q.kind],
    ['subject', '=', q.subject],
    ['expires_at', '<=', q.expiresBy],
  ];
  return yield* selectHistory(PROPOSALS, filters, 'created_at', q);
}

/** Decides a pending proposal; undefined when it is not pending. */
export function* decideProposal(
  id: string,
  d: { status: Exclude<ProposalStatus, 'pending'>; by: string; at: EpochMillis; note?: string },
): Op<ProposalRecord | undefined> {
  const row = yield* queryOne(
    `UPDATE ${PROPOSALS.table} SET status = ?, decided_by = ?, decided_at = ?, note = ?
      WHERE id = ? AND status = 'pending' RETURNING *`,
    [d.status, d.by, d.at, d.note ?? null, id],
  );
  return row === undefined ? undefined : decodeReturned(PROPOSALS, row);
}

/** Appends an audit entry. */
export function* appendAudit(input: AuditInput): Op<AuditRecord> {
  return yield* insertRecord(AUDIT_LOG, { ...input, id: 0 }, { except: ['id'] });
}

/** Audit entries, newest first. */
export function* listAudit(q: AuditQuery = {}): Op<AuditRecord[]> {
  const filters: Condition[] = [
    ['subject', '=', q.subject],
    ['action', '=', q.action],
  ];
  return yield* selectHistory(AUDIT_LOG, filters, 'at', q);
}
