/**
 * Credentials written in configuration text, and their redaction.
 *
 * A secret counts as coming from the environment only when the file holds nothing of it
 * but `${NAME}` references: a default in `${NAME:-default}` is written in the file, so it is
 * a literal secret like any other. In URLs this applies to the password of
 * `scheme://user:password@host` and to query parameters that carry credentials
 * (`?password=`, `?token=`, ...).
 */
import { REDACTED } from './secret.js';

/** Stands for a reference without default in {@link literalView}. */
const REFERENCE = '\u0000';

/** Query parameters that carry credentials (compared case-insensitively). */
const CREDENTIAL_PARAMETERS =
  'password|passwd|pwd|pass|secret|token|access_token|auth_token|api_key|apikey|sslpassword|sslkey';
const CREDENTIAL_PARAMETER = new RegExp(`[?&](?:${CREDENTIAL_PARAMETERS})=([^&#\\s]*)`, 'gi');
const USERINFO_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/@?#\s:]*:([^@/?#\s]*)@/gi;

/**
 * The text of `raw` as the file writes it: each `${NAME}` becomes a NUL placeholder, each
 * `${NAME:-default}` its default (literal text), `$$` a `$`.
 */
export function literalView(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i] as string;
    if (ch === '$' && raw[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (ch === '$' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i + 2);
      if (close < 0) return out + raw.slice(i);
      const body = raw.slice(i + 2, close);
      const fallbackAt = body.indexOf(':-');
      out += fallbackAt < 0 ? REFERENCE : body.slice(fallbackAt + 2);
      i = close + 1;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}

/** Whether a credential as written (its literal view) holds anything but references. */
function isLiteral(written: string): boolean {
  return written.replaceAll(REFERENCE, '') !== '';
}

/**
 * What literal credential the URL text `raw` (before `${ENV}` expansion) holds, or
 * undefined when its password and credential parameters come from the environment only.
 */
export function literalUrlCredential(raw: string): string | undefined {
  const view = literalView(raw);
  for (const m of view.matchAll(USERINFO_PASSWORD)) {
    if (isLiteral(m[1] as string)) return 'a literal password (user:password@)';
  }
  for (const m of view.matchAll(CREDENTIAL_PARAMETER)) {
    if (isLiteral(m[1] as string)) {
      return `a literal credential in its query (${m[0].slice(1).split('=')[0] ?? ''}=)`;
    }
  }
  return undefined;
}

/**
 * Whether a secret value as written (a header value, a token) holds literal text: anything
 * but references, once an authorization scheme word (`Bearer `, `Basic `) is set aside.
 */
export function isLiteralSecret(raw: string): boolean {
  const view = literalView(raw).trim();
  const scheme = /^[A-Za-z][A-Za-z0-9_-]*\s+/.exec(view);
  const withoutScheme =
    scheme !== null && view[scheme[0].length] === REFERENCE ? view.slice(scheme[0].length) : view;
  return !view.includes(REFERENCE) || isLiteral(withoutScheme.trim());
}

/**
 * `text` with credentials replaced by `<redacted>`: URL passwords, credential query
 * parameters and `Bearer`/`Basic` authorization values; then every one of `secrets` (values
 * known to be secret, 4 characters or longer) wherever it appears.
 */
export function redactCredentials(text: string, secrets: Iterable<string> = []): string {
  let out = text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^/@?#\s:]*:)[^@/?#\s]*@/gi, `$1${REDACTED}@`)
    .replace(new RegExp(`([?&](?:${CREDENTIAL_PARAMETERS})=)[^&#\\s"']*`, 'gi'), `$1${REDACTED}`)
    .replace(/\b(Bearer|Basic)([\s:=]+)[A-Za-z0-9\-._~+/=]{4,}/gi, `$1$2${REDACTED}`);
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}
