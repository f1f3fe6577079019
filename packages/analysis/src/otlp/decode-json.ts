/**
 * The public OTLP/JSON decoders (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 * Input is the request body as text or as UTF-8 bytes; failures name the JSON path
 * (`resourceMetrics[0].scopeMetrics[0].metrics[2].sum.dataPoints[0]: timeUnixNano must be ...`).
 */
import { toDecodeError } from './decode-failure.js';
import type { DecodeLimits, DecodeOptions } from './limits.js';
import { resolveDecodeLimits } from './limits.js';
import type { LogsRequest, MetricsRequest, Signal, TracesRequest } from './model.js';
import { checkJsonObjectCount, checkJsonPointCount } from './json-limits.js';
import { OtlpDecodeError } from './model.js';
import { readLogsRequest } from './json-logs.js';
import { readMetricsRequest } from './json-metrics.js';
import { readTracesRequest } from './json-traces.js';
import type { JsonObject } from './json-values.js';
import { isObject, jsonType } from './json-values.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes an `ExportMetricsServiceRequest` from OTLP/JSON. */
export function decodeMetricsJson(
  text: string | Uint8Array,
  options?: DecodeOptions,
): Result<MetricsRequest, OtlpDecodeError> {
  return decodeJson('metrics', text, options, readMetricsRequest);
}

/** Decodes an `ExportTraceServiceRequest` from OTLP/JSON. */
export function decodeTracesJson(
  text: string | Uint8Array,
  options?: DecodeOptions,
): Result<TracesRequest, OtlpDecodeError> {
  return decodeJson('traces', text, options, readTracesRequest);
}

/** Decodes an `ExportLogsServiceRequest` from OTLP/JSON. */
export function decodeLogsJson(
  text: string | Uint8Array,
  options?: DecodeOptions,
): Result<LogsRequest, OtlpDecodeError> {
  return decodeJson('logs', text, options, readLogsRequest);
}

function decodeJson<T>(
  signal: Signal,
  input: string | Uint8Array,
  options: DecodeOptions | undefined,
  read: (obj: JsonObject, limits: Readonly<DecodeLimits>) => T,
): Result<T, OtlpDecodeError> {
  const limits = resolveDecodeLimits(options);
  const tooManyObjects = checkJsonObjectCount(input, limits);
  if (tooManyObjects !== undefined) return err(toDecodeError(tooManyObjects));
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = utf8.decode(input);
    } catch (error) {
      return err(new OtlpDecodeError('body is not valid UTF-8', '', { cause: error }));
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return err(new OtlpDecodeError(`invalid JSON: ${reason}`, '', { cause: error }));
  }
  if (!isObject(parsed)) {
    return err(new OtlpDecodeError(`body must be a JSON object, got ${jsonType(parsed)}`));
  }
  const tooManyPoints = checkJsonPointCount(signal, parsed, limits);
  if (tooManyPoints !== undefined) return err(toDecodeError(tooManyPoints));
  try {
    return ok(read(parsed, limits));
  } catch (error) {
    return err(toDecodeError(error));
  }
}
