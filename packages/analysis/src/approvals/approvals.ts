/**
 * Review of automatic changes: with approval required, a change the service would make on
 * its own (a baseline refresh; later an optimization action) becomes a proposal that a
 * person approves or rejects, with their name and a note, before it lapses. Approving
 * applies the change through the applier registered for its kind. Every step lands in the
 * audit log: created, approved (and applied or failed), rejected, expired, superseded.
 */
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import type {
  ApprovalStore,
  AuditRecord,
  AuditQuery,
  ProposalQuery,
  ProposalRecord,
} from '../store/approval-records.js';

/** Applies an approved proposal's change; an error leaves it approved but unapplied, audited. */
export type ProposalApplier = (proposal: ProposalRecord) => Promise<Result<void, string>>;

/** Told of a proposal that was rejected or expired (nothing was applied). */
export type ProposalObserver = (proposal: ProposalRecord) => Promise<void>;

/** Options of {@link createApprovals}. */
export interface ApprovalsOptions {
  store: ApprovalStore;
  /** Milliseconds clock. */
  now: () => number;
  /** How long a proposal waits for a decision, ms. @default 604800000 (7 days) */
  expireAfterMillis?: number;
  /** Appliers by proposal kind. */
  appliers?: Readonly<Record<string, ProposalApplier>>;
  /** Told of rejected and expired proposals, by proposal kind. @default none */
  observers?: Readonly<Record<string, ProposalObserver>>;
}

/** Why a decision was refused. */
export interface DecisionRefusal {
  /** `not-found`, or `not-pending` (decided or expired already). */
  reason: 'not-found' | 'not-pending';
  detail: string;
  /** The proposal as it stands. */
  proposal?: ProposalRecord;
}

/** Proposals and decisions. */
export interface Approvals {
  /**
   * Records a proposal of `kind` for `subject`; a pending one for the same subject is
   * superseded (the newer data wins).
   */
  propose(input: {
    kind: string;
    subject: string;
    summary: string;
    payload: Record<string, unknown>;
  }): Promise<ProposalRecord>;
  /** Proposals, newest first (expired ones marked as such first). */
  list(query?: ProposalQuery): Promise<ProposalRecord[]>;
  /** One proposal (expired marked first). */
  get(id: string): Promise<ProposalRecord | undefined>;
  /** Approves (and applies) or rejects a pending proposal, as `by` with `note`. */
  decide(
    id: string,
    decision: 'approve' | 'reject',
    by: string,
    note?: string,
  ): Promise<
    Result<{ proposal: ProposalRecord; applied?: boolean; error?: string }, DecisionRefusal>
  >;
  /** Marks pending proposals past their time as expired; resolves with them. */
  expireDue(): Promise<ProposalRecord[]>;
  /** The newest proposal for `subject` of `kind`, any status. */
  latestFor(kind: string, subject: string): Promise<ProposalRecord | undefined>;
  /** The audit log, newest first. */
  audit(query?: AuditQuery): Promise<AuditRecord[]>;
}

/** Default time a proposal waits. */
export const DEFAULT_PROPOSAL_TTL_MILLIS = 7 * 86_400_000;

/** Creates the approvals over `store`. */
export function createApprovals(options: ApprovalsOptions): Approvals {
  const { store, now } = options;
  const ttl = options.expireAfterMillis ?? DEFAULT_PROPOSAL_TTL_MILLIS;

  const expireDue = async (): Promise<ProposalRecord[]> => {
    const at = now();
    // Only the due ones are read: every API call runs this, and most pending proposals wait.
    const due = await store.listProposals({ status: 'pending', expiresBy: at, limit: 10_000 });
    const expired: ProposalRecord[] = [];
    for (const p of due) {
      const done = await store.decideProposal(p.id, {
        status: 'expired',
        by: 'system',
        at: p.expiresAt,
      });
      if (!done) continue;
      expired.push(done);
      await store.appendAudit({
        at: p.expiresAt,
        actor: 'system',
        action: 'proposal.expired',
        subject: p.id,
        details: { kind: p.kind, target: p.subject, createdAt: p.createdAt },
      });
      await options.observers?.[p.kind]?.(done);
    }
    return expired;
  };

  return {
    expireDue,
    async propose(input) {
      await expireDue();
      const at = now();
      const pending = await store.listProposals({
        status: 'pending',
        kind: input.kind,
        subject: input.subject,
      });
      const proposal = await store.createProposal({ ...input, expiresAt: at + ttl });
      for (const old of pending) {
        const done = await store.decideProposal(old.id, {
          status: 'superseded',
          by: 'system',
          at,
          note: `superseded by ${proposal.id}`,
        });
        if (done) {
          await store.appendAudit({
            at,
            actor: 'system',
            action: 'proposal.superseded',
            subject: old.id,
            details: { by: proposal.id },
          });
        }
      }
      await store.appendAudit({
        at,
        actor: proposal.proposedBy,
        action: 'proposal.created',
        subject: proposal.id,
        details: {
          kind: input.kind,
          target: input.subject,
          summary: input.summary,
          expiresAt: proposal.expiresAt,
        },
      });
      return proposal;
    },
    async list(query) {
      await expireDue();
      return store.listProposals(query);
    },
    async get(id) {
      await expireDue();
      return store.getProposal(id);
    },
    async latestFor(kind, subject) {
      const [latest] = await store.listProposals({ kind, subject, limit: 1 });
      return latest;
    },
    audit: (query) => store.listAudit(query),
    async decide(id, decision, by, note) {
      await expireDue();
      const at = now();
      const decided = await store.decideProposal(id, {
        status: decision === 'approve' ? 'approved' : 'rejected',
        by,
        at,
        ...(note === undefined ? {} : { note }),
      });
      if (!decided) {
        const current = await store.getProposal(id);
        if (!current)
          return err({ reason: 'not-found', detail: `proposal '${id}' does not exist` });
        return err({
          reason: 'not-pending',
          detail: `proposal '${id}' is ${current.status}${current.decidedBy ? ` (by ${current.decidedBy})` : ''}, not pending`,
          proposal: current,
        });
      }
      const details: Record<string, unknown> = { kind: decided.kind, target: decided.subject };
      if (note !== undefined) details.note = note;
      if (decision === 'reject') {
        await store.appendAudit({
          at,
          actor: by,
          action: 'proposal.rejected',
          subject: id,
          details,
        });
        await options.observers?.[decided.kind]?.(decided);
        return ok({ proposal: decided });
      }
      const applier = options.appliers?.[decided.kind];
      const applied = applier
        ? await applier(decided)
        : err(`no applier for proposals of kind '${decided.kind}'`);
      await store.appendAudit({
        at,
        actor: by,
        action: applied.ok ? 'proposal.approved' : 'proposal.apply_failed',
        subject: id,
        details: applied.ok ? details : { ...details, error: applied.error },
      });
      return ok({
        proposal: decided,
        applied: applied.ok,
        ...(applied.ok ? {} : { error: applied.error }),
      });
    },
  };
}
