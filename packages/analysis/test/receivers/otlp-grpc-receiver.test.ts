import {
  credentials,
  makeGenericClientConstructor,
  Metadata,
  status as GrpcStatus,
} from '@grpc/grpc-js';
import type { Client, ServiceError } from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeOtlp } from '../../src/otlp/decode-otlp.js';
import type { MetricsRequest, Signal } from '../../src/otlp/model.js';
import type { IngestItem, IngestQueue } from '../../src/queue/types.js';
import { createOtlpServiceDefinition } from '../../src/receivers/grpc-service-definition.js';
import { createOtlpGrpcReceiver } from '../../src/receivers/otlp-grpc-receiver.js';
import type { OtlpGrpcReceiverOptions } from '../../src/receivers/otlp-grpc-receiver.js';
import type { PartialSuccess } from '../../src/receivers/otlp-codec.js';
import type { OtlpReceiver } from '../../src/receivers/types.js';
import { seededBytes } from '../helpers/seeded-random.js';
import {
  blockingQueue,
  decodeRetryInfoSeconds,
  decodeStatusProtobuf,
  recordingQueue,
  sampleMetricsBody,
} from './helpers.js';
import {
  collectSampleMetrics,
  EXPECTED_SAMPLE_METRICS,
  exportSampleSpans,
  SAMPLE_METRIC_POINTS,
  summarizeSampleMetrics,
} from './sdk-data.js';

const TOKEN = 'grpc-test-token';
const LIMIT = 64 * 1024;

let receiver: OtlpReceiver | undefined;
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await receiver?.shutdown();
  receiver = undefined;
});

async function start(
  queue: IngestQueue,
  extra: Partial<OtlpGrpcReceiverOptions> = {},
): Promise<number> {
  receiver = createOtlpGrpcReceiver({
    queue,
    host: '127.0.0.1',
    port: 0,
    maxRequestBodyBytes: LIMIT,
    authTokens: [TOKEN],
    ...extra,
  });
  return (await receiver.start()).port;
}

interface CallResult {
  error?: ServiceError;
  response?: PartialSuccess;
}

type ExportFn = (
  request: unknown,
  metadata: Metadata,
  callback: (error: ServiceError | null, response?: PartialSuccess) => void,
) => void;

/**
 * A grpc-js client built from the receiver's own hand-built definition; `raw` sends bytes
 * as they are (for garbage), `gzip` compresses every message.
 */
function exportCall(
  port: number,
  signal: Signal,
  request: unknown,
  options: { raw?: boolean; gzip?: boolean; token?: string | null } = {},
): Promise<CallResult> {
  const definition = createOtlpServiceDefinition(signal);
  const method = options.raw
    ? { ...definition.Export, requestSerialize: (bytes: Buffer) => bytes }
    : definition.Export;
  const ClientClass = makeGenericClientConstructor({ Export: method }, 'OtlpExport');
  const client = new ClientClass(
    `127.0.0.1:${port}`,
    credentials.createInsecure(),
    options.gzip ? { 'grpc.default_compression_algorithm': 2 } : {},
  ) as unknown as Client & { Export: ExportFn };
  cleanups.push(() => client.close());
  const metadata = new Metadata();
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve) => {
    client.Export(request, metadata, (error, response) =>
      resolve(error ? { error } : { response }),
    );
  });
}

async function sampleRequest(): Promise<MetricsRequest> {
  const decoded = decodeOtlp('metrics', 'protobuf', await sampleMetricsBody('protobuf'));
  if (!decoded.ok) throw decoded.error;
  return decoded.value;
}

function onlyMetrics(items: IngestItem[]): MetricsRequest {
  const item = items[0];
  if (items.length !== 1 || item?.signal !== 'metrics')
    throw new Error('expected one metrics request');
  return item.request;
}

