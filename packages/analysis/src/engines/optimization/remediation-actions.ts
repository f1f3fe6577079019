/**
 * Remediation actions by name: in-process callbacks (embedded use) and out-of-process
 * webhooks. A webhook receives the {@link RemediationRequest} as JSON, signed as alerting's
 * webhooks are (`X-Heterodyne-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." +
 * body))` with `X-Heterodyne-Timestamp`); a 2xx answer is success, and a JSON object in the
 * answer is recorded as the action's details.
 */
import { httpPost } from '../../alerting/notify/http-post.js';
import { signedJsonHeaders } from '../../alerting/notify/webhook.js';
import type { RemediationWebhookConfig } from '../../config/optimization-config.js';
import { err, ok } from '../../result.js';
import type { Result } from '../../result.js';
import type { RemediationCallback, RemediationRequest } from './types.js';

/** One action: applies a change and undoes it. */
export interface RemediationAction {
  readonly name: string;
  readonly kind: 'callback' | 'webhook';
  /** Runs the request's phase; resolves with details to record, or why it failed. */
  run(request: RemediationRequest): Promise<Result<Record<string, unknown>, string>>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An action from a callback; `rollback` (when given) handles the rollback phase, else the
 * callback gets both phases.
 */
export function callbackAction(
  name: string,
  callback: RemediationCallback,
  rollback?: RemediationCallback,
): RemediationAction {
  return {
    name,
    kind: 'callback',
    async run(request) {
      const fn = request.phase === 'rollback' && rollback ? rollback : callback;
      try {
        const details = await fn(request);
        return ok(details && typeof details === 'object' ? { ...details } : {});
      } catch (error) {
        return err(`${name} (${request.phase}): ${describe(error)}`);
      }
    },
  };
}

/** An action that POSTs the request to a webhook; `nowMillis` gives the signed time. */
export function webhookAction(
  name: string,
  config: RemediationWebhookConfig,
  nowMillis: () => number = Date.now,
): RemediationAction {
  return {
    name,
    kind: 'webhook',
    async run(request) {
      const body = JSON.stringify(request);
      const headers = signedJsonHeaders(body, config.secret, nowMillis);
      const sent = await httpPost(config.url, body, headers, config.timeoutMillis);
      if (!sent.ok) return err(`${name} (${request.phase}): ${sent.error}`);
      try {
        const parsed: unknown = sent.value.trim() === '' ? {} : JSON.parse(sent.value);
        return ok(
          parsed && typeof parsed === 'object' && !Array.isArray(parsed)
            ? (parsed as Record<string, unknown>)
            : { answer: parsed },
        );
      } catch {
        return ok({ answer: sent.value.slice(0, 200) });
      }
    },
  };
}
