import { createHash, timingSafeEqual } from 'node:crypto';

/** The outcome of checking an `Authorization` header against the configured tokens. */
export type BearerCheck = 'ok' | 'missing' | 'invalid';

/**
 * Checks `Authorization: Bearer <token>` (RFC 6750 §2.1) against a token list. Tokens are
 * compared through their SHA-256 digests with `timingSafeEqual`, so the comparison takes the
 * same time whatever the length or the common prefix of the presented token. With no tokens
 * configured every request passes.
 */
export function createBearerAuth(
  tokens: readonly string[],
): (header: string | undefined) => BearerCheck {
  const digests = tokens.filter((t) => t.length > 0).map(digest);
  if (digests.length === 0) return () => 'ok';
  return (header) => {
    if (header === undefined || header === '') return 'missing';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match?.[1]) return 'invalid';
    const presented = digest(match[1]);
    let found = false;
    // Compare against every token (no early exit) so timing does not reveal which matched.
    for (const d of digests) if (timingSafeEqual(d, presented)) found = true;
    return found ? 'ok' : 'invalid';
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
