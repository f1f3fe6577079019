/**
 * Shared scaffolding of the receiver tests: a queue whose `process` records what arrives,
 * raw HTTP requests, and protobufjs schemas (an independent decoder) for the responses.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import protobuf from 'protobufjs';
import { createIngestQueue } from '../../src/queue/ingest-queue.js';
import type {
  IngestItem,
  IngestOutcome,
  IngestQueue,
  IngestQueueOptions,
} from '../../src/queue/types.js';
import { collectSampleMetrics } from './sdk-data.js';

/** A queue that records every processed item; the outcome defaults to "all accepted". */
export function recordingQueue(
  options: Partial<IngestQueueOptions> & {
    outcome?: (item: IngestItem) => IngestOutcome;
  } = {},
): { queue: IngestQueue; items: IngestItem[] } {
  const items: IngestItem[] = [];
  const outcome =
    options.outcome ??
    ((item: IngestItem) => ({ acceptedPoints: item.points, rejectedPoints: 0, errorMessage: '' }));
  const queue = createIngestQueue({
    ...options,
    process: (item) => {
      items.push(item);
      return outcome(item);
    },
  });
  return { queue, items };
}

/**
 * A queue whose `process` blocks every request until `release()` is called once for it, to
 * hold the queue full for overload tests.
 */
export function blockingQueue(options: Partial<IngestQueueOptions> = {}): {
  queue: IngestQueue;
  started: IngestItem[];
  release: () => void;
  waitForStarted: (count: number) => Promise<void>;
} {
  const started: IngestItem[] = [];
  const gates: (() => void)[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const queue = createIngestQueue({
    ...options,
    process: (item) =>
      new Promise<IngestOutcome>((resolve) => {
        started.push(item);
        for (const waiter of waiters.filter((w) => started.length >= w.count)) waiter.resolve();
        gates.push(() =>
          resolve({ acceptedPoints: item.points, rejectedPoints: 0, errorMessage: '' }),
        );
      }),
  });
  return {
    queue,
    started,
    release: () => {
      const gate = gates.shift();
      if (gate === undefined) throw new Error('release(): no request is being processed');
      gate();
    },
    waitForStarted: (count) =>
      started.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

/** A raw HTTP answer. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Sends one request on a fresh connection and reads the whole answer. */
export function rawRequest(
  port: number,
  options: {
    path: string;
    method?: string;
    headers?: Record<string, string | number>;
    body?: Uint8Array | string;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: options.path,
        method: options.method ?? 'POST',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Independent schemas of the messages the receivers answer with, written from the field
 * numbers of googleapis `google/rpc/status.proto` and opentelemetry-proto
 * `collector/*\/v1/*_service.proto`.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    Any: { fields: { typeUrl: { id: 1, type: 'string' }, value: { id: 2, type: 'bytes' } } },
    Status: {
      fields: {
        code: { id: 1, type: 'int32' },
        message: { id: 2, type: 'string' },
        details: { id: 3, type: 'Any', rule: 'repeated' },
      },
    },
    Duration: { fields: { seconds: { id: 1, type: 'int64' }, nanos: { id: 2, type: 'int32' } } },
    RetryInfo: { fields: { retryDelay: { id: 1, type: 'Duration' } } },
    PartialSuccess: {
      fields: { rejected: { id: 1, type: 'int64' }, errorMessage: { id: 2, type: 'string' } },
    },
    ExportResponse: { fields: { partialSuccess: { id: 1, type: 'PartialSuccess' } } },
  },
});

/** A decoded `google.rpc.Status`. */
export interface DecodedStatus {
  code: number;
  message: string;
  details: { typeUrl: string; value: Uint8Array }[];
}

/** Decodes a protobuf `google.rpc.Status` with protobufjs. */
export function decodeStatusProtobuf(bytes: Uint8Array): DecodedStatus {
  const type = root.lookupType('Status');
  return type.toObject(type.decode(bytes), { defaults: true, arrays: true }) as DecodedStatus;
}

/** Decodes a protobuf `google.rpc.RetryInfo`; the delay in seconds. */
export function decodeRetryInfoSeconds(bytes: Uint8Array): number {
  const type = root.lookupType('RetryInfo');
  const info = type.toObject(type.decode(bytes), { longs: Number, defaults: true }) as {
    retryDelay?: { seconds: number; nanos: number };
  };
  return (info.retryDelay?.seconds ?? 0) + (info.retryDelay?.nanos ?? 0) / 1e9;
}

/** Decodes a protobuf `Export*ServiceResponse`; undefined when `partial_success` is absent. */
export function decodeExportResponseProtobuf(
  bytes: Uint8Array,
): { rejected: number; errorMessage: string } | undefined {
  const type = root.lookupType('ExportResponse');
  const response = type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as {
    partialSuccess?: { rejected?: number; errorMessage?: string };
  };
  if (response.partialSuccess === undefined) return undefined;
  return {
    rejected: response.partialSuccess.rejected ?? 0,
    errorMessage: response.partialSuccess.errorMessage ?? '',
  };
}

/** The sample metrics (see `sdk-data.ts`) as an OTLP request body, serialized by the OTel SDK. */
export async function sampleMetricsBody(encoding: 'protobuf' | 'json'): Promise<Buffer> {
  const data = await collectSampleMetrics();
  const serializer = encoding === 'json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
  const bytes = serializer.serializeRequest(data);
  if (bytes === undefined) throw new Error('the SDK serializer produced nothing');
  return Buffer.from(bytes);
}
