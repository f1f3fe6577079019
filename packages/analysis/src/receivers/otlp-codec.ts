/**
 * The receivers' single door to the OTLP codec in `../otlp/`: request decoding, point
 * counting, response and status encoding. Keeping it in one file means the transports do
 * not care how the codec is organised.
 */
import type { DecodeOptions } from '../otlp/limits.js';
import {
  decodeLogsProtobuf,
  decodeMetricsProtobuf,
  decodeTracesProtobuf,
} from '../otlp/decode-protobuf.js';
import { OtlpDecodeError } from '../otlp/model.js';
import type { Signal } from '../otlp/model.js';
import type { RequestBySignal } from '../queue/types.js';
import { err } from '../result.js';
import type { Result } from '../result.js';
import type { PayloadEncoding } from './http-content.js';
import type { PartialSuccess } from './submit.js';

/** Decodes an export request of `signal` in `encoding`. */
export function decodeRequest<S extends Signal>(
  signal: S,
  encoding: PayloadEncoding,
  bytes: Uint8Array,
  options?: DecodeOptions,
): Result<RequestBySignal[S], OtlpDecodeError> {
  if (encoding === 'json') {
    return err(new OtlpDecodeError('JSON payloads are not supported yet'));
  }
  type Out = Result<RequestBySignal[S], OtlpDecodeError>;
  switch (signal) {
    case 'metrics':
      return decodeMetricsProtobuf(bytes, options) as Out;
    case 'traces':
      return decodeTracesProtobuf(bytes, options) as Out;
    default:
      return decodeLogsProtobuf(bytes, options) as Out;
  }
}

/** Data points (metrics), spans (traces) or log records (logs) in a request. */
export function countPoints<S extends Signal>(signal: S, request: RequestBySignal[S]): number {
  let total = 0;
  if (signal === 'metrics') {
    for (const rm of (request as RequestBySignal['metrics']).resourceMetrics) {
      for (const sm of rm.scopeMetrics) {
        for (const metric of sm.metrics) {
          if (metric.data.type !== 'empty') total += metric.data.points.length;
        }
      }
    }
  } else if (signal === 'traces') {
    for (const rs of (request as RequestBySignal['traces']).resourceSpans) {
      for (const ss of rs.scopeSpans) total += ss.spans.length;
    }
  } else {
    for (const rl of (request as RequestBySignal['logs']).resourceLogs) {
      for (const sl of rl.scopeLogs) total += sl.logRecords.length;
    }
  }
  return total;
}

const REJECTED_JSON_FIELD: Readonly<Record<Signal, string>> = {
  metrics: 'rejectedDataPoints',
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
};

/**
 * Encodes `Export{Metrics,Trace,Logs}ServiceResponse`. The three share one wire shape:
 * `partial_success = 1 { int64 rejected_* = 1; string error_message = 2; }`.
 */
export function encodeExportResponse(
  signal: Signal,
  encoding: PayloadEncoding,
  partial: PartialSuccess | undefined,
): Uint8Array {
  if (encoding === 'json') {
    const body =
      partial === undefined
        ? {}
        : {
            partialSuccess: {
              [REJECTED_JSON_FIELD[signal]]: String(partial.rejected),
              errorMessage: partial.errorMessage,
            },
          };
    return Buffer.from(JSON.stringify(body), 'utf8');
  }
  if (partial === undefined) return new Uint8Array(0);
  const inner = [
    ...(partial.rejected !== 0 ? [...varint(1 << 3), ...varint(partial.rejected)] : []),
    ...(partial.errorMessage !== '' ? lenField(2, Buffer.from(partial.errorMessage, 'utf8')) : []),
  ];
  return Uint8Array.from(lenField(1, inner));
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

/** Encodes a `google.rpc.Status { code = 1; message = 2; }` (the body of OTLP/HTTP errors). */
export function encodeStatus(encoding: PayloadEncoding, code: number, message: string): Uint8Array {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }), 'utf8');
  return Uint8Array.from([
    ...(code !== 0 ? [...varint(1 << 3), ...varint(code)] : []),
    ...lenField(2, Buffer.from(message, 'utf8')),
  ]);
}

/** Encodes an export request (client side: tests, replay). */
export function encodeRequest<S extends Signal>(
  _signal: S,
  _encoding: PayloadEncoding,
  _request: RequestBySignal[S],
): Uint8Array {
  throw new Error('request encoding is not available yet');
}

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}

function lenField(field: number, bytes: ArrayLike<number>): number[] {
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...Array.from(bytes)];
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
