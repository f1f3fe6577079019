/**
 * Every point the service does not store is reported to the client: a duplicate or
 * out-of-order point is OTLP `partial_success` with its count and reason, over OTLP/HTTP
 * (protobuf and JSON) and OTLP/gRPC, against the real service.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, makeGenericClientConstructor, Metadata } from '@grpc/grpc-js';
import type { Client, ServiceError } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { decodeExportResponse } from '../../src/otlp/decode-response.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import type { MetricsRequest } from '../../src/otlp/model.js';
import type { PartialSuccess } from '../../src/otlp/responses.js';
import { createOtlpServiceDefinition } from '../../src/receivers/grpc-service-definition.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import type { AnalysisService } from '../../src/service/types.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';

let dir: string;
let service: AnalysisService;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drops-reported-'));
  const parsed = parseConfig(loopbackServiceYaml(join(dir, 's.db')), { file: 'service.yaml' });
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  service = createAnalysisService(parsed.value, {
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  await service.start();
});
afterEach(async () => {
  await service.shutdown();
  await rm(dir, { recursive: true, force: true });
});

/** A gauge of `name` with one point per time (nanoseconds). */
function gauge(name: string, times: number[]): MetricsRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: { 'service.name': 'drops' }, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { name: 's', version: '', attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics: [
              {
                name,
                description: '',
                unit: '',
                data: {
                  type: 'gauge',
                  points: times.map((t, i) => ({
                    attributes: {},
                    startTimeUnixNano: 0,
                    timeUnixNano: t,
                    flags: 0,
                    value: i,
                    isInt: false,
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

function gaugeJson(name: string, times: number[]): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'drops' } }] },
        scopeMetrics: [
          {
            scope: { name: 's' },
            metrics: [
              {
                name,
                gauge: { dataPoints: times.map((t) => ({ timeUnixNano: String(t), asDouble: 1 })) },
              },
            ],
          },
        ],
      },
    ],
  });
}

async function postHttp(
  body: Uint8Array | string,
  encoding: 'protobuf' | 'json',
): Promise<PartialSuccess | undefined> {
  const contentType = encoding === 'json' ? 'application/json' : 'application/x-protobuf';
  const res = await fetch(`${service.addresses.otlpHttp}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  expect(res.status).toBe(200);
  const decoded = decodeExportResponse(new Uint8Array(await res.arrayBuffer()), encoding);
  if (!decoded.ok) throw decoded.error;
  return decoded.value;
}

type ExportFn = (
  request: MetricsRequest,
  metadata: Metadata,
  callback: (error: ServiceError | null, response?: PartialSuccess) => void,
) => void;

function exportGrpc(request: MetricsRequest): Promise<PartialSuccess | undefined> {
  const definition = createOtlpServiceDefinition('metrics');
  const ClientClass = makeGenericClientConstructor({ Export: definition.Export }, 'OtlpExport');
  const client = new ClientClass(
    service.addresses.otlpGrpc!,
    credentials.createInsecure(),
  ) as unknown as Client & { Export: ExportFn };
  return new Promise((resolve, reject) => {
    client.Export(request, new Metadata(), (error, response) => {
      client.close();
      if (error) reject(error);
      else resolve(response);
    });
  });
}

const now = () => Date.now() * 1e6;

describe('dropped points are reported as partial success', () => {
  it('counts a duplicate and an out-of-order point over OTLP/HTTP protobuf', async () => {
    const t = now();
    expect(await postHttp(encodeMetricsProtobuf(gauge('d.proto', [t])), 'protobuf')).toBe(
      undefined,
    );
    const partial = await postHttp(
      encodeMetricsProtobuf(gauge('d.proto', [t, t - 1e9, t + 1e9])),
      'protobuf',
    );
    expect(partial?.rejected).toBe(2);
    expect(partial?.errorMessage).toBe(
      '2 valid points not stored: 1 duplicate (same timestamp as the last point of its series), 1 out of order (older than the last point of its series); resending will not store them',
    );
    const status = await service.status();
    expect(status.dropped).toMatchObject({ duplicate: 1, out_of_order: 1 });
  });

  it('counts a duplicate point over OTLP/HTTP JSON', async () => {
    const t = now();
    expect(await postHttp(gaugeJson('d.json', [t]), 'json')).toBe(undefined);
    const partial = await postHttp(gaugeJson('d.json', [t]), 'json');
    expect(partial).toEqual({
      rejected: 1,
      errorMessage:
        '1 valid point not stored: 1 duplicate (same timestamp as the last point of its series); resending will not store them',
    });
  });

  it('counts an out-of-order point over OTLP/gRPC', async () => {
    const t = now();
    expect(await exportGrpc(gauge('d.grpc', [t]))).toBe(undefined);
    const partial = await exportGrpc(gauge('d.grpc', [t - 1e9]));
    expect(partial?.rejected).toBe(1);
    expect(partial?.errorMessage).toMatch(/^1 valid point not stored: 1 out of order/);
  });
});
