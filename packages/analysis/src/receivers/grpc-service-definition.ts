import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { OtlpDecodeError, Signal } from '../otlp/model.js';
import type { DecodeOptions } from '../otlp/limits.js';
import type { EnqueueRefusal, RequestBySignal } from '../queue/types.js';
import { err } from '../result.js';
import type { Result } from '../result.js';
import {
  decodeExportResponse,
  decodeRequest,
  encodeExportResponse,
  encodeRequestProtobuf,
} from './otlp-codec.js';
import type { PartialSuccess } from './otlp-codec.js';

/** Fully qualified gRPC service name of each signal's collector service. */
export const OTLP_GRPC_SERVICE_NAMES: Readonly<Record<Signal, string>> = {
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
};

/** The HTTP/2 path of the `Export` method of a signal's service. */
export function otlpGrpcExportPath(signal: Signal): string {
  return `/${OTLP_GRPC_SERVICE_NAMES[signal]}/Export`;
}

/**
 * What the server hands the `Export` handler: the decode result rather than a thrown error,
 * because grpc-js answers a throwing deserializer with `INTERNAL`, while an undecodable
 * request must get `INVALID_ARGUMENT` and a message saying what was wrong.
 */
export type DecodedExportRequest<S extends Signal> = Result<
  RequestBySignal[S],
  OtlpDecodeError | EnqueueRefusal
>;

/**
 * Admission of a received message before it is decoded: a refusal (queue full, memory for
 * bodies in flight used up) or undefined to decode it. Returns a release function with
 * an admission, called once the message was decoded.
 */
export type AdmitMessage = (signal: Signal, bytes: number) => EnqueueRefusal | (() => void);

/**
 * The `Export` method of one signal's service. It is a grpc-js `MethodDefinition` whose
 * request type differs by side: the client serializes a request of our model, the server
 * deserializes into a {@link DecodedExportRequest}.
 */
export interface OtlpExportMethodDefinition<S extends Signal> {
  path: string;
  requestStream: false;
  responseStream: false;
  originalName: string;
  requestSerialize: (request: RequestBySignal[S]) => Buffer;
  requestDeserialize: (bytes: Buffer) => DecodedExportRequest<S>;
  /** Undefined is a full success (an empty response message). */
  responseSerialize: (partial: PartialSuccess | undefined) => Buffer;
  /** Throws when the bytes are not an `Export*ServiceResponse` (grpc-js reports INTERNAL). */
  responseDeserialize: (bytes: Buffer) => PartialSuccess | undefined;
}

/** A service definition with the one `Export` method, as `addService` wants it. */
export interface OtlpServiceDefinition<S extends Signal> extends ServiceDefinition {
  Export: OtlpExportMethodDefinition<S> & MethodDefinition<unknown, unknown>;
}

/**
 * Builds the grpc-js service definition of a signal's OTLP collector service by hand (no
 * `.proto` loading): the server side decodes requests with our protobuf decoder and
 * encodes `Export*ServiceResponse` with `partial_success`; the client side (tests, replay
 * tools) encodes requests and decodes responses with the same codec.
 */
export function createOtlpServiceDefinition<S extends Signal>(
  signal: S,
  decodeOptions?: DecodeOptions,
  admit?: AdmitMessage,
): OtlpServiceDefinition<S> {
  const decode = (bytes: Buffer): DecodedExportRequest<S> => {
    const admitted = admit?.(signal, bytes.length);
    if (admitted !== undefined && typeof admitted !== 'function') return err(admitted);
    try {
      return decodeRequest(signal, 'protobuf', bytes, decodeOptions);
    } finally {
      admitted?.();
    }
  };
  const method = {
    path: otlpGrpcExportPath(signal),
    requestStream: false,
    responseStream: false,
    originalName: 'export',
    requestSerialize: (request: RequestBySignal[S]) =>
      Buffer.from(encodeRequestProtobuf(signal, request)),
    requestDeserialize: decode,
    responseSerialize: (partial: PartialSuccess | undefined) =>
      Buffer.from(encodeExportResponse(signal, 'protobuf', partial)),
    responseDeserialize: (bytes: Buffer) => {
      const decoded = decodeExportResponse(bytes, 'protobuf');
      if (!decoded.ok) throw decoded.error;
      return decoded.value;
    },
  } satisfies OtlpExportMethodDefinition<S>;
  // grpc-js types both sides with one request type; ours differ by side (see above).
  return { Export: method as OtlpServiceDefinition<S>['Export'] };
}
