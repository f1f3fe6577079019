import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Signal } from '../otlp/model.js';
import { createBearerTokenCheck } from '../auth/bearer-token.js';
import {
  assertPositiveInteger,
  DEFAULT_HEADERS_TIMEOUT_MILLIS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_REQUEST_BODY_BYTES,
  DEFAULT_OTLP_HTTP_PORT,
  DEFAULT_RECEIVER_HOST,
  DEFAULT_REQUEST_TIMEOUT_MILLIS,
  DEFAULT_RETRY_AFTER_SECONDS,
  DEFAULT_SHUTDOWN_TIMEOUT_MILLIS,
} from './defaults.js';
import { HTTP_STATUS_BY_REASON, RPC_CODE_BY_REASON } from './error-status.js';
import { parseContentEncoding, parseContentType, RESPONSE_CONTENT_TYPE } from './http-content.js';
import type { PayloadEncoding } from './http-content.js';
import { countPoints, decodeRequest, encodeExportResponse, encodeStatus } from './otlp-codec.js';
import { readBody } from './read-body.js';
import { discardRest, lingerBytes } from './http-linger.js';
import type { OtlpHttpReceiverOptions } from './otlp-http-options.js';
import { createByteBudget, openShare } from './byte-budget.js';
import { guardConnections } from './connection-guard.js';
import { createTelemetryReporter, partialSuccessOf, submit } from './submit.js';
import type { OtlpReceiver, ReceiverAddress, ReceiverErrorReason } from './types.js';

export type { OtlpHttpReceiverOptions } from './otlp-http-options.js';

const ROUTES: Readonly<Record<string, Signal>> = {
  '/v1/metrics': 'metrics',
  '/v1/traces': 'traces',
  '/v1/logs': 'logs',
};

/**
 * Creates the OTLP/HTTP receiver: `POST /v1/metrics`, `/v1/traces`, `/v1/logs` with
 * protobuf or JSON payloads, optionally gzip/deflate compressed. Answers follow
 * https://opentelemetry.io/docs/specs/otlp/#otlphttp : the request's content type, the
 * `Export*ServiceResponse` (with `partial_success`) once the request was processed, and a
 * `google.rpc.Status` body for every 4xx/5xx.
 */
