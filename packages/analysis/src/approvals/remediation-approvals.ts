/**
 * Optimization actions under approval: a remediation the optimization engine would execute
 * on its own (every gate passed) becomes a `remediation` proposal carrying the decision (its
 * confidence, evidence, predicted impact and the action with its parameters). Approving it
 * executes the action through the engine's remediation flow (canary window, verification,
 * rollback); rejecting or letting it expire runs nothing and is recorded in the remediation
 * audit as well.
 */
import type { OptimizationEngine } from '../engines/optimization/optimization-engine.js';
import type { RemediationDecision } from '../engines/optimization/remediation-decision.js';
import { err, ok } from '../result.js';
import type { ProposalRecord } from '../store/approval-records.js';
import type { Approvals, ProposalApplier, ProposalObserver } from './approvals.js';

/** Proposal kind of an optimization action. */
export const REMEDIATION_KIND = 'remediation';

/** What the optimization engine asks of approvals (see `OptimizationEngineOptions.approvalGate`). */
export interface RemediationApprovalGate {
  /**
   * Proposes `decision` unless a proposal for its opportunity waits, or one was decided (or
   * expired) within the quiet time; resolves with the new proposal, if one was made.
   */
  propose(decision: RemediationDecision): Promise<ProposalRecord | undefined>;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** The proposal's payload: the decision and the opportunity it is about. */
export function remediationPayload(decision: RemediationDecision): Record<string, unknown> {
  const o = decision.opportunity;
  return {
    decision: {
      outcome: decision.outcome,
      reasons: decision.reasons,
      codes: decision.codes,
      numbers: decision.numbers,
      atMillis: decision.atMillis,
    },
    opportunity: {
      id: o.id,
      template: o.template,
      category: o.category,
      title: o.title,
      subject: o.subject,
      confidence: o.confidence,
      riskLevel: o.riskLevel,
      priority: o.priority,
      evidence: o.evidence,
      impact: o.impact,
    },
    action: o.action,
    parameters: o.parameters,
  };
}

/**
 * The gate over `approvals`: after a decision on a proposal (or its expiry) the same
 * opportunity is not proposed again for `quietMillis` (the engine uses its rollback
 * cooldown).
 */
export function createRemediationApprovalGate(
  approvals: Approvals,
  now: () => number,
  quietMillis: number,
): RemediationApprovalGate {
  return {
    async propose(decision) {
      const o = decision.opportunity;
      const at = now();
      let latest = await approvals.latestFor(REMEDIATION_KIND, o.id);
      if (latest?.status === 'pending' && latest.expiresAt <= at) {
        // Lapsed undecided: mark it expired now (audited) rather than at the next listing.
        await approvals.expireDue();
        latest = await approvals.latestFor(REMEDIATION_KIND, o.id);
      }
      if (latest) {
        const waiting = latest.status === 'pending' && latest.expiresAt > at;
        if (waiting) return undefined;
        const since =
          latest.status === 'pending' ? latest.expiresAt : (latest.decidedAt ?? latest.createdAt);
        if (at - since < quietMillis) return undefined;
      }
      return approvals.propose({
        kind: REMEDIATION_KIND,
        subject: o.id,
        summary: `run ${o.action ?? '(no action)'} for "${o.title}": confidence ${o.confidence.toFixed(3)}, risk ${o.riskLevel}, predicted impact ${percent(o.impact.ratio)} (${o.impact.description})`,
        payload: remediationPayload(decision),
      });
    },
  };
}

/**
 * The applier and observer of `remediation` proposals over the engine `engine()` returns
 * (undefined while the service starts, or when optimization is off).
 */
export function remediationApprovalHooks(engine: () => OptimizationEngine | undefined): {
  applier: ProposalApplier;
  observer: ProposalObserver;
} {
  return {
    async applier(proposal) {
      const e = engine();
      if (!e) return err('the optimization engine is not running; nothing was run');
      const ran = await e.executeApproved(proposal);
      return ran.ok ? ok(undefined) : err(ran.error);
    },
    async observer(proposal) {
      await engine()?.recordProposalOutcome(proposal);
    },
  };
}
