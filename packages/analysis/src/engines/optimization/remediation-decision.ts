/**
 * What may happen to an opportunity: the pure decision of the remediation flow, with its
 * reasons for people, stable reason codes, and the numbers it rests on; and the request an
 * action receives.
 */
import type { OptimizationConfig } from '../../config/optimization-config.js';
import type { Opportunity, RemediationRequest } from './types.js';

/** What `decide` concluded. */
export type DecisionOutcome = 'recommended' | 'dry_run' | 'rate_limited' | 'execute';

/** A decision about one opportunity, with the numbers behind it. */
export interface RemediationDecision {
  opportunity: Opportunity;
  outcome: DecisionOutcome;
  /** Why, for people (what held it back, or why it may run). */
  reasons: string[];
  /**
   * The same as stable codes (`auto-off`, `confidence`, `risk`, `cooldown`, `rate-limit`,
   * `dry-run`, `eligible` ...): a decision is audited again only when these change.
   */
  codes: string[];
  numbers: Record<string, unknown>;
  atMillis: number;
}

/** What {@link decideRemediation} knows besides the opportunity. */
export interface DecisionState {
  config: OptimizationConfig;
  /** Whether a callback or webhook is registered for the opportunity's action. */
  actionRegistered: boolean;
  /** When the opportunity's last change was rolled back, ms. */
  rolledBackAtMillis: number | undefined;
  /** Actions started in the hour before now. */
  actionsLastHour: number;
}

/**
 * Decides: only `recommended` unless automatic remediation is on, the template is
 * auto-executable, its risk is low, its confidence reaches `auto_execution_threshold`, its
 * action is registered and no rollback is within the cooldown; then `rate_limited` past
 * `max_actions_per_hour`, `dry_run` while `dry_run` is on, else `execute`.
 */
export function decideRemediation(
  o: Opportunity,
  at: number,
  state: DecisionState,
): RemediationDecision {
  const { config } = state;
  const reasons: string[] = [];
  const codes: string[] = [];
  const hold = (code: string, reason: string): void => {
    codes.push(code);
    reasons.push(reason);
  };
  const numbers: Record<string, unknown> = {
    confidence: o.confidence,
    autoExecutionThreshold: config.autoExecutionThreshold,
    riskLevel: o.riskLevel,
    priority: o.priority,
    predictedImpact: o.impact.ratio,
  };
  if (!config.autoRemediationEnabled) hold('auto-off', 'auto_remediation_enabled is false');
  if (!o.autoExecutable) {
    hold('not-auto-executable', `template ${o.template} is not auto-executable`);
  }
  if (o.riskLevel !== 'low') hold('risk', `risk is ${o.riskLevel}, not low`);
  if (o.confidence < config.autoExecutionThreshold) {
    hold(
      'confidence',
      `confidence ${o.confidence.toFixed(3)} is below ${config.autoExecutionThreshold}`,
    );
  }
  if (o.action === undefined) hold('no-action', 'the template has no remediation action');
  else if (!state.actionRegistered) {
    hold('unregistered', `no callback or webhook is registered for action ${o.action}`);
  }
  const rolledBack = state.rolledBackAtMillis;
  if (rolledBack !== undefined && at - rolledBack < config.rollbackCooldownMillis) {
    hold(
      'cooldown',
      `rolled back ${Math.round((at - rolledBack) / 1000)} s ago (cooldown ${config.rollbackCooldownMillis / 1000} s)`,
    );
  }
  const decision = (outcome: DecisionOutcome, why: string[], whyCodes: string[]) => ({
    opportunity: o,
    outcome,
    reasons: why,
    codes: whyCodes,
    numbers,
    atMillis: at,
  });
  if (reasons.length > 0) return decision('recommended', reasons, codes);
  numbers.actionsLastHour = state.actionsLastHour;
  numbers.maxActionsPerHour = config.maxActionsPerHour;
  if (state.actionsLastHour >= config.maxActionsPerHour) {
    return decision(
      'rate_limited',
      [`${state.actionsLastHour} actions in the last hour (limit ${config.maxActionsPerHour})`],
      ['rate-limit'],
    );
  }
  if (config.dryRun) {
    return decision(
      'dry_run',
      [`dry_run is on: would run ${o.action} with ${JSON.stringify(o.parameters)}`],
      ['dry-run'],
    );
  }
  return decision(
    'execute',
    ['eligible: confident, low risk, auto-executable, within the rate limit'],
    ['eligible'],
  );
}

/** The request an action receives for remediation `id` of `o`. */
export function remediationRequest(
  id: string,
  action: string,
  o: Opportunity,
  phase: 'apply' | 'rollback',
  reason?: string,
): RemediationRequest {
  return {
    remediationId: id,
    phase,
    action,
    opportunity: {
      id: o.id,
      template: o.template,
      category: o.category,
      title: o.title,
      subject: o.subject,
      confidence: o.confidence,
      evidence: o.evidence,
      impact: o.impact,
    },
    parameters: o.parameters,
    ...(reason ? { reason } : {}),
  };
}
