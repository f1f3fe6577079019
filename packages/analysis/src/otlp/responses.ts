/**
 * OTLP export responses and the `google.rpc.Status` error body, in protobuf and JSON.
 * Spec: https://opentelemetry.io/docs/specs/otlp/#full-success (and #partial-success,
 * #failures). JSON follows the protobuf JSON mapping: lowerCamelCase keys, `int64` as a
 * decimal string.
 */
import type { Signal } from './model.js';
import { encodeUtf8 } from './text.js';
import { WT_VARINT } from './wire-types.js';
import { WireWriter } from './wire-writer.js';

/** How a response body is encoded: the request's own encoding. */
export type OtlpEncoding = 'protobuf' | 'json';

/**
 * `Export*PartialSuccess`: how many items of the request were rejected, and why. With
 * `rejected: 0` and a message it is a warning.
 */
export interface PartialSuccess {
  /** Rejected data points, spans or log records. */
  rejected: number;
  /** Human-readable reason. */
  errorMessage: string;
}

/** The `rejected_*` field name of each signal (field 1 of `Export*PartialSuccess`). */
const REJECTED_JSON_KEY: Record<Signal, string> = {
  metrics: 'rejectedDataPoints',
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
};

/**
 * The `google.rpc.Code` values, which are also the gRPC status codes: the complete table
 * (https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto). OTLP/HTTP
 * carries them in the `code` field of the `google.rpc.Status` error body.
 */
export const RpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/**
 * Encodes `Export{Metrics,Trace,Logs}ServiceResponse`. Without a partial success (or with
 * nothing rejected and no message) `partial_success` is left unset, as the spec requires
 * for a full success.
 */
export function encodeExportResponse(
  signal: Signal,
  encoding: OtlpEncoding,
  partialSuccess?: PartialSuccess,
): Uint8Array {
  const partial =
    partialSuccess && (partialSuccess.rejected !== 0 || partialSuccess.errorMessage !== '')
      ? partialSuccess
      : undefined;
  if (encoding === 'json') {
    if (!partial) return encodeUtf8('{}');
    const body: Record<string, string> = {};
    if (partial.rejected !== 0) body[REJECTED_JSON_KEY[signal]] = String(partial.rejected);
    if (partial.errorMessage !== '') body.errorMessage = partial.errorMessage;
    return encodeUtf8(JSON.stringify({ partialSuccess: body }));
  }
  const w = new WireWriter(64 + (partial ? partial.errorMessage.length * 3 : 0));
  if (partial) {
    const mark = w.begin(1);
    if (partial.rejected !== 0) {
      w.tag(1, WT_VARINT);
      w.int64(partial.rejected);
    }
    w.stringField(2, partial.errorMessage);
    w.end(mark);
  }
  return w.finish();
}

/** `google.rpc.Status`: a `google.rpc.Code` and a message; `details` stays empty. */
export interface RpcStatus {
  /** A {@link RpcCode} value. */
  code: number;
  /** What went wrong, for the client's log. */
  message: string;
}

/** Encodes a `google.rpc.Status` (the body of OTLP/HTTP 4xx/5xx responses). */
export function encodeRpcStatus(status: RpcStatus, encoding: OtlpEncoding): Uint8Array {
  if (encoding === 'json') {
    // Both fields always, even at their defaults: this body is read by people.
    return encodeUtf8(JSON.stringify({ code: status.code, message: status.message }));
  }
  const w = new WireWriter(32 + status.message.length * 3);
  w.int32Field(1, status.code);
  w.stringField(2, status.message);
  return w.finish();
}
