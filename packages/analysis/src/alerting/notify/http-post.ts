/**
 * One HTTP POST with a deadline, for the HTTP channels: a 2xx answer is a success; anything
 * else is a failure naming the URL, the status and the start of the answer's body.
 */
import { err, ok } from '../../result.js';
import type { Result } from '../../result.js';
import { describeError } from './notifier.js';

/** Posts `body`; `timeoutMillis` bounds the whole exchange. */
export async function httpPost(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
  timeoutMillis: number,
): Promise<Result<string, string>> {
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
    if (name === 'TimeoutError') return err(`POST ${url}: no answer within ${timeoutMillis} ms`);
    return err(`POST ${url}: ${describeError(error)}`);
  }
  const text = await response.text().catch(() => '');
  if (response.status < 200 || response.status > 299) {
    const snippet = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    return err(`POST ${url}: HTTP ${response.status}${snippet ? `: ${snippet.trim()}` : ''}`);
  }
  return ok(text);
}
