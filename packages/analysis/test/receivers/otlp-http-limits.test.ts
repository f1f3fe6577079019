/**
 * No single client can take the OTLP/HTTP receiver down, and every refusal answers
 * correctly: raw clients on loopback against the real receiver.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createByteBudget } from '../../src/receivers/byte-budget.js';
import type { ByteBudget } from '../../src/receivers/byte-budget.js';
import { createOtlpHttpReceiver } from '../../src/receivers/otlp-http-receiver.js';
import type { OtlpHttpReceiverOptions } from '../../src/receivers/otlp-http-receiver.js';
import type { OtlpReceiver, ReceiverErrorReason } from '../../src/receivers/types.js';
import { blockingQueue, decodeStatusProtobuf, rawRequest, recordingQueue } from './helpers.js';

const MIB = 1024 * 1024;
const PROTOBUF = 'application/x-protobuf';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startReceiver(
  options: Partial<OtlpHttpReceiverOptions> = {},
): Promise<{ port: number; failures: ReceiverErrorReason[]; receiver: OtlpReceiver }> {
  const failures: ReceiverErrorReason[] = [];
  const receiver = createOtlpHttpReceiver({
    queue: options.queue ?? recordingQueue().queue,
    host: '127.0.0.1',
    port: 0,
    telemetry: { onRequestFailed: (_t, _s, reason) => failures.push(reason) },
    ...options,
  });
  const { port } = await receiver.start();
  cleanups.push(() => receiver.shutdown());
  return { port, failures, receiver };
}

/** What a raw client saw: the bytes it read, and the socket error if one came. */
interface RawOutcome {
  answer: string;
  error: string | undefined;
}

/**
 * Writes `head` and then `body` in 64 KiB chunks, honouring back-pressure as a real client
 * does, half-closes, and collects everything until the server closes.
 */
function rawExchange(port: number, head: string, body?: Buffer): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | undefined;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => resolve({ answer: Buffer.concat(chunks).toString('latin1'), error }));
    const parts = [Buffer.from(head, 'latin1'), ...(body ? [body] : [])];
    const data = Buffer.concat(parts);
    let offset = 0;
    const pump = (): void => {
      while (offset < data.length) {
        const chunk = data.subarray(offset, offset + 64 * 1024);
        offset += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
      socket.end();
    };
    socket.once('connect', pump);
  });
}

describe('refusals a client can read', () => {
  it('413 for a body of limit + 1 bytes with Content-Length, answered before the body and without a reset', async () => {
    const { port, failures } = await startReceiver({ maxRequestBodyBytes: 16 * MIB });
    const size = 16 * MIB + 1;
    const outcome = await rawExchange(
      port,
      `POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: ${PROTOBUF}\r\nContent-Length: ${size}\r\n\r\n`,
      Buffer.alloc(size),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(failures).toEqual(['too_large']);
  });

  it('413 without reading the body when the client sends Expect: 100-continue', async () => {
    const { port } = await startReceiver({ maxRequestBodyBytes: MIB });
    const outcome = await rawExchange(
      port,
      `POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: ${PROTOBUF}\r\nContent-Length: ${2 * MIB}\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(outcome.answer).not.toContain('100 Continue');
  });

  it('431 for a 1 MiB header, not a reset', async () => {
    const { port, failures } = await startReceiver();
    const outcome = await rawExchange(
      port,
      `POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: ${PROTOBUF}\r\nX-Big: ${'a'.repeat(MIB)}\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(failures).toEqual(['headers_too_large']);
  });

  it('401 for Bearer<TAB>token, as over gRPC', async () => {
    const { port } = await startReceiver({ authTokens: ['tab-token'] });
    const tab = await rawRequest(port, {
      path: '/v1/metrics',
      headers: { 'content-type': PROTOBUF, authorization: 'Bearer\ttab-token' },
      body: new Uint8Array(0),
    });
    expect(tab.status).toBe(401);
    const space = await rawRequest(port, {
      path: '/v1/metrics',
      headers: { 'content-type': PROTOBUF, authorization: 'Bearer tab-token' },
      body: new Uint8Array(0),
    });
    expect(space.status).toBe(200);
  });

  it('413 (not 400) for a request over maxPointsPerRequest, telling the client to split it', async () => {
    const { port, failures } = await startReceiver({
      decodeOptions: { limits: { maxPointsPerRequest: 10 } },
    });
    const body = JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            { metrics: [{ name: 'g', gauge: { dataPoints: new Array(11).fill({}) } }] },
          ],
        },
      ],
    });
    const res = await rawRequest(port, {
      path: '/v1/metrics',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString()).message).toContain(
      'over the limit maxPointsPerRequest (10); split it into smaller requests',
    );
    expect(failures).toEqual(['too_large']);
  });
});

