/**
 * Bearer tokens of the HTTP API, each with a role and a name (who holds it, for audit
 * entries). Checked like the ingest tokens (`bearer-token.ts`): SHA-256 of both sides compared
 * with `timingSafeEqual` against every token, without an early exit.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseBearerToken } from './bearer-token.js';
import type { Role } from './roles.js';

/** An accepted API token. */
export interface ApiToken {
  /** The token text. */
  token: string;
  /** What it may do. */
  role: Role;
  /** Who or what holds it (`grafana`, `on-call`), recorded with the changes it makes. */
  name: string;
}

/** Who presented a valid token. */
export interface ApiPrincipal {
  role: Role;
  name: string;
}

/** The outcome of checking an `Authorization` header. */
export type ApiTokenCheck =
  { ok: true; principal: ApiPrincipal | undefined } | { ok: false; reason: 'missing' | 'invalid' };

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Builds the checker of `Authorization: Bearer <token>` values against `tokens`. With no
 * tokens the API is open and every request passes without a principal.
 */
export function createApiTokenCheck(
  tokens: readonly ApiToken[],
): (authorization: string | undefined) => ApiTokenCheck {
  const accepted = tokens
    .filter((t) => t.token !== '')
    .map((t) => ({ digest: sha256(t.token), principal: { role: t.role, name: t.name } }));
  if (accepted.length === 0) return () => ({ ok: true, principal: undefined });
  return (authorization) => {
    const presented = parseBearerToken(authorization);
    if (presented === undefined) return { ok: false, reason: 'missing' };
    if (presented === null) return { ok: false, reason: 'invalid' };
    const digest = sha256(presented);
    let found: ApiPrincipal | undefined;
    for (const candidate of accepted) {
      if (timingSafeEqual(candidate.digest, digest)) found ??= candidate.principal;
    }
    return found ? { ok: true, principal: found } : { ok: false, reason: 'invalid' };
  };
}
