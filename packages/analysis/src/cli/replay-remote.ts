/**
 * `replay --to URL`: sends recorded export requests to a running service (ours, a Collector,
 * any OTLP/HTTP receiver) instead of writing into a store, so the service that owns the store
 * ingests them. Requests are posted as recorded (protobuf or JSON), one at a time, to
 * `URL/v1/<signal>` as an OTLP exporter would
 * (https://opentelemetry.io/docs/specs/otel/protocol/exporter/#endpoint-urls-for-otlphttp).
 */
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { decodeExportResponse } from '../otlp/decode-response.js';
import { err, ok, type Result } from '../result.js';
import type { ReplayUnit } from './replay-input.js';

/** What one request did at its destination. */
export interface SinkOutcome {
  /** Points (spans, log records) taken. */
  accepted: number;
  /** Points refused (an OTLP partial success, or the pipeline's rejections). */
  rejected: number;
  /** Points taken but dropped (duplicate, out of order, over a limit). */
  dropped: number;
  /** Why points were rejected, when some were. */
  message?: string;
}

/** Why a request was not delivered; `fatal` stops the replay (the destination is gone). */
export interface SinkFailure {
  message: string;
  fatal: boolean;
}

/**
 * Where replayed requests go: the in-process pipeline or a running service. Takes the
 * recorded request, its decoded form and its point count.
 */
export type ReplaySink = (
  unit: ReplayUnit,
  request: unknown,
  points: number,
) => Promise<Result<SinkOutcome, SinkFailure>>;

/** Options of {@link createRemoteSink}. */
export interface RemoteSinkOptions {
  /** Base URL of the OTLP/HTTP receiver, e.g. `http://127.0.0.1:4318`. */
  endpoint: URL;
  /** Extra request headers (e.g. `Authorization`). @default none */
  headers?: Record<string, string>;
  /** Time allowed for one request, in milliseconds. @default 30000 */
  timeoutMillis?: number;
  /** Attempts per request when the service answers 429, 502, 503 or 504. @default 5 */
  maxAttempts?: number;
  /** Longest wait between attempts, in milliseconds (`Retry-After` is honoured below it). @default 10000 */
  maxBackoffMillis?: number;
}

const CONTENT_TYPES = { protobuf: 'application/x-protobuf', json: 'application/json' } as const;
const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * Reads `--to`: an `http:` or `https:` URL, the receiver's base (the signal path is appended).
 * A URL already ending in `/v1/metrics`, `/v1/traces` or `/v1/logs` is taken as its base.
 */
export function readReplayTarget(text: string): Result<URL, string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return err(`--to: '${text}' is not a URL (use e.g. http://127.0.0.1:4318)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return err(`--to: '${text}' must be an http:// or https:// OTLP/HTTP endpoint`);
  }
  url.pathname = url.pathname.replace(/\/v1\/(metrics|traces|logs)\/?$/, '').replace(/\/+$/, '');
  return ok(url);
}

/**
 * Parses `OTEL_EXPORTER_OTLP_HEADERS` (`key=value,key2=value2`, values percent-encoded) with the
 * same parser the OTLP exporters use, so a token-protected service takes replayed requests the
 * same way.
 */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  return parseKeyPairsIntoRecord(text);
}

/** The `message` of a `google.rpc.Status` error body (JSON, or field 2 of protobuf). */
export function statusMessage(body: Uint8Array, json: boolean): string | undefined {
  if (json) {
    try {
      const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as { message?: unknown };
      return typeof parsed.message === 'string' ? parsed.message : undefined;
    } catch {
      return undefined;
    }
  }
  // Status { int32 code = 1; string message = 2; ... }: read top-level fields up to message.
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; pos < body.length && shift < 35; shift += 7) {
      const byte = body[pos++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return -1;
  };
  while (pos < body.length) {
    const tag = varint();
    if (tag === 0x08) varint();
    else if (tag === 0x12) {
      const length = varint();
      if (length < 0 || pos + length > body.length) return undefined;
      return Buffer.from(body.subarray(pos, pos + length)).toString('utf8');
    } else return undefined;
  }
  return undefined;
}

const sleep = (millis: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, millis));

/** Seconds of a `Retry-After` header, when it is a number. */
function retryAfterMillis(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Posts each recorded request to a running service. */
export function createRemoteSink(options: RemoteSinkOptions): ReplaySink {
  const timeoutMillis = options.timeoutMillis ?? 30_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const maxBackoffMillis = options.maxBackoffMillis ?? 10_000;
  const base = options.endpoint.toString().replace(/\/+$/, '');

  return async (unit, _request, points) => {
    const url = `${base}/v1/${unit.signal}`;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      let body: Uint8Array;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { ...options.headers, 'Content-Type': CONTENT_TYPES[unit.encoding] },
          body: unit.bytes,
          signal: AbortSignal.timeout(timeoutMillis),
        });
        body = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        const reason =
          (error as Error).name === 'TimeoutError'
            ? `no answer within ${timeoutMillis} ms`
            : (cause ?? (error as Error).message);
        return err({ message: `cannot send to ${url}: ${reason}`, fatal: true });
      }
      if (response.ok) {
        const partial = decodeExportResponse(body, unit.encoding);
        if (!partial.ok) {
          // Delivered; the answer is unreadable, so nothing is known to be rejected.
          return ok({ accepted: points, rejected: 0, dropped: 0 });
        }
        const rejected = Math.min(points, partial.value?.rejected ?? 0);
        const outcome: SinkOutcome = { accepted: points - rejected, rejected, dropped: 0 };
        if (partial.value?.errorMessage) outcome.message = partial.value.errorMessage;
        return ok(outcome);
      }
      const detail = statusMessage(body, unit.encoding === 'json');
      const what = `${url} answered ${response.status}${detail ? `: ${detail}` : ''}`;
      if (RETRYABLE.has(response.status) && attempt < maxAttempts) {
        const backoff = Math.min(
          maxBackoffMillis,
          retryAfterMillis(response.headers.get('retry-after')) ?? 250 * 2 ** attempt,
        );
        await sleep(backoff);
        continue;
      }
      // Unauthorised, not found, unsupported: every further request would fail the same way.
      const fatal =
        RETRYABLE.has(response.status) || [401, 403, 404, 405, 415].includes(response.status);
      return err({
        message: RETRYABLE.has(response.status) ? `${what} (after ${attempt} attempts)` : what,
        fatal,
      });
    }
  };
}
