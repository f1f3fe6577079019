/**
 * Baseline updates under approval: the baselines engine's automatic refreshes become
 * `baseline-update` proposals (the proposed statistics beside the current ones), and an
 * approved one is written as the series' baseline.
 */
import { ok, err } from '../result.js';
import type { BaselineInput, BaselineRecord } from '../store/baseline-records.js';
import type { BaselineStore } from '../store/types.js';
import type { Approvals, ProposalApplier } from './approvals.js';

/** Proposal kind of a baseline refresh. */
export const BASELINE_UPDATE_KIND = 'baseline-update';

/** What the baseline manager asks of approvals (see `BaselineManagerOptions.approvalGate`). */
export interface BaselineApprovalGate {
  /**
   * Whether a refresh of `key` may be proposed now: not while one waits, nor within
   * `quietMillis` of the last decision on one.
   */
  mayPropose(key: string, quietMillis: number): Promise<boolean>;
  /** Proposes `candidate` to replace `current`. */
  propose(candidate: BaselineInput, current: BaselineRecord | undefined): Promise<void>;
}

function pct(from: number, to: number): string {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from === 0) return 'n/a';
  const c = (to - from) / Math.abs(from);
  return `${c >= 0 ? '+' : ''}${(c * 100).toFixed(1)}%`;
}

/** The gate over `approvals`. */
export function createBaselineApprovalGate(
  approvals: Approvals,
  now: () => number,
): BaselineApprovalGate {
  return {
    async mayPropose(key, quietMillis) {
      const latest = await approvals.latestFor(BASELINE_UPDATE_KIND, key);
      if (!latest) return true;
      if (latest.status === 'pending' && latest.expiresAt > now()) return false;
      const since = latest.decidedAt ?? latest.createdAt;
      return now() - since >= quietMillis;
    },
    async propose(candidate, current) {
      const summary = current
        ? `refresh ${candidate.key}: P50 ${current.p50} -> ${candidate.p50} (${pct(current.p50, candidate.p50)}), P95 ${current.p95} -> ${candidate.p95}, ${candidate.sampleCount} values`
        : `first baseline of ${candidate.key}: P50 ${candidate.p50}, P95 ${candidate.p95}, ${candidate.sampleCount} values`;
      await approvals.propose({
        kind: BASELINE_UPDATE_KIND,
        subject: candidate.key,
        summary,
        payload: {
          proposed: candidate as unknown as Record<string, unknown>,
          ...(current ? { current: current as unknown as Record<string, unknown> } : {}),
        },
      });
    },
  };
}

/** Applies an approved `baseline-update`: the proposed statistics become the baseline. */
export function baselineUpdateApplier(store: BaselineStore, now: () => number): ProposalApplier {
  return async (proposal) => {
    const proposed = proposal.payload.proposed as BaselineInput | undefined;
    if (!proposed || typeof proposed.key !== 'string')
      return err('the proposal carries no baseline');
    try {
      await store.upsertBaseline({ ...proposed, updatedAt: now() });
      return ok(undefined);
    } catch (error) {
      return err(error instanceof Error ? error.message : String(error));
    }
  };
}
