/**
 * Refusals are counted by reason in the service's own telemetry: after a 431, a 413 and a
 * 401, the Prometheus scrape of the running service shows
 * `heterodyne_monitor_requests_refused_total` for each reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import type { AnalysisService } from '../../src/service/types.js';
import { rawRequest } from '../receivers/helpers.js';

let dir: string;
let service: AnalysisService;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'refusals-'));
  const yaml = [
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      http: { endpoint: 127.0.0.1:0, max_request_body_size: 1KiB }',
    '    auth: { bearer_token_env: INGEST_TOKEN }',
    'exporters:',
    '  prometheus: {}',
    'api: { endpoint: 127.0.0.1:0 }',
    `store: sqlite:${join(dir, 's.db')}`,
    '',
  ].join('\n');
  const parsed = parseConfig(yaml, { file: 'service.yaml', env: { INGEST_TOKEN: 'secret-1' } });
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
  service = createAnalysisService(parsed.value, {
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  await service.start();
});
afterEach(async () => {
  await service.shutdown();
  await rm(dir, { recursive: true, force: true });
});

it('counts 431, 413 and 401 refusals by reason in heterodyne.monitor.requests.refused', async () => {
  const port = Number(new URL(service.addresses.otlpHttp!).port);
  const auth = { authorization: 'Bearer secret-1', 'content-type': 'application/x-protobuf' };
  const big = await rawRequest(port, {
    path: '/v1/metrics',
    headers: auth,
    body: Buffer.alloc(2048),
  });
  expect(big.status).toBe(413);
  const tab = await rawRequest(port, {
    path: '/v1/metrics',
    headers: { ...auth, authorization: 'Bearer\tsecret-1' },
    body: new Uint8Array(0),
  });
  expect(tab.status).toBe(401);
  const header = await rawRequest(port, {
    path: '/v1/metrics',
    headers: { ...auth, 'x-big': 'a'.repeat(64 * 1024) },
    body: new Uint8Array(0),
  }).catch((error: unknown) => error);
  expect(header).toMatchObject({ status: 431 });
  const text = await (await fetch(service.addresses.metrics!)).text();
  const refused = text
    .split('\n')
    .filter((line) => line.startsWith('heterodyne_monitor_requests_refused_total{'));
  const reasonOf = (reason: string) =>
    refused.find((line) => line.includes(`heterodyne_monitor_refusal_reason="${reason}"`));
  expect(reasonOf('too_large')).toMatch(/ 1$/);
  expect(reasonOf('unauthenticated')).toMatch(/ 1$/);
  expect(reasonOf('headers_too_large')).toMatch(/ 1$/);
  expect(reasonOf('too_large')).toContain('heterodyne_monitor_transport="http"');
});
