import { RpcCode } from '../otlp/responses.js';
import type { ReceiverErrorReason } from './types.js';

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
  headers_too_large: 431,
  request_timeout: 408,
  bad_request: 400,
  connection_limit: 503,
};

/**
 * The gRPC status of each failure, per https://opentelemetry.io/docs/specs/otlp/#failures :
 * `UNAVAILABLE` is retryable, `INVALID_ARGUMENT` is not.
 */
export const RPC_CODE_BY_REASON: Readonly<Record<ReceiverErrorReason, number>> = {
  decode_error: RpcCode.INVALID_ARGUMENT,
  corrupt_body: RpcCode.INVALID_ARGUMENT,
  too_large: RpcCode.RESOURCE_EXHAUSTED,
  unsupported_media_type: RpcCode.INVALID_ARGUMENT,
  not_found: RpcCode.NOT_FOUND,
  method_not_allowed: RpcCode.UNIMPLEMENTED,
  unauthenticated: RpcCode.UNAUTHENTICATED,
  overloaded: RpcCode.UNAVAILABLE,
  unavailable: RpcCode.UNAVAILABLE,
  aborted: RpcCode.CANCELLED,
  internal: RpcCode.INTERNAL,
  headers_too_large: RpcCode.INVALID_ARGUMENT,
  request_timeout: RpcCode.DEADLINE_EXCEEDED,
  bad_request: RpcCode.INVALID_ARGUMENT,
  connection_limit: RpcCode.UNAVAILABLE,
};
