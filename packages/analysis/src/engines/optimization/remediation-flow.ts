/**
 * Safe remediation: for each opportunity, `decide` says what may happen (only recommend, a
 * dry run, rate-limited, or execute) with the numbers it decided on; `execute` makes the
 * change and opens a canary window; `verify` judges each canary once its window ended
 * (`canary-check.ts`) and keeps the change or rolls it back. Every decision and action is
 * appended to the audit log.
 *
 * `execute(decision)` is the one step that changes a running system: an approval step sits
 * in front of it (decide → approve → execute).
 */
import { randomUUID } from 'node:crypto';
import type { OptimizationConfig } from '../../config/optimization-config.js';
import type { RemediationRecord } from '../../store/records.js';
import type { RemediationAuditStore } from '../../store/remediation-audit.js';
import type { OpportunityStore } from '../../store/types.js';
import type { EngineLogger } from '../engine.js';
import { judgeCanary, measureWindow } from './canary-check.js';
import type { WindowMeasurement } from './canary-check.js';
import type { RemediationAction } from './remediation-actions.js';
import type { WorkloadSignals } from './signals.js';
import { decideRemediation, remediationRequest } from './remediation-decision.js';
import type { RemediationDecision } from './remediation-decision.js';
import type { Opportunity, RemediationRequest } from './types.js';

const HOUR_MILLIS = 3_600_000;

export type { DecisionOutcome, RemediationDecision } from './remediation-decision.js';

/** Options of {@link createRemediationFlow}. */
export interface RemediationFlowOptions {
  config: OptimizationConfig;
  store: OpportunityStore & RemediationAuditStore;
  /** The action of a name (callback or webhook), if registered. */
  action(name: string): RemediationAction | undefined;
  /** Measures a window `(from, to]` of the series. */
  signals(fromMillis: number, toMillis: number): WorkloadSignals;
  /** The stored accuracy baseline, when a baseline manager is attached. */
  accuracyBaseline?: () => Promise<number | undefined>;
  /** Told of every outcome (self-telemetry). */
  onOutcome?: (action: string, outcome: string) => void;
  logger?: EngineLogger;
  /** @default randomUUID */
  newId?: () => string;
}

interface Canary {
  record: RemediationRecord;
  opportunity: Opportunity;
  endsAtMillis: number;
  before: WindowMeasurement;
}

/** The flow. */
export interface RemediationFlow {
  /** What may happen to `opportunity` at `atMillis`; undefined while it has a canary. */
  decide(opportunity: Opportunity, atMillis: number): RemediationDecision | undefined;
  /** Records a decision in the audit log (once per change of outcome and reasons). */
  record(decision: RemediationDecision): Promise<void>;
  /** Makes the change of an `execute` decision and opens its canary window. */
  execute(decision: RemediationDecision): Promise<RemediationRecord | undefined>;
  /** Judges every canary whose window ended by `atMillis`. */
  verify(atMillis: number): Promise<void>;
  /** Remediations in their canary window. */
  canaries(): number;
  /** Forgets the last audited decision of an opportunity whose condition cleared. */
  forget(opportunityId: string): void;
  /** Restores running canaries and the rate limit from the store after a restart. */
  restore(atMillis: number): Promise<void>;
}

