/**
 * One HTTP POST with a deadline, for the HTTP channels: a 2xx answer is a success; anything
 * else is a failure naming the URL, the status and the start of the answer's body. The URL in
 * a failure has its query (where webhook tokens often live) and any user info redacted, since
 * failures are logged and kept with the delivery attempts.
 */
import { err, ok } from '../../result.js';
import type { Result } from '../../result.js';
import { describeError } from './notifier.js';

/** `url` as failures show it: user info dropped, a query shown as `?<redacted>`. */
export function redactedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username === '' && parsed.password === '' && parsed.search === '') return url;
  return `${parsed.origin}${parsed.pathname}${parsed.search === '' ? '' : '?<redacted>'}`;
}

/** Posts `body`; `timeoutMillis` bounds the whole exchange. */
export async function httpPost(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
  timeoutMillis: number,
): Promise<Result<string, string>> {
  const shown = redactedUrl(url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMillis),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError') return err(`POST ${shown}: no answer within ${timeoutMillis} ms`);
    return err(`POST ${shown}: ${describeError(error)}`);
  }
  const text = await response.text().catch(() => '');
  if (response.status < 200 || response.status > 299) {
    const snippet = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    return err(`POST ${shown}: HTTP ${response.status}${snippet ? `: ${snippet.trim()}` : ''}`);
  }
  return ok(text);
}
