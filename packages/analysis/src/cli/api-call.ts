/**
 * The client of the commands that act on a running service's API (`alerts`, `proposals`,
 * `opportunities`, `remediations`): the API URL from `--api`, else `HETERODYNE_API_URL`, else
 * `http://127.0.0.1:8080`; the bearer token from `HETERODYNE_API_TOKEN` when set. Read-only
 * commands that take the service from the configuration use `service-get.ts` instead.
 */

/** The service's answer: its HTTP status and JSON body (a body that is not JSON becomes
 * `{ error: <its first 200 characters> }`). */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Sends `method path` with `body` as JSON when given; throws when the service cannot be
 * reached (report it with `fetchFailureReason`). */
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;

/** Default API URL when neither `--api` nor `HETERODYNE_API_URL` is given. */
export const DEFAULT_API_URL = 'http://127.0.0.1:8080';

/** Longest wait for one answer, ms. */
const TIMEOUT_MILLIS = 30_000;

/** The API URL: `flag` (from `--api`), else `HETERODYNE_API_URL`, else the default; trailing
 * slashes removed. */
export function apiBase(flag: unknown, env: Readonly<Record<string, string | undefined>>): string {
  const base = typeof flag === 'string' ? flag : (env.HETERODYNE_API_URL ?? DEFAULT_API_URL);
  return base.replace(/\/+$/, '');
}

/** A client of the API at `base`, sending `token` (when non-empty) as the bearer token. */
export function createApiCall(base: string, token: string | undefined): ApiCall {
  return async (method, path, body) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MILLIS),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
    } catch {
      return { status: res.status, body: { error: text.slice(0, 200) } };
    }
  };
}
