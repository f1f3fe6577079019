/**
 * Refusals of the OTLP/gRPC receiver: count limits as `RESOURCE_EXHAUSTED`, used-up memory
 * for bodies in flight as `UNAVAILABLE` with a retry delay, and a bearer token with a tab
 * refused as over HTTP without grpc-js writing it to its log.
 */
import { connect } from 'node:http2';
import { setLogger, status as GrpcStatus } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import type { MetricsRequest } from '../../src/otlp/model.js';
import { createByteBudget } from '../../src/receivers/byte-budget.js';
import { redactGrpcLogMessage } from '../../src/receivers/grpc-log-redaction.js';
import { otlpGrpcExportPath } from '../../src/receivers/grpc-service-definition.js';
import { createOtlpGrpcReceiver } from '../../src/receivers/otlp-grpc-receiver.js';
import type { OtlpGrpcReceiverOptions } from '../../src/receivers/otlp-grpc-receiver.js';
import { gauge as metric, numberPoint, resource } from '../exporters/model-builders.js';
import { decodeRetryInfoSeconds, decodeStatusProtobuf, recordingQueue } from './helpers.js';

const TOKEN = 'tab-secret-token-7f3a';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Partial<OtlpGrpcReceiverOptions> = {}): Promise<number> {
  const receiver = createOtlpGrpcReceiver({
    queue: recordingQueue().queue,
    host: '127.0.0.1',
    port: 0,
    ...options,
  });
  const { port } = await receiver.start();
  cleanups.push(() => receiver.shutdown());
  return port;
}

interface RawCall {
  status: number;
  message: string;
  details: Buffer | undefined;
}

/** One unary OTLP metrics call over a raw HTTP/2 stream, with headers as given. */
function rawCall(port: number, message: Uint8Array, headers: Record<string, string> = {}) {
  return new Promise<RawCall>((resolve, reject) => {
    const session = connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const stream = session.request({
      ':method': 'POST',
      ':path': otlpGrpcExportPath('metrics'),
      'content-type': 'application/grpc',
      te: 'trailers',
      ...headers,
    });
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    // Errors come as trailers-only answers (the status in the response headers).
    let all: Record<string, unknown> = {};
    stream.on('response', (h) => (all = { ...all, ...h }));
    stream.on('trailers', (t) => (all = { ...all, ...t }));
    stream.on('close', () => {
      const details = all['grpc-status-details-bin'];
      resolve({
        status: Number(all['grpc-status']),
        message: decodeURIComponent(String(all['grpc-message'] ?? '')),
        details: typeof details === 'string' ? Buffer.from(details, 'base64') : undefined,
      });
      session.close();
    });
    stream.on('data', () => {});
    stream.on('error', reject);
    stream.end(frame);
  });
}

function gauge(points: number): MetricsRequest {
  const values = Array.from({ length: points }, (_, i) => numberPoint(i + 0.5));
  return { resourceMetrics: [resource({}, [metric('g', '', values)])] };
}

describe('OTLP/gRPC refusals', () => {
  it('RESOURCE_EXHAUSTED for a request over maxPointsPerRequest', async () => {
    const reasons: string[] = [];
    const port = await start({
      decodeOptions: { limits: { maxPointsPerRequest: 5 } },
      telemetry: { onRequestFailed: (_t, _s, reason) => reasons.push(reason) },
    });
    const call = await rawCall(port, encodeMetricsProtobuf(gauge(6)));
    expect(call.status).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(call.message).toContain('over the limit maxPointsPerRequest (5)');
    expect(reasons).toEqual(['too_large']);
    expect((await rawCall(port, encodeMetricsProtobuf(gauge(5)))).status).toBe(GrpcStatus.OK);
  });

  it('UNAVAILABLE with a RetryInfo delay when the memory for bodies in flight is used up', async () => {
    const budget = createByteBudget(1024);
    const port = await start({ bodyBudget: budget, retryAfterSeconds: 2 });
    budget.tryReserve(1000); // another request holds most of it
    const call = await rawCall(port, encodeMetricsProtobuf(gauge(20)));
    expect(call.status).toBe(GrpcStatus.UNAVAILABLE);
    expect(call.message).toMatch(/memory for request bodies in flight is used up/);
    const details = decodeStatusProtobuf(call.details ?? Buffer.alloc(0));
    expect(decodeRetryInfoSeconds(details.details[0]?.value ?? new Uint8Array())).toBe(2);
    budget.release(1000);
    expect((await rawCall(port, encodeMetricsProtobuf(gauge(20)))).status).toBe(GrpcStatus.OK);
    expect(budget.used).toBe(0);
  });

  it('refuses Bearer<TAB>token as HTTP does, and keeps the token out of the grpc-js log', async () => {
    const logged: string[] = [];
    const capture = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    setLogger({ error: capture, info: capture, debug: capture });
    cleanups.push(() => setLogger(console));
    const port = await start({ authTokens: [TOKEN] });
    const tab = await rawCall(port, encodeMetricsProtobuf(gauge(1)), {
      authorization: `Bearer\t${TOKEN}`,
    });
    expect(tab.status).toBe(GrpcStatus.UNAUTHENTICATED);
    const space = await rawCall(port, encodeMetricsProtobuf(gauge(1)), {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(space.status).toBe(GrpcStatus.OK);
    expect(logged.some((line) => line.includes('Failed to add metadata entry authorization'))).toBe(
      true,
    );
    expect(logged.join('\n')).not.toContain(TOKEN);
  });

  it('announces maxConcurrentStreams to every client connection', async () => {
    const port = await start({ maxConcurrentStreams: 7 });
    const session = connect(`http://127.0.0.1:${port}`);
    cleanups.push(() => session.close());
    const settings = await new Promise<{ maxConcurrentStreams?: number }>((resolve) =>
      session.once('remoteSettings', resolve),
    );
    expect(settings.maxConcurrentStreams).toBe(7);
  });

  it('redacts credentials in any grpc-js message', () => {
    expect(redactGrpcLogMessage('metadata {"authorization":"Bearer abc.def"} sent')).toBe(
      'metadata {"authorization":"[redacted]"} sent',
    );
    expect(redactGrpcLogMessage('header Authorization: Basic dXNlcjpwdw==')).toBe(
      'header Authorization: [redacted]',
    );
    expect(redactGrpcLogMessage('Failed to add metadata entry x-key: a\tb. bad. For more')).toBe(
      'Failed to add metadata entry x-key: [redacted] (a value with characters gRPC metadata does not allow was dropped)',
    );
  });
});
