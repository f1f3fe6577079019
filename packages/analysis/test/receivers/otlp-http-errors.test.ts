import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOtlpHttpReceiver } from '../../src/receivers/otlp-http-receiver.js';
import type { OtlpHttpReceiverOptions } from '../../src/receivers/otlp-http-receiver.js';
import type { OtlpReceiver, ReceiverErrorReason } from '../../src/receivers/types.js';
import type { IngestItem } from '../../src/queue/types.js';
import { seededBytes } from '../helpers/seeded-random.js';
import {
  decodeExportResponseProtobuf,
  decodeStatusProtobuf,
  rawRequest,
  recordingQueue,
  sampleMetricsBody,
} from './helpers.js';
import type { RawResponse } from './helpers.js';

const TOKEN = 'errors-test-token';
const LIMIT = 64 * 1024;
const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

let receiver: OtlpReceiver;
let port: number;
let items: IngestItem[];
let failures: [string | undefined, ReceiverErrorReason][];
let received: [string, string, number][];
let protobufBody: Buffer;

async function start(extra: Partial<OtlpHttpReceiverOptions> = {}): Promise<void> {
  const recording = recordingQueue({
    outcome: (item) =>
      // A request whose resource is named 'partial' gets two of its points rejected.
      item.signal === 'metrics' &&
      item.request.resourceMetrics[0]?.resource.attributes['service.name'] === 'partial'
        ? { acceptedPoints: item.points - 2, rejectedPoints: 2, errorMessage: 'two bad points' }
        : { acceptedPoints: item.points, rejectedPoints: 0, errorMessage: '' },
  });
  items = recording.items;
  failures = [];
  received = [];
  receiver = createOtlpHttpReceiver({
    queue: recording.queue,
    host: '127.0.0.1',
    port: 0,
    maxRequestBodyBytes: LIMIT,
    authTokens: [TOKEN],
    telemetry: {
      onRequestFailed: (_t, signal, reason) => failures.push([signal, reason]),
      onReceived: (transport, signal, points) => received.push([transport, signal, points]),
    },
    ...extra,
  });
  port = (await receiver.start()).port;
}

beforeEach(async () => {
  protobufBody ??= await sampleMetricsBody('protobuf');
  await start();
});

afterEach(async () => {
  await receiver.shutdown();
});

const auth = { Authorization: `Bearer ${TOKEN}` };

function post(
  body: Uint8Array | string,
  headers: Record<string, string | number> = {},
  path = '/v1/metrics',
): Promise<RawResponse> {
  return rawRequest(port, {
    path,
    body,
    headers: { 'Content-Type': PROTOBUF, ...auth, ...headers },
  });
}

/** The server still answers a good request with 200 and processes it. */
async function expectStillServing(): Promise<void> {
  const before = items.length;
  const response = await post(protobufBody);
  expect(response.status).toBe(200);
  expect(items.length).toBe(before + 1);
}

function statusMessage(response: RawResponse): string {
  if (String(response.headers['content-type']).startsWith(JSON_TYPE)) {
    return (JSON.parse(response.body.toString('utf8')) as { message: string }).message;
  }
  return decodeStatusProtobuf(response.body).message;
}

