/**
 * Roles of API tokens, each including the ones before it:
 * - `viewer`: every read (status, series, findings, SLOs, baselines, alerts, `/metrics`);
 * - `operator`: what the people on call do about alerts and proposals: acknowledge, silence,
 *   test a channel, approve or reject a proposal;
 * - `admin`: anything else that changes state (baseline versions and rollback, executing
 *   remediations).
 */

/** A role, from least to most privileged. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a token of role `held` may do what needs role `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}
