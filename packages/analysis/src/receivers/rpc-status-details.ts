/**
 * The binary `google.rpc.Status` that gRPC carries in the `grpc-status-details-bin`
 * trailer, here with one `google.rpc.RetryInfo` detail telling the client how long to
 * wait before retrying (https://opentelemetry.io/docs/specs/otlp/#otlpgrpc-throttling).
 *
 * Field numbers (googleapis google/rpc/status.proto, error_details.proto,
 * google/protobuf/any.proto, duration.proto):
 *   Status    { int32 code = 1; string message = 2; repeated Any details = 3; }
 *   Any       { string type_url = 1; bytes value = 2; }
 *   RetryInfo { Duration retry_delay = 1; }
 *   Duration  { int64 seconds = 1; int32 nanos = 2; }
 */

/** `type_url` of a packed `google.rpc.RetryInfo`. */
export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

/** Encodes `google.rpc.Status { code, message, details: [RetryInfo { retry_delay }] }`. */
export function encodeStatusWithRetryInfo(
  code: number,
  message: string,
  retryDelaySeconds: number,
): Buffer {
  const wholeSeconds = Math.max(0, Math.floor(retryDelaySeconds));
  const nanos = Math.round((Math.max(0, retryDelaySeconds) - wholeSeconds) * 1e9);
  const duration = concat([
    wholeSeconds > 0 ? varintField(1, wholeSeconds) : [],
    nanos > 0 ? varintField(2, nanos) : [],
  ]);
  const retryInfo = lenField(1, duration);
  const any = concat([
    lenField(1, Buffer.from(RETRY_INFO_TYPE_URL, 'utf8')),
    lenField(2, retryInfo),
  ]);
  return Buffer.from(
    concat([
      code !== 0 ? varintField(1, code) : [],
      message !== '' ? lenField(2, Buffer.from(message, 'utf8')) : [],
      lenField(3, any),
    ]),
  );
}

function concat(parts: ArrayLike<number>[]): number[] {
  const out: number[] = [];
  for (const part of parts) for (let i = 0; i < part.length; i += 1) out.push(part[i] as number);
  return out;
}

/** Base-128 varint of a non-negative safe integer. */
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

function varintField(field: number, value: number): number[] {
  return [...varint((field << 3) | WIRE_VARINT), ...varint(value)];
}

function lenField(field: number, bytes: ArrayLike<number>): number[] {
  return concat([varint((field << 3) | WIRE_LEN), varint(bytes.length), bytes]);
}