describe('OTLP/HTTP receiver answers', () => {
  it('200 with an empty Export*ServiceResponse in the request content type for a full success', async () => {
    const response = await post(protobufBody, {
      'Content-Type': 'application/x-protobuf; charset=binary',
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(PROTOBUF);
    expect(decodeExportResponseProtobuf(response.body)).toBeUndefined();
    expect(items.map((i) => [i.signal, i.points])).toEqual([['metrics', 5]]);
    expect(received).toEqual([['http', 'metrics', 5]]);
  });

  it('200 with partial_success counting the rejected points', async () => {
    const json = JSON.parse((await sampleMetricsBody('json')).toString('utf8')) as {
      resourceMetrics: { resource: { attributes: { key: string; value: unknown }[] } }[];
    };
    const resource = json.resourceMetrics[0]?.resource;
    if (!resource) throw new Error('sample has no resource');
    resource.attributes = [{ key: 'service.name', value: { stringValue: 'partial' } }];
    const response = await post(JSON.stringify(json), {
      'Content-Type': 'application/json; charset=utf-8',
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(JSON_TYPE);
    expect(JSON.parse(response.body.toString('utf8'))).toEqual({
      partialSuccess: { rejectedDataPoints: '2', errorMessage: 'two bad points' },
    });
  });

  it('200 for gzip, zlib-deflate and raw-deflate bodies', async () => {
    for (const [coding, body] of [
      ['gzip', gzipSync(protobufBody)],
      ['x-gzip', gzipSync(protobufBody)],
      ['deflate', deflateSync(protobufBody)],
      ['deflate', deflateRawSync(protobufBody)],
    ] as const) {
      const response = await post(body, { 'Content-Encoding': coding });
      expect(response.status, coding).toBe(200);
    }
    expect(items).toHaveLength(4);
    expect(items.every((i) => i.points === 5)).toBe(true);
  });

  const badRequests: {
    name: string;
    send: () => Promise<RawResponse>;
    status: number;
    reason: ReceiverErrorReason;
    message: RegExp;
  }[] = [
    {
      name: 'garbage protobuf',
      send: () => post(seededBytes(42, 512)),
      status: 400,
      reason: 'decode_error',
      message: /^invalid OTLP protobuf metrics request: .+/,
    },
    {
      name: 'truncated protobuf',
      send: () => post(protobufBody.subarray(0, Math.floor(protobufBody.length / 2))),
      status: 400,
      reason: 'decode_error',
      message: /^invalid OTLP protobuf metrics request: .+/,
    },
    {
      name: 'invalid JSON',
      send: () => post('{"resourceMetrics": [', { 'Content-Type': JSON_TYPE }),
      status: 400,
      reason: 'decode_error',
      message: /^invalid OTLP json metrics request: .+/,
    },
    {
      name: 'JSON with wrong field types',
      send: () => post('{"resourceMetrics": "not a list"}', { 'Content-Type': JSON_TYPE }),
      status: 400,
      reason: 'decode_error',
      message: /resourceMetrics/,
    },
    {
      name: 'corrupt gzip',
      send: () => post(seededBytes(7, 300), { 'Content-Encoding': 'gzip' }),
      status: 400,
      reason: 'corrupt_body',
      message: /^invalid gzip body: /,
    },
    {
      name: 'a gzip bomb (a few KB inflating past the limit)',
      send: () =>
        post(gzipSync(Buffer.alloc(LIMIT * 64), { level: 9 }), { 'Content-Encoding': 'gzip' }),
      status: 413,
      reason: 'too_large',
      message: new RegExp(`exceeds ${LIMIT} bytes after decompression`),
    },
    {
      name: 'an oversize body with Content-Length',
      send: () => post(Buffer.alloc(LIMIT + 1)),
      status: 413,
      reason: 'too_large',
      message: new RegExp(`${LIMIT + 1} bytes exceeds ${LIMIT} bytes`),
    },
    {
      name: 'an oversize chunked body',
      send: () => post(Buffer.alloc(LIMIT * 3), { 'Transfer-Encoding': 'chunked' }),
      status: 413,
      reason: 'too_large',
      message: new RegExp(`exceeds ${LIMIT} bytes`),
    },
    {
      name: 'a wrong content type',
      send: () => post('hello', { 'Content-Type': 'text/plain' }),
      status: 415,
      reason: 'unsupported_media_type',
      message: /unsupported Content-Type "text\/plain"/,
    },
    {
      name: 'an unsupported content encoding',
      send: () => post(protobufBody, { 'Content-Encoding': 'br' }),
      status: 415,
      reason: 'unsupported_media_type',
      message: /unsupported Content-Encoding "br"/,
    },
    {
      name: 'an unknown path',
      send: () => post(protobufBody, {}, '/v1/profiles'),
      status: 404,
      reason: 'not_found',
      message: /no OTLP endpoint at \/v1\/profiles/,
    },
    {
      name: 'a missing token',
      send: () =>
        rawRequest(port, {
          path: '/v1/metrics',
          body: protobufBody,
          headers: { 'Content-Type': PROTOBUF },
        }),
      status: 401,
      reason: 'unauthenticated',
      message: /missing Authorization/,
    },
    {
      name: 'a wrong token',
      send: () => post(protobufBody, { Authorization: `Bearer ${TOKEN}x` }),
      status: 401,
      reason: 'unauthenticated',
      message: /invalid bearer token/,
    },
  ];

  for (const bad of badRequests) {
    it(`${bad.status} for ${bad.name}, processes nothing, and keeps serving`, async () => {
      const response = await bad.send();
      expect(response.status).toBe(bad.status);
      expect(statusMessage(response)).toMatch(bad.message);
      expect(items).toHaveLength(0);
      expect(failures).toEqual([[bad.reason === 'not_found' ? undefined : 'metrics', bad.reason]]);
      await expectStillServing();
    });
  }

  it('405 with Allow: POST for another method', async () => {
    const response = await rawRequest(port, { path: '/v1/traces', method: 'GET', headers: auth });
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('POST');
    expect(statusMessage(response)).toBe('GET not allowed on /v1/traces; use POST');
    await expectStillServing();
  });

  it('401 with WWW-Authenticate naming the Bearer scheme', async () => {
    const missing = await rawRequest(port, {
      path: '/v1/logs',
      body: 'x',
      headers: { 'Content-Type': PROTOBUF },
    });
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const wrong = await post('x', { Authorization: 'Bearer nope' }, '/v1/logs');
    expect(wrong.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('errors in the request encoding: a JSON google.rpc.Status for JSON requests', async () => {
    const response = await post('{', { 'Content-Type': JSON_TYPE });
    expect(response.headers['content-type']).toBe(JSON_TYPE);
    const status = JSON.parse(response.body.toString('utf8')) as { code: number; message: string };
    expect(status.code).toBe(3); // INVALID_ARGUMENT
    const protobufStatus = decodeStatusProtobuf((await post(seededBytes(1, 64))).body);
    expect(protobufStatus.code).toBe(3);
  });

  it('413 when the compressed body itself is over maxCompressedBodyBytes', async () => {
    await receiver.shutdown();
    // The sample fits as sent; random bytes do not compress, so twice its size does not.
    const wireLimit = protobufBody.length;
    await start({ maxCompressedBodyBytes: wireLimit });
    const noise = gzipSync(seededBytes(3, wireLimit * 2));
    const response = await post(noise, { 'Content-Encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect(statusMessage(response)).toMatch(new RegExp(`exceeds ${wireLimit} bytes`));
    await expectStillServing();
  });
});
