/**
 * Malformed input against the running service: each bad request gets a 4xx whose body says
 * what was wrong, and the service keeps serving other clients (a well-formed request right
 * after is stored).
 */
import { gzipSync } from 'node:zlib';
import { encodeMetricsProtobuf } from '@heterodyne/analysis';
import protobuf from 'protobufjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { oneSeries, samplesOf, statusOf } from './helpers/api.js';
import { getJson, post } from './helpers/http.js';
import { gaugeJson, gaugeRequest } from './helpers/requests.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';
import type { TestService } from './helpers/service.js';

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

/** `google.rpc.Status` fields 1 (code) and 2 (message), read with protobufjs' wire reader. */
function rpcStatus(bytes: Uint8Array): { code: number; message: string } {
  const reader = protobuf.Reader.create(bytes);
  const out = { code: 0, message: '' };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) out.code = reader.int32();
    else if (tag >>> 3 === 2) out.message = reader.string();
    else reader.skipType(tag & 7);
  }
  return out;
}

let t: TestService;
const cleanup = useCleanup();
let clientValue = 0;
beforeEach(async () => {
  const { dir, remove } = await tempDir('e2e-malformed-');
  cleanup.push(remove);
  t = await startTestService({ store: sqliteUrl(dir) });
  cleanup.push(t.stop);
});
/** Another client sends a good request; it must be stored. */
async function anotherClientIsServed(): Promise<void> {
  clientValue += 1;
  const res = await post(
    `${t.addresses.otlpHttp}/v1/metrics`,
    gaugeJson('well-behaved', clientValue, Date.now() + clientValue),
    JSON_TYPE,
  );
  expect(res.status).toBe(200);
  const series = await oneSeries(t.addresses.api, 'e2e.gauge');
  expect((await samplesOf(t.addresses.api, series.id)).at(-1)?.value).toBe(clientValue);
  expect((await getJson(`${t.addresses.api}/readyz`)).status).toBe(200);
}

describe('malformed OTLP against the running service', () => {
  it('answers garbage protobuf with 400 and a google.rpc.Status naming the problem', async () => {
    const garbage = new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]);
    const res = await post(`${t.addresses.otlpHttp}/v1/metrics`, garbage, PROTOBUF);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    const status = rpcStatus(res.bytes);
    expect(status.code).toBe(3); // INVALID_ARGUMENT
    expect(status.message).toMatch(/resource_metrics/);
    await anotherClientIsServed();
  });

  it('answers a truncated request with 400 naming the field', async () => {
    const whole = encodeMetricsProtobuf(
      gaugeRequest({ service: 's', value: 1, timeMillis: Date.now() }),
    );
    const res = await post(
      `${t.addresses.otlpHttp}/v1/metrics`,
      whole.subarray(0, whole.length - 3),
      PROTOBUF,
    );
    expect(res.status).toBe(400);
    expect(rpcStatus(res.bytes).message).toMatch(/resource_metrics\[0\]/);
    await anotherClientIsServed();
  });

  it('answers invalid JSON with 400 and a JSON status saying so', async () => {
    const res = await post(
      `${t.addresses.otlpHttp}/v1/metrics`,
      '{"resourceMetrics": [',
      JSON_TYPE,
    );
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text) as { code: number; message: string };
    expect(body.code).toBe(3);
    expect(body.message).toMatch(/JSON/i);
    await anotherClientIsServed();
  });

  it('answers JSON with a wrong field type with 400 naming the field', async () => {
    const res = await post(
      `${t.addresses.otlpHttp}/v1/metrics`,
      JSON.stringify({ resourceMetrics: [{ scopeMetrics: 'not a list' }] }),
      JSON_TYPE,
    );
    expect(res.status).toBe(400);
    expect((JSON.parse(res.text) as { message: string }).message).toMatch(/scope_?[mM]etrics/);
    await anotherClientIsServed();
  });

  it('cuts a gzip bomb off with 413 after decompressing past the limit', async () => {
    // 64 KiB on the wire, 64 MiB inflated: four times the default 16 MiB limit.
    const bomb = gzipSync(Buffer.alloc(64 * 2 ** 20), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const res = await post(`${t.addresses.otlpHttp}/v1/metrics`, bomb, {
      ...PROTOBUF,
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(413);
    expect(rpcStatus(res.bytes).message).toMatch(/16777216|16 ?MiB|limit/i);
    await anotherClientIsServed();
  });

  it('rejects an attribute value over the decode limit with 400 naming the limit', async () => {
    const huge = 'x'.repeat(100_000);
    const request = gaugeRequest({
      service: 'huge',
      value: 1,
      timeMillis: Date.now(),
      attributes: { note: huge },
    });
    const res = await post(
      `${t.addresses.otlpHttp}/v1/metrics`,
      encodeMetricsProtobuf(request),
      PROTOBUF,
    );
    expect(res.status).toBe(400);
    expect(rpcStatus(res.bytes).message).toMatch(/65536/);
    await anotherClientIsServed();
  });

  it('answers a wrong content type with 415 and an unknown path with 404', async () => {
    const wrongType = await post(`${t.addresses.otlpHttp}/v1/metrics`, 'x', {
      'content-type': 'text/plain',
    });
    expect(wrongType.status).toBe(415);
    const wrongPath = await post(`${t.addresses.otlpHttp}/v2/metrics`, 'x', JSON_TYPE);
    expect(wrongPath.status).toBe(404);
    await anotherClientIsServed();
  });

  it('reports invalid points as partial success and stores the valid ones', async () => {
    const request = gaugeRequest({
      service: 'partial',
      metric: 'e2e.partial',
      value: 1,
      timeMillis: Date.now(),
    });
    const metrics = request.resourceMetrics[0]?.scopeMetrics[0]?.metrics ?? [];
    // A histogram whose bucket counts do not match its bounds is invalid.
    metrics.push({
      name: 'e2e.bad_histogram',
      description: '',
      unit: 's',
      data: {
        type: 'histogram',
        temporality: 1,
        points: [
          {
            attributes: {},
            startTimeUnixNano: 0,
            timeUnixNano: Date.now() * 1e6,
            flags: 0,
            count: 2,
            sum: 3,
            bucketCounts: [1, 1, 0, 0],
            explicitBounds: [1],
            min: undefined,
            max: undefined,
          },
        ],
      },
    });
    const proto = await post(`${t.addresses.otlpHttp}/v1/metrics`, encodeMetricsProtobuf(request), {
      'content-type': 'application/x-protobuf',
      accept: 'application/x-protobuf',
    });
    expect(proto.status).toBe(200);
    // ExportMetricsServiceResponse.partial_success (1): rejected_data_points (1), error_message (2).
    const reader = protobuf.Reader.create(proto.bytes);
    expect(reader.uint32()).toBe((1 << 3) | 2);
    const partial = protobuf.Reader.create(reader.bytes());
    const fields: Record<number, unknown> = {};
    while (partial.pos < partial.len) {
      const tag = partial.uint32();
      fields[tag >>> 3] = tag >>> 3 === 1 ? Number(partial.int64()) : partial.string();
    }
    expect(fields[1]).toBe(1);
    expect(fields[2]).toMatch(/e2e\.bad_histogram/);
    const status = await statusOf(t.addresses.api);
    expect(status.totals.rejectedPoints).toBe(1);
    expect(status.dropped.invalid).toBe(1);
    expect((await oneSeries(t.addresses.api, 'e2e.partial')).samples).toBe(1);
  });
});
