/**
 * The `approvals` section: whether automatic changes wait for a person.
 *
 * ```yaml
 * approvals:
 *   require_approval: true   # baseline refreshes and optimization actions become proposals
 *   expire_after: 7d         # a proposal nobody decided on lapses
 * ```
 */
import type { MapReader } from './yaml-reader.js';

/** `approvals`. */
export interface ApprovalsConfig {
  /** Whether automatic baseline updates and optimization actions become proposals. @default false */
  requireApproval: boolean;
  /** How long a proposal waits for a decision, in milliseconds. @default 604800000 (7d) */
  expireAfterMillis: number;
}

/** Reads `approvals`. */
export function readApprovals(root: MapReader): ApprovalsConfig {
  const a = root.map('approvals');
  const out: ApprovalsConfig = {
    requireApproval: a.boolean('require_approval', false),
    expireAfterMillis: a.duration('expire_after', 7 * 86_400_000, { min: 60_000 }),
  };
  a.finish();
  return out;
}
