import type {
  AnalysisConfig,
  OtlpReceiverConfig,
  OtlpRequestLimitsConfig,
} from '../config/types.js';
import { DEFAULT_QUEUE_MAX_POINTS } from '../config/defaults.js';
import type { DecodeOptions } from '../otlp/limits.js';
import type { ByteBudget } from '../receivers/byte-budget.js';
import type { Signal } from '../otlp/model.js';
import type { IngestQueue } from '../queue/types.js';
import { createOtlpGrpcReceiver } from '../receivers/otlp-grpc-receiver.js';
import { createOtlpHttpReceiver } from '../receivers/otlp-http-receiver.js';
import type { OtlpReceiver, ReceiverTelemetry } from '../receivers/types.js';
import { formatHost } from '../api/api-server.js';

/** One configured receiver server and its state. */
export interface ReceiverSlot {
  /** `otlp` or `otlp/<name>`, with the protocol: `otlp (http)`. */
  name: string;
  transport: 'http' | 'grpc';
  receiver: OtlpReceiver;
  /** `http://127.0.0.1:4318` or `127.0.0.1:4317` once started. */
  address: string | undefined;
  /** As configured, for messages before start. */
  endpoint: string;
  listening: boolean;
}

/** Receivers referenced by at least one pipeline, in definition order. */
export function usedReceivers(config: AnalysisConfig): OtlpReceiverConfig[] {
  const used = new Set(Object.values(config.service.pipelines).flatMap((p) => p.receivers));
  return Object.values(config.receivers).filter((r) => used.has(r.id));
}

/** Signals some pipeline carries. */
export function pipelineSignals(config: AnalysisConfig): Set<Signal> {
  return new Set(Object.values(config.service.pipelines).map((p) => p.signal));
}

/** Creates (does not start) the HTTP and gRPC servers of every used receiver. */
export function createReceiverSlots(
  config: AnalysisConfig,
  queue: IngestQueue,
  telemetry: ReceiverTelemetry,
  bodyBudget: ByteBudget,
): ReceiverSlot[] {
  const queueConfig = Object.values(config.processors).find((p) => p.type === 'queue');
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((queueConfig?.type === 'queue' ? queueConfig.retryAfterMillis : 1000) / 1000),
  );
  const queuePoints = queueConfig?.type === 'queue' ? queueConfig.maxPoints : undefined;
  const slots: ReceiverSlot[] = [];
  for (const r of usedReceivers(config)) {
    const authTokens = (r.auth?.tokens ?? []).map((t) => t.reveal());
    const decodeOptions = decodeOptionsOf(r.limits, queuePoints);
    if (r.http) {
      slots.push({
        name: `${r.id} (http)`,
        transport: 'http',
        endpoint: r.http.endpoint,
        address: undefined,
        listening: false,
        receiver: createOtlpHttpReceiver({
          queue,
          host: r.http.host,
          port: r.http.port,
          maxRequestBodyBytes: r.http.maxRequestBodyBytes,
          maxConnections: r.http.maxConnections,
          headersTimeoutMillis: r.http.readHeaderTimeoutMillis,
          authTokens,
          retryAfterSeconds,
          telemetry,
          bodyBudget,
          decodeOptions,
        }),
      });
    }
    if (r.grpc) {
      slots.push({
        name: `${r.id} (grpc)`,
        transport: 'grpc',
        endpoint: r.grpc.endpoint,
        address: undefined,
        listening: false,
        receiver: createOtlpGrpcReceiver({
          queue,
          host: r.grpc.host,
          port: r.grpc.port,
          maxRequestBodyBytes: r.grpc.maxRecvMsgBytes,
          maxConcurrentStreams: r.grpc.maxConcurrentStreams,
          authTokens,
          retryAfterSeconds,
          telemetry,
          bodyBudget,
          decodeOptions,
        }),
      });
    }
  }
  return slots;
}

/** Starts one slot and records its address. The error names the receiver and endpoint. */
export async function startSlot(slot: ReceiverSlot): Promise<void> {
  try {
    const { host, port } = await slot.receiver.start();
    slot.address =
      slot.transport === 'http'
        ? `http://${formatHost(host)}:${port}`
        : `${formatHost(host)}:${port}`;
    slot.listening = true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`receiver ${slot.name}: cannot listen on ${slot.endpoint}: ${message}`, {
      cause: error,
    });
  }
}

/**
 * The decoders' limits of a receiver: one request never holds more points than the queue
 * holds in all (`max_points`), so `max_points_per_request` defaults to it and cannot exceed it.
 */
export function decodeOptionsOf(
  limits: OtlpRequestLimitsConfig,
  queueMaxPoints: number | undefined,
): DecodeOptions {
  const queuePoints = queueMaxPoints ?? DEFAULT_QUEUE_MAX_POINTS;
  return {
    limits: {
      maxPointsPerRequest: Math.min(limits.maxPointsPerRequest ?? queuePoints, queuePoints),
      maxItemsPerRequest: limits.maxItemsPerRequest,
      maxNameBytes: limits.maxNameBytes,
      maxAttributeKeyBytes: limits.maxAttributeKeyBytes,
    },
  };
}
