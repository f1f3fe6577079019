import type { AnalysisConfig } from '../config/types.js';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import { fetchFailureReason } from './fetch-failure.js';

/** How a CLI command reaches a running service. */
export interface ServiceGetOptions {
  /** `fetch` to use. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Longest wait for the answer, ms. */
  timeoutMillis?: number;
}

/** A successful answer: its body and content type. */
export interface ServiceAnswer {
  text: string;
  contentType: string;
}

/**
 * GETs `url` from a running service with the configured API token (the first one) as the
 * bearer token. A non-2xx answer becomes `HTTP <status>: <the service's error>`, a network
 * failure `cannot read <url>: <cause>`; both name the URL.
 */
export async function getFromService(
  url: URL,
  config: AnalysisConfig,
  accept: string,
  options: ServiceGetOptions & { timeoutMillis: number },
): Promise<Result<ServiceAnswer, string>> {
  const headers: Record<string, string> = { accept };
  const token = config.api.auth?.tokens[0];
  if (token) headers.authorization = `Bearer ${token.reveal()}`;
  try {
    const response = await (options.fetch ?? globalThis.fetch)(url, {
      headers,
      signal: AbortSignal.timeout(options.timeoutMillis),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // not JSON: show as is
      }
      return err(`${url.href}: HTTP ${response.status}: ${message}`);
    }
    return ok({ text, contentType: response.headers.get('content-type') ?? '' });
  } catch (cause) {
    return err(`cannot read ${url.href}: ${fetchFailureReason(cause)}`);
  }
}

/** Parses a JSON answer of `url`; a body that is not JSON is an error naming the URL. */
export function jsonAnswer(url: URL, answer: ServiceAnswer): Result<unknown, string> {
  try {
    return ok(JSON.parse(answer.text) as unknown);
  } catch (cause) {
    return err(`cannot read ${url.href}: ${fetchFailureReason(cause)}`);
  }
}

/**
 * The URL of `path` on the service: at `flag` (from `--url`; `http://` added when it names no
 * scheme), else at the configured API endpoint. A `flag` that makes no URL is an error
 * `--url: not a URL: <it>`.
 */
export function serviceUrl(
  flag: string | undefined,
  config: AnalysisConfig,
  path: string,
): Result<URL, string> {
  let base = flag ?? `http://${config.api.listen.endpoint}`;
  if (!/^https?:\/\//.test(base)) base = `http://${base}`;
  try {
    return ok(new URL(path, base));
  } catch {
    return err(`--url: not a URL: ${base}`);
  }
}
