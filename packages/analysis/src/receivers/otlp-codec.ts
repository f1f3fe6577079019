/**
 * The receivers' single door to the OTLP codec in `../otlp/`: request decoding, item
 * counting, response and status encoding, plus the client-side pieces the gRPC service
 * definition needs (request encoding, response decoding).
 */
import { countItems } from '../otlp/count.js';
import { decodeOtlp } from '../otlp/decode-otlp.js';
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

export { encodeExportResponse };
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

/** Decodes the `partial_success` of an `Export*ServiceResponse` (undefined when absent). */
export function decodeExportResponse(bytes: Uint8Array): PartialSuccess | undefined {
  let partial: PartialSuccess | undefined;
  readFields(bytes, 0, bytes.length, (field, value) => {
    if (field !== 1 || typeof value === 'number') return;
    const found: PartialSuccess = { rejected: 0, errorMessage: '' };
    readFields(bytes, value[0], value[1], (inner, innerValue) => {
      if (inner === 1 && typeof innerValue === 'number') found.rejected = innerValue;
      if (inner === 2 && typeof innerValue !== 'number') {
        found.errorMessage = Buffer.from(bytes.subarray(innerValue[0], innerValue[1])).toString(
          'utf8',
        );
      }
    });
    partial = found;
  });
  return partial;
}

/** Minimal protobuf field walk: varints as numbers, length-delimited as [start, end). */
function readFields(
  bytes: Uint8Array,
  start: number,
  end: number,
  visit: (field: number, value: number | [number, number]) => void,
): void {
  let pos = start;
  const readVarint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[pos++];
      if (byte === undefined || pos > end) throw new Error('truncated protobuf response');
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
  };
  while (pos < end) {
    const tag = readVarint();
    const wireType = tag & 7;
    if (wireType === 0) visit(tag >>> 3, readVarint());
    else if (wireType === 2) {
      const length = readVarint();
      if (pos + length > end) throw new Error('truncated protobuf response');
      visit(tag >>> 3, [pos, pos + length]);
      pos += length;
    } else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else throw new Error(`unexpected wire type ${wireType} in protobuf response`);
  }
}
