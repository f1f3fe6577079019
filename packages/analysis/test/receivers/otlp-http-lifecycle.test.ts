import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngestQueue } from '../../src/queue/ingest-queue.js';
import type { IngestQueue } from '../../src/queue/types.js';
import { createOtlpHttpReceiver } from '../../src/receivers/otlp-http-receiver.js';
import type { OtlpHttpReceiverOptions } from '../../src/receivers/otlp-http-receiver.js';
import type { OtlpReceiver, ReceiverErrorReason } from '../../src/receivers/types.js';
import {
  blockingQueue,
  decodeStatusProtobuf,
  rawRequest,
  recordingQueue,
  sampleMetricsBody,
} from './helpers.js';

const PROTOBUF = { 'Content-Type': 'application/x-protobuf' };

let receiver: OtlpReceiver | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await receiver?.shutdown();
  receiver = undefined;
});

async function start(
  queue: IngestQueue,
  extra: Partial<OtlpHttpReceiverOptions> = {},
): Promise<number> {
  receiver = createOtlpHttpReceiver({ queue, host: '127.0.0.1', port: 0, ...extra });
  return (await receiver.start()).port;
}

/** Opens a raw TCP connection and resolves when it is connected. */
function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    sockets.push(socket);
  });
}

/** Everything the server sends until it closes the connection. */
function readUntilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

describe('OTLP/HTTP receiver under load and at shutdown', () => {
  it('answers 429 with Retry-After when the queue is full, then completes every queued request with 200', async () => {
    const blocking = blockingQueue({ maxQueuedRequests: 3 });
    const failed: ReceiverErrorReason[] = [];
    const port = await start(blocking.queue, {
      retryAfterSeconds: 2,
      telemetry: { onRequestFailed: (_t, _s, reason) => failed.push(reason) },
    });
    const body = await sampleMetricsBody('protobuf');
    const send = () => rawRequest(port, { path: '/v1/metrics', headers: PROTOBUF, body });
    const queued = [send(), send(), send()];
    await blocking.waitForStarted(1);
    // Wait until all three are held: one processing, two waiting.
    while (blocking.queue.stats().queuedRequests < 3) await new Promise((r) => setImmediate(r));

    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('2');
    expect(decodeStatusProtobuf(refused.body).message).toMatch(/ingest queue full \(3 requests/);
    expect(failed).toEqual(['overloaded']);

    for (let released = 0; released < 3; released += 1) {
      await blocking.waitForStarted(released + 1);
      blocking.release();
    }
    const answers = await Promise.all(queued);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(blocking.queue.stats()).toMatchObject({ processedRequests: 3, overloadedRequests: 1 });
  });

  it('answers 503 with Retry-After while the queue drains, and finishes what was queued', async () => {
    const blocking = blockingQueue();
    const port = await start(blocking.queue);
    const body = await sampleMetricsBody('protobuf');
    const first = rawRequest(port, { path: '/v1/metrics', headers: PROTOBUF, body });
    await blocking.waitForStarted(1);
    const drained = blocking.queue.drain();
    const late = await rawRequest(port, { path: '/v1/metrics', headers: PROTOBUF, body });
    expect(late.status).toBe(503);
    expect(late.headers['retry-after']).toBe('1');
    blocking.release();
    expect((await first).status).toBe(200);
    await drained;
  });

  it('answers 500 (not 200) when processing throws, and keeps serving', async () => {
    let calls = 0;
    const queue = createIngestQueue({
      process: (item) => {
        calls += 1;
        if (calls === 1) throw new Error('store unreachable');
        return { acceptedPoints: item.points, rejectedPoints: 0, errorMessage: '' };
      },
    });
    const port = await start(queue);
    const body = await sampleMetricsBody('protobuf');
    const failed = await rawRequest(port, { path: '/v1/metrics', headers: PROTOBUF, body });
    expect(failed.status).toBe(500);
    // The client learns that nothing was processed, not the internals.
    expect(decodeStatusProtobuf(failed.body).message).toBe(
      'internal error while processing the metrics request',
    );
    expect((await rawRequest(port, { path: '/v1/metrics', headers: PROTOBUF, body })).status).toBe(
      200,
    );
  });

  it('survives a client that disconnects mid-body: nothing processed, counted as aborted', async () => {
    const { queue, items } = recordingQueue();
    const failed: ReceiverErrorReason[] = [];
    const port = await start(queue, {
      telemetry: { onRequestFailed: (_t, _s, reason) => failed.push(reason) },
    });
    const socket = await openSocket(port);
    // `Expect: 100-continue` makes the server confirm it dispatched the request before the
    // body is sent, so the disconnect below certainly happens mid-body.
    const continued = new Promise((resolve) => socket.once('data', resolve));
    socket.write(
      'POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n' +
        'Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n',
    );
    expect(String(await continued)).toMatch(/^HTTP\/1\.1 100 Continue/);
    socket.write('partial');
    socket.destroy();
    while (failed.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(failed).toEqual(['aborted']);
    expect(items).toHaveLength(0);
    const body = await sampleMetricsBody('protobuf');
    expect((await rawRequest(port, { path: '/v1/metrics', headers: PROTOBUF, body })).status).toBe(
      200,
    );
  });

  it('disconnects a client too slow to send its body with 408, and keeps serving others', async () => {
    const { queue, items } = recordingQueue();
    const port = await start(queue, { requestTimeoutMillis: 200 });
    const slow = await openSocket(port);
    const closed = readUntilClosed(slow);
    slow.write(
      'POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n' +
        'Content-Length: 100\r\n\r\nab',
    );
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(items).toHaveLength(0);
    const body = await sampleMetricsBody('protobuf');
    expect((await rawRequest(port, { path: '/v1/metrics', headers: PROTOBUF, body })).status).toBe(
      200,
    );
  });

  it('shutdown stops accepting, waits for the request in flight, then resolves', async () => {
    const blocking = blockingQueue();
    const port = await start(blocking.queue);
    const body = await sampleMetricsBody('protobuf');
    const inFlight = rawRequest(port, { path: '/v1/metrics', headers: PROTOBUF, body });
    await blocking.waitForStarted(1);
    let stopped = false;
    const stopping = receiver?.shutdown().then(() => {
      stopped = true;
    });
    await expect(
      rawRequest(port, { path: '/v1/metrics', headers: PROTOBUF, body }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(stopped).toBe(false);
    blocking.release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.headers['connection']).toBe('close');
    await stopping;
    expect(stopped).toBe(true);
  });

  it('shutdown closes idle keep-alive connections instead of waiting for them', async () => {
    const { queue } = recordingQueue();
    const port = await start(queue);
    const idle = await openSocket(port);
    const closed = readUntilClosed(idle);
    await receiver?.shutdown();
    // The server closed the connection without a word (a hang here fails by timeout).
    await expect(closed).resolves.toBe('');
  });

  it('start reports the bound port and refuses to start twice', async () => {
    const { queue } = recordingQueue();
    const port = await start(queue);
    expect(port).toBeGreaterThan(0);
    await expect(receiver?.start()).rejects.toThrow(/already started/);
  });

  it('start fails naming the cause when the port is taken', async () => {
    const { queue } = recordingQueue();
    const port = await start(queue);
    const second = createOtlpHttpReceiver({ queue, host: '127.0.0.1', port });
    await expect(second.start()).rejects.toThrow(/EADDRINUSE/);
    await second.shutdown();
  });
});
