/**
 * The receivers' single door to the OTLP codec in `../otlp/`: request decoding, item
 * counting, response and status encoding, plus the client-side pieces the gRPC service
 * definition needs (request encoding, response decoding).
 */
import { countItems } from '../otlp/count.js';
import { decodeOtlp } from '../otlp/decode-otlp.js';
import { decodeExportResponse } from '../otlp/decode-response.js';
import { encodeLogsProtobuf } from '../otlp/encode-logs.js';
import { encodeMetricsProtobuf } from '../otlp/encode-metrics.js';
import { encodeTracesProtobuf } from '../otlp/encode-traces.js';
import type { DecodeOptions } from '../otlp/limits.js';
import type {
  LogsRequest,
  MetricsRequest,
  OtlpDecodeError,
  Signal,
  TracesRequest,
} from '../otlp/model.js';
import { encodeExportResponse, encodeRpcStatus } from '../otlp/responses.js';
import type { PartialSuccess } from '../otlp/responses.js';
import type { RequestBySignal } from '../queue/types.js';
import type { Result } from '../result.js';
import type { PayloadEncoding } from './http-content.js';

export { decodeExportResponse, encodeExportResponse };
export type { PartialSuccess };

/** Decodes an export request of `signal` in `encoding`; never throws for bad input. */
export function decodeRequest<S extends Signal>(
  signal: S,
  encoding: PayloadEncoding,
  bytes: Uint8Array,
  options?: DecodeOptions,
): Result<RequestBySignal[S], OtlpDecodeError> {
  return decodeOtlp(signal, encoding, bytes, options);
}

/** Data points (metrics), spans (traces) or log records (logs) in a request. */
export function countPoints<S extends Signal>(signal: S, request: RequestBySignal[S]): number {
  return countItems(signal, request);
}

/** Encodes the `google.rpc.Status` body of an OTLP/HTTP error answer. */
export function encodeStatus(encoding: PayloadEncoding, code: number, message: string): Uint8Array {
  return encodeRpcStatus({ code, message }, encoding);
}

/** Encodes an export request as protobuf (client side: gRPC service definition, tests). */
export function encodeRequestProtobuf<S extends Signal>(
  signal: S,
  request: RequestBySignal[S],
): Uint8Array {
  switch (signal as Signal) {
    case 'metrics':
      return encodeMetricsProtobuf(request as MetricsRequest);
    case 'traces':
      return encodeTracesProtobuf(request as TracesRequest);
    default:
      return encodeLogsProtobuf(request as LogsRequest);
  }
}