describe('memory for bodies in flight', () => {
  it('429 with Retry-After before reading a body that does not fit the shared budget', async () => {
    const budget = createByteBudget(MIB);
    const { port, failures } = await startReceiver({ bodyBudget: budget, retryAfterSeconds: 3 });
    // A first client sends half of a 768 KiB body and stalls: its share stays reserved.
    const stalled = connect(port, '127.0.0.1');
    cleanups.push(() => stalled.destroy());
    stalled.write(
      `POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: ${PROTOBUF}\r\nContent-Length: ${768 * 1024}\r\n\r\n`,
    );
    stalled.write(Buffer.alloc(384 * 1024));
    await waitFor(() => budget.used >= 384 * 1024);
    const res = await rawRequest(port, {
      path: '/v1/metrics',
      headers: { 'content-type': PROTOBUF },
      body: Buffer.alloc(700 * 1024),
    });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(decodeStatusProtobuf(res.body).message).toMatch(
      /memory for request bodies in flight is used up/,
    );
    expect(failures).toContain('overloaded');
  });

  it('bounds the inflated bytes of 150 concurrent 16 MiB-inflating gzip bodies by the budget', async () => {
    const budget = observedBudget(createByteBudget(64 * MIB));
    const { port } = await startReceiver({ bodyBudget: budget, maxRequestBodyBytes: 16 * MIB });
    // 16 MiB of zeros gzip to about 16 KB; as protobuf they are an invalid field 0 (400).
    const bomb = gzipSync(Buffer.alloc(16 * MIB));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const statuses = await Promise.all(
      Array.from({ length: 150 }, () =>
        rawRequest(port, {
          path: '/v1/metrics',
          headers: { 'content-type': PROTOBUF, 'content-encoding': 'gzip' },
          body: bomb,
        }).then((r) => r.status),
      ),
    );
    // The budget admits about four at a time; the rest are told to retry.
    expect(budget.peak).toBeLessThanOrEqual(64 * MIB + 64 * 1024);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(100);
    expect(statuses.every((s) => s === 429 || s === 400)).toBe(true);
    expect(budget.used).toBe(0);
  });
});

describe('queue admission', () => {
  it('429 before reading the body when the queue is full', async () => {
    const blocking = blockingQueue({ maxQueuedRequests: 1 });
    const { port, failures } = await startReceiver({ queue: blocking.queue });
    const first = rawRequest(port, {
      path: '/v1/metrics',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceMetrics":[]}',
    });
    await blocking.waitForStarted(1);
    const outcome = await rawExchange(
      port,
      `POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: ${PROTOBUF}\r\nContent-Length: ${MIB}\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 429 /);
    expect(outcome.answer).toMatch(/\r\nRetry-After: 1\r\n/i);
    expect(failures).toEqual(['overloaded']);
    blocking.release();
    expect((await first).status).toBe(200);
  });
});

describe('connection cap', () => {
  it('keeps OTLP reachable through a flood of slow-header connections', async () => {
    const { port, failures } = await startReceiver({ maxConnections: 20 });
    const slow: Socket[] = [];
    for (let i = 0; i < 60; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write('POST /v1/metrics HTTP/1.1\r\nHost: x\r\n'); // headers never finish
      slow.push(socket);
      cleanups.push(() => socket.destroy());
    }
    await Promise.all(slow.map((s) => new Promise((r) => s.once('connect', r))));
    const res = await rawRequest(port, {
      path: '/v1/metrics',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceMetrics":[]}',
    });
    expect(res.status).toBe(200);
    expect(failures.filter((f) => f === 'connection_limit').length).toBeGreaterThanOrEqual(40);
  });
});

describe('connection cap and busy connections', () => {
  it('never evicts a connection whose request is in progress, Expect: 100-continue included', async () => {
    const { port } = await startReceiver({ maxConnections: 3 });
    const body = '{"resourceMetrics":[]}';
    const busy = connect(port, '127.0.0.1');
    cleanups.push(() => busy.destroy());
    const chunks: Buffer[] = [];
    busy.on('data', (chunk: Buffer) => chunks.push(chunk));
    busy.write(
      `POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await waitFor(() => Buffer.concat(chunks).toString().startsWith('HTTP/1.1 100 Continue'));
    const slow: Socket[] = [];
    for (let i = 0; i < 10; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write('POST /v1/metrics HTTP/1.1\r\n');
      slow.push(socket);
      cleanups.push(() => socket.destroy());
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    await waitFor(() => slow.filter((s) => s.destroyed || s.readableEnded).length >= 7);
    busy.end(body);
    await waitFor(() => /\r\n\r\nHTTP\/1\.1 200 /.test(Buffer.concat(chunks).toString()));
  });
});

/** A budget that remembers the most it ever had reserved. */
function observedBudget(budget: ByteBudget): ByteBudget & { peak: number } {
  const observed = {
    peak: 0,
    get limit() {
      return budget.limit;
    },
    get used() {
      return budget.used;
    },
    fits: (bytes: number) => budget.fits(bytes),
    tryReserve(bytes: number) {
      const ok = budget.tryReserve(bytes);
      observed.peak = Math.max(observed.peak, budget.used);
      return ok;
    },
    release: (bytes: number) => budget.release(bytes),
  };
  return observed;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error('condition not reached');
}
