import { createHash, timingSafeEqual } from 'node:crypto';

/** The result of checking credentials: accepted, absent, or present but wrong. */
export type TokenCheck = 'ok' | 'missing' | 'invalid';

/**
 * Builds a checker of `Authorization: Bearer <token>` values (RFC 6750 §2.1; gRPC carries
 * the same value in the `authorization` metadata key) against the accepted tokens.
 *
 * Both sides are hashed with SHA-256 and compared with `timingSafeEqual`, against every
 * accepted token without an early exit, so the time taken reveals neither the length, nor
 * a common prefix, nor which token matched. With no tokens configured everything passes.
 */
export function createBearerTokenCheck(
  tokens: readonly string[],
): (authorization: string | undefined) => TokenCheck {
  const accepted = tokens.filter((token) => token !== '').map(sha256);
  if (accepted.length === 0) return () => 'ok';
  return (authorization) => {
    if (authorization === undefined || authorization.trim() === '') return 'missing';
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    const presented = match?.[1];
    if (presented === undefined) return 'invalid';
    const digest = sha256(presented);
    let found = false;
    for (const candidate of accepted) {
      if (timingSafeEqual(candidate, digest)) found = true;
    }
    return found ? 'ok' : 'invalid';
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