/** Creates the flow. */
export function createRemediationFlow(options: RemediationFlowOptions): RemediationFlow {
  const { config, store } = options;
  const newId = options.newId ?? randomUUID;
  const canaries = new Map<string, Canary>();
  const starts: number[] = [];
  const rolledBackAt = new Map<string, number>();
  const lastAudit = new Map<string, string>();

  const audit = async (
    at: number,
    opportunityId: string,
    event: string,
    reason: string,
    numbers: Record<string, unknown>,
    extra: { remediationId?: string; action?: string } = {},
  ): Promise<void> => {
    await store.appendRemediationAudit({ at, opportunityId, event, reason, numbers, ...extra });
    options.onOutcome?.(extra.action ?? '', event);
  };

  const requestOf = (
    c: Pick<Canary, 'record' | 'opportunity'>,
    phase: 'apply' | 'rollback',
    reason?: string,
  ): RemediationRequest =>
    remediationRequest(c.record.id, c.record.action, c.opportunity, phase, reason);

  return {
    decide(o, at) {
      if ([...canaries.values()].some((c) => c.opportunity.id === o.id)) return undefined;
      while (starts.length > 0 && starts[0]! <= at - HOUR_MILLIS) starts.shift();
      const rolledBack = rolledBackAt.get(o.id);
      if (rolledBack !== undefined && at - rolledBack >= config.rollbackCooldownMillis) {
        rolledBackAt.delete(o.id);
      }
      return decideRemediation(o, at, {
        config,
        actionRegistered: o.action !== undefined && options.action(o.action) !== undefined,
        rolledBackAtMillis: rolledBackAt.get(o.id),
        actionsLastHour: starts.length,
      });
    },

    async record(d) {
      const key = `${d.outcome}|${d.codes.join(';')}`;
      if (lastAudit.get(d.opportunity.id) === key) return;
      lastAudit.set(d.opportunity.id, key);
      await audit(
        d.atMillis,
        d.opportunity.id,
        d.outcome === 'execute' ? 'decided' : d.outcome,
        d.reasons.join('; '),
        d.numbers,
        d.opportunity.action ? { action: d.opportunity.action } : {},
      );
    },

    async execute(d) {
      const o = d.opportunity;
      const action = o.action === undefined ? undefined : options.action(o.action);
      if (d.outcome !== 'execute' || !action) return undefined;
      const at = d.atMillis;
      starts.push(at);
      lastAudit.delete(o.id);
      const before = measureWindow(
        options.signals(at - config.canaryWindowMillis, at),
        o.parameters.operation as string | undefined,
      );
      const record: RemediationRecord = {
        id: newId(),
        opportunityId: o.id,
        action: action.name,
        status: 'running',
        rolledBack: false,
        startedAt: at,
        details: {
          parameters: o.parameters,
          decision: d.numbers,
          canaryEndsAtMillis: at + config.canaryWindowMillis,
          before,
        },
        ...(before.accuracy === null ? {} : { accuracyBefore: before.accuracy }),
      };
      const canary: Canary = {
        record,
        opportunity: o,
        endsAtMillis: at + config.canaryWindowMillis,
        before,
      };
      const applied = await action.run(requestOf(canary, 'apply'));
      if (!applied.ok) {
        const failed: RemediationRecord = {
          ...record,
          status: 'failed',
          finishedAt: at,
          error: applied.error,
        };
        await store.saveRemediation(failed);
        await audit(at, o.id, 'failed', applied.error, d.numbers, {
          remediationId: record.id,
          action: action.name,
        });
        return failed;
      }
      record.details = { ...record.details, applied: applied.value };
      await store.saveRemediation(record);
      await store.updateOpportunityStatus(o.id, 'accepted', at);
      await audit(
        at,
        o.id,
        'executed',
        `${action.name} applied; canary window until ${new Date(canary.endsAtMillis).toISOString()}`,
        { ...d.numbers, parameters: o.parameters, applied: applied.value },
        { remediationId: record.id, action: action.name },
      );
      canaries.set(record.id, canary);
      return record;
    },

    async verify(at) {
      for (const canary of [...canaries.values()]) {
        if (at < canary.endsAtMillis) continue;
        canaries.delete(canary.record.id);
        const { record, opportunity: o } = canary;
        const after = measureWindow(
          options.signals(record.startedAt, canary.endsAtMillis),
          o.parameters.operation as string | undefined,
        );
        const reference = await options.accuracyBaseline?.();
        const verdict = judgeCanary(canary.before, after, {
          accuracyLossThreshold: config.accuracyLossThreshold,
          significance: config.significance,
          ...(reference === undefined ? {} : { accuracyReference: reference }),
        });
        const base = {
          ...record,
          finishedAt: at,
          details: { ...record.details, after, verdict },
          ...(after.accuracy === null ? {} : { accuracyAfter: after.accuracy }),
        };
        const ids = { remediationId: record.id, action: record.action };
        if (verdict.keep) {
          await store.saveRemediation({ ...base, status: 'succeeded' });
          await store.updateOpportunityStatus(o.id, 'applied', at);
          await audit(
            at,
            o.id,
            'kept',
            `kept: latency improved (p=${verdict.numbers.latencyPValue}) and accuracy held`,
            verdict.numbers,
            ids,
          );
          continue;
        }
        const action = options.action(record.action);
        const undone = action
          ? await action.run(requestOf(canary, 'rollback', verdict.reason))
          : ({ ok: false, error: `action ${record.action} is no longer registered` } as const);
        rolledBackAt.set(o.id, at);
        if (!undone.ok) {
          await store.saveRemediation({
            ...base,
            status: 'failed',
            error: `rollback failed: ${undone.error}`,
          });
          await audit(
            at,
            o.id,
            'failed',
            `rollback after ${verdict.reason} failed: ${undone.error}`,
            verdict.numbers,
            ids,
          );
          options.logger?.error('optimization: a rollback failed; the change is still in place', {
            remediation: record.id,
            error: undone.error,
          });
          continue;
        }
        await store.saveRemediation({
          ...base,
          status: 'rolled-back',
          rolledBack: true,
          details: { ...base.details, rolledBack: undone.value },
        });
        await store.updateOpportunityStatus(o.id, 'rolled-back', at);
        await audit(
          at,
          o.id,
          'rolled_back',
          `rolled back: ${verdict.reason}`,
          verdict.numbers,
          ids,
        );
      }
    },

    canaries: () => canaries.size,

    forget(opportunityId) {
      lastAudit.delete(opportunityId);
    },

    async restore(at) {
      for (const r of await store.listRemediations({ limit: 1000 })) {
        if (r.startedAt > at - HOUR_MILLIS) starts.push(r.startedAt);
        if (r.status === 'rolled-back' && r.finishedAt !== undefined) {
          rolledBackAt.set(
            r.opportunityId,
            Math.max(rolledBackAt.get(r.opportunityId) ?? 0, r.finishedAt),
          );
        }
        if (r.status !== 'running') continue;
        const stored = await store.getOpportunity(r.opportunityId);
        const opportunity = stored?.details.opportunity as Opportunity | undefined;
        const before = r.details.before as WindowMeasurement | undefined;
        const endsAt = r.details.canaryEndsAtMillis;
        if (!opportunity || !before || typeof endsAt !== 'number') continue;
        canaries.set(r.id, { record: r, opportunity, endsAtMillis: endsAt, before });
      }
      starts.sort((a, b) => a - b);
    },
  };
}