const authMetadata = (): Metadata => {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${TOKEN}`);
  return metadata;
};

describe('OTLP/gRPC receiver', () => {
  for (const compression of [CompressionAlgorithm.NONE, CompressionAlgorithm.GZIP]) {
    it(`receives every point from the official gRPC metric exporter (compression ${compression})`, async () => {
      const { queue, items } = recordingQueue();
      const port = await start(queue);
      const exporter = new OTLPMetricExporter({
        url: `http://127.0.0.1:${port}`,
        metadata: authMetadata(),
        compression,
      });
      cleanups.push(() => exporter.shutdown());
      const data = await collectSampleMetrics();
      const result = await new Promise<ExportResult>((resolve) => exporter.export(data, resolve));
      expect(result.error).toBeUndefined();
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(items[0]?.points).toBe(SAMPLE_METRIC_POINTS);
      expect(summarizeSampleMetrics(onlyMetrics(items))).toEqual(EXPECTED_SAMPLE_METRICS);
    });
  }

  it('receives spans from the official gRPC trace exporter', async () => {
    const { queue, items } = recordingQueue();
    const port = await start(queue);
    const exporter = new OTLPTraceExporter({
      url: `http://127.0.0.1:${port}`,
      metadata: authMetadata(),
    });
    cleanups.push(() => exporter.shutdown());
    const sent = await exportSampleSpans(exporter);
    const names = items.flatMap((item) =>
      item.signal === 'traces'
        ? item.request.resourceSpans.flatMap((rs) =>
            rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)),
          )
        : [],
    );
    expect(names).toEqual(sent.names);
  });

  it('round-trips a request through its own definition and answers partial_success', async () => {
    const { queue, items } = recordingQueue({
      outcome: (item) => ({
        acceptedPoints: item.points - 2,
        rejectedPoints: 2,
        errorMessage: 'two NaN points',
      }),
    });
    const port = await start(queue);
    const result = await exportCall(port, 'metrics', await sampleRequest(), { gzip: true });
    expect(result.error).toBeUndefined();
    expect(result.response).toEqual({ rejected: 2, errorMessage: 'two NaN points' });
    expect(summarizeSampleMetrics(onlyMetrics(items))).toEqual(EXPECTED_SAMPLE_METRICS);
  });

  it('answers INVALID_ARGUMENT saying what was wrong for garbage, and keeps serving', async () => {
    const { queue, items } = recordingQueue();
    const port = await start(queue);
    const garbage = await exportCall(port, 'traces', seededBytes(42, 256), { raw: true });
    expect(garbage.error?.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(garbage.error?.details).toMatch(/^invalid OTLP protobuf traces request: .+/);
    const body = await sampleMetricsBody('protobuf');
    const truncated = await exportCall(port, 'metrics', body.subarray(0, body.length - 7), {
      raw: true,
    });
    expect(truncated.error?.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(items).toHaveLength(0);
    const good = await exportCall(port, 'metrics', await sampleRequest());
    expect(good.error).toBeUndefined();
    expect(items).toHaveLength(1);
  });

  it('answers UNAVAILABLE with a RetryInfo delay when the queue is full, then completes the queued call', async () => {
    const blocking = blockingQueue({ maxQueuedRequests: 1 });
    const refusals: string[] = [];
    const port = await start(blocking.queue, {
      retryAfterSeconds: 3,
      telemetry: {
        onRequestFailed: (transport, signal, reason, points) =>
          refusals.push(`${transport} ${signal} ${reason} ${points}`),
      },
    });
    const request = await sampleRequest();
    const first = exportCall(port, 'metrics', request);
    await blocking.waitForStarted(1);
    const refused = await exportCall(port, 'metrics', request);
    expect(refused.error?.code).toBe(GrpcStatus.UNAVAILABLE);
    expect(refused.error?.details).toMatch(/ingest queue full/);
    const [detailsBin] = refused.error?.metadata.get('grpc-status-details-bin') ?? [];
    if (!(detailsBin instanceof Buffer)) throw new Error('no grpc-status-details-bin trailer');
    const status = decodeStatusProtobuf(detailsBin);
    expect(status.code).toBe(GrpcStatus.UNAVAILABLE);
    expect(status.details.map((d) => d.typeUrl)).toEqual([
      'type.googleapis.com/google.rpc.RetryInfo',
    ]);
    expect(decodeRetryInfoSeconds(status.details[0]?.value ?? new Uint8Array())).toBe(3);
    // Refused before decoding: the points were never counted.
    expect(refusals).toEqual([`grpc metrics overloaded 0`]);
    blocking.release();
    expect((await first).error).toBeUndefined();
  });

  it('answers UNAVAILABLE while the queue drains', async () => {
    const { queue } = recordingQueue();
    const port = await start(queue);
    await queue.drain();
    const result = await exportCall(port, 'logs', { resourceLogs: [] });
    expect(result.error?.code).toBe(GrpcStatus.UNAVAILABLE);
    expect(result.error?.details).toMatch(/shutting down/);
  });

  it('answers UNAUTHENTICATED without decoding or processing when the token is missing or wrong', async () => {
    const { queue, items } = recordingQueue();
    const port = await start(queue);
    const missing = await exportCall(port, 'metrics', seededBytes(5, 64), {
      raw: true,
      token: null,
    });
    expect(missing.error?.code).toBe(GrpcStatus.UNAUTHENTICATED);
    expect(missing.error?.details).toMatch(/missing authorization/);
    // Garbage with a wrong token is refused for the token, not for the garbage: not decoded.
    const wrong = await exportCall(port, 'metrics', seededBytes(5, 64), {
      raw: true,
      token: 'nope',
    });
    expect(wrong.error?.code).toBe(GrpcStatus.UNAUTHENTICATED);
    expect(wrong.error?.details).toBe('invalid bearer token');
    expect(items).toHaveLength(0);
  });

  it('answers RESOURCE_EXHAUSTED over the size limit, also when it is only reached after gzip', async () => {
    const { queue, items } = recordingQueue();
    const port = await start(queue);
    const plain = await exportCall(port, 'metrics', Buffer.alloc(LIMIT + 1), { raw: true });
    expect(plain.error?.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    // 8 MiB of zeros gzip to about 8 KB on the wire, far under the limit before inflating.
    const bomb = await exportCall(port, 'metrics', Buffer.alloc(8 * 1024 * 1024), {
      raw: true,
      gzip: true,
    });
    expect(bomb.error?.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(items).toHaveLength(0);
    expect((await exportCall(port, 'metrics', await sampleRequest())).error).toBeUndefined();
  });

  it('shutdown waits for the call in flight to be answered', async () => {
    const blocking = blockingQueue();
    const port = await start(blocking.queue);
    const call = exportCall(port, 'metrics', await sampleRequest());
    await blocking.waitForStarted(1);
    let stopped = false;
    const stopping = receiver?.shutdown().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    blocking.release();
    expect((await call).error).toBeUndefined();
    await stopping;
    expect(stopped).toBe(true);
  });
});
