/**
 * One hostile client cannot take the service down: 16 MiB requests of millions of empty
 * histogram points (the cheapest points to send, the dearest to build) are refused with 413
 * while `/healthz` keeps answering, and the service stores the next ordinary request.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { WireWriter } from '../../src/otlp/wire-writer.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import type { AnalysisService } from '../../src/service/types.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';

const MIB = 1024 * 1024;
let dir: string;
let service: AnalysisService;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostile-'));
  const parsed = parseConfig(loopbackServiceYaml(join(dir, 's.db')), { file: 'service.yaml' });
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  service = createAnalysisService(parsed.value, {
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  await service.start();
});
afterAll(async () => {
  await service.shutdown();
  await rm(dir, { recursive: true, force: true });
});

function emptyPointsJson(kind: string): Buffer {
  const head = `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h","${kind}":{"aggregationTemporality":2,"dataPoints":[`;
  const tail = ']}}]}]}]}';
  const n = Math.floor((16 * MIB - 64 - head.length - tail.length) / 3);
  return Buffer.from(head + '{},'.repeat(n - 1) + '{}' + tail);
}

/** Field 9 histogram / 10 exponential histogram with empty `data_points` filling 16 MiB. */
function emptyPointsProtobuf(kind: number): Uint8Array {
  const n = 8 * MIB - 64;
  const w = new WireWriter(2 * n + 64);
  const rm = w.begin(1);
  const sm = w.begin(2);
  const m = w.begin(2);
  w.stringField(1, 'h');
  const h = w.begin(kind);
  for (let i = 0; i < n; i++) w.end(w.begin(1));
  w.end(h);
  w.end(m);
  w.end(sm);
  w.end(rm);
  return w.finish();
}

/** Polls `/healthz` until `done` settles; every answer's status. */
async function healthWhile(done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const statuses: number[] = [];
  do {
    const res = await fetch(`${service.addresses.api}/healthz`);
    statuses.push(res.status);
    await res.arrayBuffer();
  } while (!finished);
  return statuses;
}

async function post(body: Uint8Array, contentType: string): Promise<[number, string]> {
  const res = await fetch(`${service.addresses.otlpHttp}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return [res.status, Buffer.from(await res.arrayBuffer()).toString('latin1')];
}

describe('hostile 16 MiB requests', () => {
  it.each([
    ['OTLP/JSON histogram', () => emptyPointsJson('histogram'), 'application/json'],
    [
      'OTLP/JSON exponential histogram',
      () => emptyPointsJson('exponentialHistogram'),
      'application/json',
    ],
    ['protobuf histogram', () => emptyPointsProtobuf(9), 'application/x-protobuf'],
    ['protobuf exponential histogram', () => emptyPointsProtobuf(10), 'application/x-protobuf'],
  ])('%s of empty points: 413 while /healthz answers', async (_name, build, contentType) => {
    const body = build();
    expect(body.length).toBeGreaterThan(15 * MIB);
    expect(body.length).toBeLessThanOrEqual(16 * MIB);
    const upload = post(body, contentType);
    const health = await healthWhile(upload);
    const [status, text] = await upload;
    expect(status).toBe(413);
    expect(text).toMatch(/over the limit max(Points|Items)PerRequest/);
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((s) => s === 200)).toBe(true);
    const ok = JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'after.hostile',
                  gauge: { dataPoints: [{ timeUnixNano: String(Date.now() * 1e6), asDouble: 1 }] },
                },
              ],
            },
          ],
        },
      ],
    });
    expect((await post(Buffer.from(ok), 'application/json'))[0]).toBe(200);
  });
});
