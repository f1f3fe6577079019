/**
 * The public protobuf decoders of the three OTLP export requests. Each returns the
 * decoded request, or an `OtlpDecodeError` naming what was wrong and where
 * (`resource_metrics[0].scope_metrics[0].metrics[3].histogram.data_points[1]: bucket_counts is truncated: ...`).
 * Unknown fields are skipped, so newer producers keep working. A large request is first
 * scanned for its point and message counts (`proto-prescan.ts`), so one over the limits is
 * refused before any of it is built.
 */
import { locate, toDecodeError } from './decode-failure.js';
import type { DecodeOptions } from './limits.js';
import { resolveDecodeLimits } from './limits.js';
import { OtlpDecodeError } from './model.js';
import type {
  LogsRequest,
  MetricsRequest,
  ResourceLogs,
  ResourceMetrics,
  ResourceSpans,
  TracesRequest,
} from './model.js';
import { LOGS_REQUEST, readResourceLogs } from './proto-logs.js';
import { prescanProtobuf } from './proto-prescan.js';
import { METRICS_REQUEST, readResourceMetrics } from './proto-metrics.js';
import { TRACES_REQUEST, readResourceSpans } from './proto-traces.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import type { FieldTable } from './wire-types.js';
import { WireReader } from './wire-reader.js';
import { fieldName } from './wire-types.js';

/** Decodes an `ExportMetricsServiceRequest` from protobuf bytes. */
export function decodeMetricsProtobuf(
  bytes: Uint8Array,
  options?: DecodeOptions,
): Result<MetricsRequest, OtlpDecodeError> {
  const limits = resolveDecodeLimits(options);
  const overLimit = prescanProtobuf('metrics', bytes, limits);
  if (overLimit !== undefined) return err(toDecodeError(overLimit));
  const r = new WireReader(bytes, limits);
  const resourceMetrics: ResourceMetrics[] = [];
  const failure = readTopLevel(r, METRICS_REQUEST, resourceMetrics, readResourceMetrics);
  return failure ? err(failure) : ok({ resourceMetrics });
}

/** Decodes an `ExportTraceServiceRequest` from protobuf bytes. */
export function decodeTracesProtobuf(
  bytes: Uint8Array,
  options?: DecodeOptions,
): Result<TracesRequest, OtlpDecodeError> {
  const limits = resolveDecodeLimits(options);
  const overLimit = prescanProtobuf('traces', bytes, limits);
  if (overLimit !== undefined) return err(toDecodeError(overLimit));
  const r = new WireReader(bytes, limits);
  const resourceSpans: ResourceSpans[] = [];
  const failure = readTopLevel(r, TRACES_REQUEST, resourceSpans, readResourceSpans);
  return failure ? err(failure) : ok({ resourceSpans });
}

/** Decodes an `ExportLogsServiceRequest` from protobuf bytes. */
export function decodeLogsProtobuf(
  bytes: Uint8Array,
  options?: DecodeOptions,
): Result<LogsRequest, OtlpDecodeError> {
  const limits = resolveDecodeLimits(options);
  const overLimit = prescanProtobuf('logs', bytes, limits);
  if (overLimit !== undefined) return err(toDecodeError(overLimit));
  const r = new WireReader(bytes, limits);
  const resourceLogs: ResourceLogs[] = [];
  const failure = readTopLevel(r, LOGS_REQUEST, resourceLogs, readResourceLogs);
  return failure ? err(failure) : ok({ resourceLogs });
}

/** All three requests are `repeated Resource* resource_* = 1`. */
function readTopLevel<T>(
  r: WireReader,
  table: FieldTable,
  out: T[],
  read: (r: WireReader) => T,
): OtlpDecodeError | undefined {
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x0a) {
        r.countItem();
        out.push(read(r));
      } else r.skip(tag, table);
    }
    return undefined;
  } catch (error) {
    const label = field === 1 ? `${fieldName(table, 1)}[${out.length}]` : fieldName(table, field);
    const failure = toDecodeError(locate(error, label));
    // `{` is the tag of field 15 in group encoding: the likely mistake is the content type.
    if (r.buf[0] !== 0x7b) return failure;
    return new OtlpDecodeError(
      `${failure.message} (the body starts with "{": if it is OTLP/JSON, send Content-Type: application/json)`,
    );
  }
}
