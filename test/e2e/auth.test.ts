/**
 * Bearer-token authentication configured from the environment: the receivers and the API
 * refuse requests without a valid token, the probes stay open, and clients with the token
 * (the official exporters with an Authorization header) get through.
 */
import { Metadata } from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { OnDemandReader } from './helpers/on-demand-reader.js';
import { getJson, post } from './helpers/http.js';
import { gaugeJson } from './helpers/requests.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';

const INGEST = 'ingest-token-7c1e';
const API = 'api-token-52ab';

const cleanup = useCleanup();
function grpcAuth(): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${INGEST}`);
  return metadata;
}

async function exportOnce(exporter: PushMetricExporter): Promise<number> {
  cleanup.push(() => exporter.shutdown());
  const reader = new OnDemandReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'auth-e2e' }),
    readers: [reader],
  });
  cleanup.push(() => provider.shutdown());
  provider.getMeter('auth').createCounter('auth.calls').add(1);
  const { resourceMetrics } = await reader.collect();
  const result = await new Promise<{ code: number }>((r) => exporter.export(resourceMetrics, r));
  return result.code;
}

it('requires the configured bearer tokens on receivers and API, not on the probes', async () => {
  const { dir, remove } = await tempDir('e2e-auth-');
  cleanup.push(remove);
  const t = await startTestService({
    store: sqliteUrl(dir),
    receiverExtraYaml: 'auth:\n  bearer_token_env: [E2E_INGEST_TOKEN]',
    apiExtraYaml: 'auth:\n  bearer_token_env: E2E_API_TOKEN',
    env: { E2E_INGEST_TOKEN: INGEST, E2E_API_TOKEN: API },
  });
  cleanup.push(t.stop);
  const { otlpHttp, otlpGrpc, api } = t.addresses;

  const body = gaugeJson('auth-e2e', 1, Date.now());
  const json = { 'content-type': 'application/json' };
  const anonymous = await post(`${otlpHttp}/v1/metrics`, body, json);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
  const wrong = await post(`${otlpHttp}/v1/metrics`, body, {
    ...json,
    authorization: `Bearer ${API}`,
  });
  expect(wrong.status).toBe(401);
  const right = await post(`${otlpHttp}/v1/metrics`, body, {
    ...json,
    authorization: `Bearer ${INGEST}`,
  });
  expect(right.status).toBe(200);

  const headers = { Authorization: `Bearer ${INGEST}` };
  expect(
    await exportOnce(new ProtoMetricExporter({ url: `${otlpHttp}/v1/metrics`, headers })),
  ).toBe(ExportResultCode.SUCCESS);
  expect(
    await exportOnce(new GrpcMetricExporter({ url: `http://${otlpGrpc}`, metadata: grpcAuth() })),
  ).toBe(ExportResultCode.SUCCESS);
  expect(await exportOnce(new GrpcMetricExporter({ url: `http://${otlpGrpc}` }))).toBe(
    ExportResultCode.FAILED,
  );

  expect((await getJson(`${api}/api/v1/status`)).status).toBe(401);
  expect((await fetch(`${api}/metrics`)).status).toBe(401);
  expect((await getJson(`${api}/healthz`)).status).toBe(200);
  expect((await getJson(`${api}/readyz`)).status).toBe(200);
  const status = await getJson<{ totals: { acceptedPoints: number } }>(`${api}/api/v1/status`, {
    headers: { authorization: `Bearer ${API}` },
  });
  expect(status.status).toBe(200);
  // The JSON gauge and the two authenticated exporters' counters.
  expect(status.body.totals.acceptedPoints).toBe(3);
});

it('refuses to start when a token variable is missing, naming it', async () => {
  const { parseConfig } = await import('@heterodyne/analysis');
  const { testConfigYaml } = await import('./helpers/service.js');
  const parsed = parseConfig(
    testConfigYaml('sqlite::memory:', {
      receiverExtraYaml: 'auth:\n  bearer_token_env: [E2E_INGEST_TOKEN]',
    }),
    { file: 'test.yaml', env: {} },
  );
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.error.map(String).join('\n')).toMatch(/E2E_INGEST_TOKEN/);
});