export function createOtlpHttpReceiver(options: OtlpHttpReceiverOptions): OtlpReceiver {
  const queue = options.queue;
  const host = options.host ?? DEFAULT_RECEIVER_HOST;
  const port = options.port ?? DEFAULT_OTLP_HTTP_PORT;
  const maxBodyBytes = options.maxRequestBodyBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES;
  const maxCompressedBodyBytes = options.maxCompressedBodyBytes ?? maxBodyBytes;
  const retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const retryAfter = String(Math.max(0, Math.ceil(retryAfterSeconds)));
  const requestTimeoutMillis = options.requestTimeoutMillis ?? DEFAULT_REQUEST_TIMEOUT_MILLIS;
  const shutdownTimeoutMillis = options.shutdownTimeoutMillis ?? DEFAULT_SHUTDOWN_TIMEOUT_MILLIS;
  const headersTimeoutMillis = Math.min(
    options.headersTimeoutMillis ?? DEFAULT_HEADERS_TIMEOUT_MILLIS,
    requestTimeoutMillis,
  );
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const bodyBudget = options.bodyBudget ?? createByteBudget(4 * maxBodyBytes);
  const decodeOptions = options.decodeOptions;
  const checkToken = createBearerTokenCheck(options.authTokens ?? []);
  const telemetry = createTelemetryReporter('http', options.telemetry);
  const factory = 'createOtlpHttpReceiver';
  assertPositiveInteger(factory, 'maxRequestBodyBytes', maxBodyBytes);
  assertPositiveInteger(factory, 'maxCompressedBodyBytes', maxCompressedBodyBytes);
  assertPositiveInteger(factory, 'requestTimeoutMillis', requestTimeoutMillis);
  assertPositiveInteger(factory, 'headersTimeoutMillis', headersTimeoutMillis);
  assertPositiveInteger(factory, 'maxConnections', maxConnections);

  let server: Server | undefined;
  let closing = false;
  let shutdownPromise: Promise<void> | undefined;
  let inFlight = 0;
  const idleWaiters: (() => void)[] = [];

  function sendStatus(
    req: IncomingMessage,
    res: ServerResponse,
    encoding: PayloadEncoding,
    reason: ReceiverErrorReason,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    if (!req.complete) {
      discardRest(req, lingerBytes(req, Math.max(maxBodyBytes, maxCompressedBodyBytes)));
    }
    send(
      res,
      HTTP_STATUS_BY_REASON[reason],
      encoding,
      encodeStatus(encoding, RPC_CODE_BY_REASON[reason], message),
      headers,
    );
  }

  function send(
    res: ServerResponse,
    status: number,
    encoding: PayloadEncoding,
    body: Uint8Array,
    headers: Record<string, string> = {},
  ): void {
    if (res.headersSent || res.destroyed) return;
    if (closing) headers['Connection'] = 'close';
    res.writeHead(status, {
      'Content-Type': RESPONSE_CONTENT_TYPE[encoding],
      'Content-Length': String(body.byteLength),
      ...headers,
    });
    res.end(body);
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    expectsContinue = false,
  ): Promise<void> {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const signal = ROUTES[path];
    const contentType = req.headers['content-type'];
    const payload = parseContentType(contentType);
    // Errors answer in the request's encoding; protobuf when it named neither (the spec's default).
    const replyEncoding = payload ?? 'protobuf';
    const fail = (
      reason: ReceiverErrorReason,
      message: string,
      headers?: Record<string, string>,
    ): void => {
      telemetry.failed(signal, reason);
      sendStatus(req, res, replyEncoding, reason, message, headers);
    };

    if (signal === undefined) {
      fail('not_found', `no OTLP endpoint at ${path}; use /v1/metrics, /v1/traces or /v1/logs`);
      return;
    }
    if (req.method !== 'POST') {
      fail('method_not_allowed', `${req.method ?? '?'} not allowed on ${path}; use POST`, {
        Allow: 'POST',
      });
      return;
    }
    const auth = checkToken(req.headers.authorization);
    if (auth !== 'ok') {
      fail(
        'unauthenticated',
        auth === 'missing' ? 'missing Authorization: Bearer <token>' : 'invalid bearer token',
        { 'WWW-Authenticate': auth === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"' },
      );
      return;
    }
    if (payload === undefined) {
      fail(
        'unsupported_media_type',
        `unsupported Content-Type ${JSON.stringify(contentType ?? '')}; use application/x-protobuf or application/json`,
      );
      return;
    }
    const coding = parseContentEncoding(req.headers['content-encoding']);
    if (coding === undefined) {
      fail(
        'unsupported_media_type',
        `unsupported Content-Encoding ${JSON.stringify(req.headers['content-encoding'])}; use gzip, deflate or none`,
      );
      return;
    }
    const declaredLength = Number(req.headers['content-length'] ?? NaN);
    const wireLimit =
      coding === 'identity'
        ? Math.min(maxBodyBytes, maxCompressedBodyBytes)
        : maxCompressedBodyBytes;
    if (declaredLength > wireLimit) {
      fail('too_large', `request body of ${declaredLength} bytes exceeds ${wireLimit} bytes`);
      return;
    }
    // Admission before the body is read: a full queue, or a body that cannot fit in the
    // memory for bodies in flight, is refused without reading or decoding it.
    const queueRefusal = queue.check(signal);
    const known = coding === 'identity' ? declaredLength : 0;
    if (queueRefusal !== undefined || (known > 0 && !bodyBudget.fits(known))) {
      const refusal = queueRefusal ?? {
        reason: 'overloaded' as const,
        message: `the memory for request bodies in flight is used up (${bodyBudget.used} of ${bodyBudget.limit} bytes); retry later`,
      };
      fail(refusal.reason, refusal.message, { 'Retry-After': retryAfter });
      return;
    }
    if (expectsContinue) res.writeContinue();

    const share = openShare(bodyBudget);
    res.once('close', () => share.releaseAll());
    const body = await readBody(req, {
      coding,
      maxBodyBytes,
      maxCompressedBodyBytes,
      reserve: (bytes) => share.grow(bytes),
    });
    if (!body.ok) {
      share.releaseAll();
      switch (body.error.kind) {
        case 'aborted':
          telemetry.failed(signal, 'aborted');
          res.destroy();
          return;
        case 'over_budget':
          fail('overloaded', body.error.message, { 'Retry-After': retryAfter });
          return;
        default:
          fail(body.error.kind === 'too_large' ? 'too_large' : 'corrupt_body', body.error.message);
          return;
      }
    }

    const decoded = decodeRequest(signal, payload, body.value, decodeOptions);
    // The decoded model holds no view of the body: its memory is the queue's to bound now.
    share.releaseAll();
    if (!decoded.ok) {
      const error = decoded.error;
      const what = error.tooLarge ? 'too large an' : 'invalid';
      fail(
        error.tooLarge ? 'too_large' : 'decode_error',
        `${what} OTLP ${payload} ${signal} request: ${error.message}`,
      );
      return;
    }
    const points = countPoints(signal, decoded.value);
    telemetry.received(signal, points);
    const result = await submit(queue, signal, decoded.value, points);
    switch (result.kind) {
      case 'processed':
        send(
          res,
          200,
          payload,
          encodeExportResponse(signal, payload, partialSuccessOf(result.outcome)),
        );
        return;
      case 'refused':
        telemetry.failed(signal, result.refusal.reason, points);
        sendStatus(req, res, payload, result.refusal.reason, result.refusal.message, {
          'Retry-After': retryAfter,
        });
        return;
      case 'failed':
        telemetry.failed(signal, 'internal', points);
        sendStatus(req, res, payload, 'internal', result.message);
        return;
    }
  }

  function onRequest(req: IncomingMessage, res: ServerResponse, expectsContinue = false): void {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    });
    handle(req, res, expectsContinue).catch((error: unknown) => {
      // Only a defect gets here; answer 500 rather than leave the client hanging.
      telemetry.failed(undefined, 'internal');
      const message = error instanceof Error ? error.message : String(error);
      sendStatus(req, res, 'protobuf', 'internal', `internal error: ${message}`);
    });
  }

  return {
    start(): Promise<ReceiverAddress> {
      if (server !== undefined || shutdownPromise !== undefined) {
        return Promise.reject(new Error('OTLP/HTTP receiver already started or shut down'));
      }
      const created = createServer(
        {
          requestTimeout: requestTimeoutMillis,
          headersTimeout: headersTimeoutMillis,
          // How often Node checks the two timeouts above.
          connectionsCheckingInterval: Math.max(50, Math.min(headersTimeoutMillis / 4, 30_000)),
        },
        (req, res) => onRequest(req, res),
      );
      // The connection cap, and 400/408/431 answers the client can read (not a reset).
      const guard = guardConnections(created, {
        maxConnections,
        onRefused: (reason) => telemetry.failed(undefined, reason),
      });
      // `Expect: 100-continue`: the checks before the body run first, so a refused request
      // is answered without the client sending its body.
      created.on('checkContinue', (req, res) => {
        guard.track(req, res);
        onRequest(req, res, true);
      });
      server = created;
      return new Promise((resolve, reject) => {
        created.once('error', reject);
        created.listen(port, host, () => {
          created.off('error', reject);
          const address = created.address() as AddressInfo;
          resolve({ host: address.address, port: address.port });
        });
      });
    },

    shutdown(): Promise<void> {
      shutdownPromise ??= (async () => {
        closing = true;
        const current = server;
        if (current === undefined || !current.listening) return;
        const closed = new Promise<void>((resolve) => current.close(() => resolve()));
        current.closeIdleConnections();
        const idle =
          inFlight === 0
            ? Promise.resolve()
            : new Promise<void>((resolve) => idleWaiters.push(resolve));
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, shutdownTimeoutMillis);
          timer.unref();
        });
        await Promise.race([idle, timedOut]);
        clearTimeout(timer);
        current.closeAllConnections();
        await closed;
      })();
      return shutdownPromise;
    },
  };
}
