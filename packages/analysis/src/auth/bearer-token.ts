import { createHash, timingSafeEqual } from 'node:crypto';

/** The result of checking credentials: accepted, absent, or present but wrong. */
export type TokenCheck = 'ok' | 'missing' | 'invalid';

/**
 * Reads the token out of an `Authorization: Bearer <token>` value (RFC 6750 §2.1:
 * `"Bearer" 1*SP b64token`; the scheme is case-insensitive, white space around the value is
 * ignored as HTTP does). Returns `undefined` when the value is absent or blank and `null`
 * when it is present but not a single bearer token. Only spaces separate the scheme from
 * the token: `Bearer\t<token>` is refused, as gRPC refuses it (grpc-js drops a metadata
 * value holding a tab), so both transports answer the same credentials alike.
 */
export function parseBearerToken(authorization: string | undefined): string | null | undefined {
  if (authorization === undefined || authorization.trim() === '') return undefined;
  const match = /^[ \t]*bearer +([^\s]+)[ \t]*$/i.exec(authorization);
  return match?.[1] ?? null;
}

/**
 * Builds a checker of `Authorization: Bearer <token>` values against the accepted tokens,
 * shared by the HTTP API, the OTLP/HTTP receiver and the OTLP/gRPC receiver (gRPC carries
 * the same value in the `authorization` metadata key).
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
    const presented = parseBearerToken(authorization);
    if (presented === undefined) return 'missing';
    if (presented === null) return 'invalid';
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
