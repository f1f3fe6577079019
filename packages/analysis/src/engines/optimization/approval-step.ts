/**
 * The approval step between a remediation decision and its execution: what the remediation
 * audit records when a would-execute decision waits for a person, when a person approves it
 * (then the decision is taken again at that moment, and executed through the flow only if it
 * still may run), and when a proposal is rejected or expires.
 */
import { err, ok } from '../../result.js';
import type { Result } from '../../result.js';
import type { ProposalRecord } from '../../store/approval-records.js';
import type { RemediationRecord } from '../../store/records.js';
import type { RemediationAuditInput } from '../../store/remediation-audit.js';
import type { RemediationDecision, RemediationFlow } from './remediation-flow.js';
import type { Opportunity } from './types.js';

/** Appends one entry to the remediation audit. */
export type RemediationAuditWriter = (entry: RemediationAuditInput) => Promise<void>;

function byline(by: string | undefined, note: string | undefined): string {
  return `${by ?? 'unknown'}${note ? `: ${note}` : ''}`;
}

function proposedNumbers(proposal: ProposalRecord): Record<string, unknown> {
  const decision = proposal.payload.decision as { numbers?: Record<string, unknown> } | undefined;
  return { ...(decision?.numbers ?? {}), proposalId: proposal.id };
}

function proposedAction(proposal: ProposalRecord): { action?: string } {
  const action = proposal.payload.action;
  return typeof action === 'string' ? { action } : {};
}

/** Records that `decision` became proposal `proposal` and waits for a person. */
export async function recordAwaitingApproval(
  audit: RemediationAuditWriter,
  decision: RemediationDecision,
  proposal: ProposalRecord,
): Promise<void> {
  const o = decision.opportunity;
  await audit({
    at: decision.atMillis,
    opportunityId: o.id,
    event: 'awaiting_approval',
    reason: `proposal ${proposal.id} waits for approval until ${new Date(proposal.expiresAt).toISOString()}`,
    numbers: { ...decision.numbers, proposalId: proposal.id },
    ...(o.action ? { action: o.action } : {}),
  });
}

/**
 * Executes approved `proposal` at `atMillis`: the opportunity must still be open and the
 * decision taken now must still be `execute` (confidence, risk, rate limit, cooldown), with
 * the same action; then the flow runs it with the approved parameters (canary, verification,
 * rollback as without approval).
 */
export async function executeApproved(
  flow: RemediationFlow,
  audit: RemediationAuditWriter,
  proposal: ProposalRecord,
  opportunity: Opportunity | undefined,
  atMillis: number,
  /** Why nothing may run now at all (the engine is stopped), if so. */
  unavailable?: string,
): Promise<Result<RemediationRecord, string>> {
  const approval = { proposalId: proposal.id, approvedBy: proposal.decidedBy ?? 'unknown' };
  await audit({
    at: atMillis,
    opportunityId: proposal.subject,
    event: 'approved',
    reason: `proposal ${proposal.id} approved by ${byline(proposal.decidedBy, proposal.note)}`,
    numbers: { ...proposedNumbers(proposal), ...approval },
    ...proposedAction(proposal),
  });
  const skip = async (why: string): Promise<Result<RemediationRecord, string>> => {
    await audit({
      at: atMillis,
      opportunityId: proposal.subject,
      event: 'not_run',
      reason: why,
      numbers: approval,
      ...proposedAction(proposal),
    });
    return err(why);
  };
  if (unavailable !== undefined) return skip(`${unavailable}; nothing was run`);
  if (!opportunity) {
    return skip(
      `opportunity ${proposal.subject} is not open now (its condition cleared, or the engine has not evaluated since it started); nothing was run`,
    );
  }
  if (opportunity.action !== proposedAction(proposal).action) {
    return skip(
      `the opportunity's action is now ${opportunity.action ?? 'none'}, not the approved ${String(proposal.payload.action)}; nothing was run`,
    );
  }
  // The action runs with the parameters a person approved, not ones measured since.
  const approved = proposal.payload.parameters as Opportunity['parameters'] | undefined;
  const decision = flow.decide(
    approved ? { ...opportunity, parameters: approved } : opportunity,
    atMillis,
  );
  if (!decision) return skip(`a change for ${opportunity.id} is in its canary window already`);
  if (decision.outcome !== 'execute') {
    return skip(`no longer eligible (${decision.outcome}): ${decision.reasons.join('; ')}`);
  }
  const record = await flow.execute({
    ...decision,
    numbers: { ...decision.numbers, ...approval },
  });
  if (!record) return skip(`action ${opportunity.action ?? ''} is not registered`);
  if (record.status === 'failed') return err(record.error ?? 'the action failed');
  return ok(record);
}

/** Records a rejected or expired proposal in the remediation audit (nothing ran). */
export async function recordProposalOutcome(
  audit: RemediationAuditWriter,
  proposal: ProposalRecord,
): Promise<void> {
  const at = proposal.decidedAt ?? proposal.expiresAt;
  const reason =
    proposal.status === 'rejected'
      ? `proposal ${proposal.id} rejected by ${byline(proposal.decidedBy, proposal.note)}; nothing was run`
      : `proposal ${proposal.id} ${proposal.status} at ${new Date(at).toISOString()} without a decision; nothing was run`;
  await audit({
    at,
    opportunityId: proposal.subject,
    event: proposal.status,
    reason,
    numbers: proposedNumbers(proposal),
    ...proposedAction(proposal),
  });
}
