/** One entry point for the receivers: decode any signal in either OTLP encoding. */
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from './decode-json.js';
import {
  decodeLogsProtobuf,
  decodeMetricsProtobuf,
  decodeTracesProtobuf,
} from './decode-protobuf.js';
import type { DecodeOptions } from './limits.js';
import type {
  LogsRequest,
  MetricsRequest,
  OtlpDecodeError,
  Signal,
  TracesRequest,
} from './model.js';
import type { OtlpEncoding } from './responses.js';
import type { Result } from '../result.js';

/** The decoded export request of each signal. */
export interface OtlpRequestBySignal {
  metrics: MetricsRequest;
  traces: TracesRequest;
  logs: LogsRequest;
}

/**
 * Decodes an export request of `signal` from `bytes` in `encoding` (for JSON, the UTF-8
 * body). Never throws for bad input: failures are `OtlpDecodeError` values.
 */
export function decodeOtlp<S extends Signal>(
  signal: S,
  encoding: OtlpEncoding,
  bytes: Uint8Array,
  options?: DecodeOptions,
): Result<OtlpRequestBySignal[S], OtlpDecodeError> {
  type R = Result<OtlpRequestBySignal[S], OtlpDecodeError>;
  const json = encoding === 'json';
  switch (signal as Signal) {
    case 'metrics':
      return (
        json ? decodeMetricsJson(bytes, options) : decodeMetricsProtobuf(bytes, options)
      ) as R;
    case 'traces':
      return (json ? decodeTracesJson(bytes, options) : decodeTracesProtobuf(bytes, options)) as R;
    case 'logs':
      return (json ? decodeLogsJson(bytes, options) : decodeLogsProtobuf(bytes, options)) as R;
    default:
      throw new TypeError(`decodeOtlp: unknown signal ${JSON.stringify(signal)}`);
  }
}
