import type { ReceiverErrorReason } from './types.js';

/**
 * `google.rpc.Code` values used by the receivers: the gRPC status codes, also carried in
 * the `code` field of the `google.rpc.Status` body of OTLP/HTTP error responses.
 * https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto
 */
export const RPC_CODE = {
  OK: 0,
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/**
 * The HTTP status of each failure, per https://opentelemetry.io/docs/specs/otlp/#failures-1 :
 * 429 and 503 are the retryable ones (with `Retry-After`); 400 tells the client not to retry.
 */
export const HTTP_STATUS_BY_REASON: Readonly<Record<ReceiverErrorReason, number>> = {
  decode_error: 400,
  corrupt_body: 400,
  too_large: 413,
  unsupported_media_type: 415,
  not_found: 404,
  method_not_allowed: 405,
  unauthenticated: 401,
  overloaded: 429,
  unavailable: 503,
  aborted: 400,
  internal: 500,
};

/**
 * The gRPC status of each failure, per https://opentelemetry.io/docs/specs/otlp/#failures :
 * `UNAVAILABLE` is retryable, `INVALID_ARGUMENT` is not.
 */
export const RPC_CODE_BY_REASON: Readonly<Record<ReceiverErrorReason, number>> = {
  decode_error: RPC_CODE.INVALID_ARGUMENT,
  corrupt_body: RPC_CODE.INVALID_ARGUMENT,
  too_large: RPC_CODE.RESOURCE_EXHAUSTED,
  unsupported_media_type: RPC_CODE.INVALID_ARGUMENT,
  not_found: RPC_CODE.NOT_FOUND,
  method_not_allowed: RPC_CODE.UNIMPLEMENTED,
  unauthenticated: RPC_CODE.UNAUTHENTICATED,
  overloaded: RPC_CODE.UNAVAILABLE,
  unavailable: RPC_CODE.UNAVAILABLE,
  aborted: RPC_CODE.CANCELLED,
  internal: RPC_CODE.INTERNAL,
};
