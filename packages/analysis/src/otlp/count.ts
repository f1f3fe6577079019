/**
 * Item counts of decoded requests, for accepted/rejected accounting: the units OTLP
 * partial success reports (`rejected_data_points`, `rejected_spans`,
 * `rejected_log_records`).
 */
import type { LogsRequest, MetricsRequest, Signal, TracesRequest } from './model.js';
import type { OtlpRequestBySignal } from './decode-otlp.js';

/** Data points in a metrics request, over every metric kind. */
export function countDataPoints(request: MetricsRequest): number {
  let n = 0;
  for (const rm of request.resourceMetrics) {
    for (const sm of rm.scopeMetrics) {
      for (const metric of sm.metrics) {
        if (metric.data.type !== 'empty') n += metric.data.points.length;
      }
    }
  }
  return n;
}

/** Spans in a traces request. */
export function countSpans(request: TracesRequest): number {
  let n = 0;
  for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

/** Log records in a logs request. */
export function countLogRecords(request: LogsRequest): number {
  let n = 0;
  for (const rl of request.resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  return n;
}

/** Items of a request of `signal`: data points, spans or log records. */
export function countItems<S extends Signal>(signal: S, request: OtlpRequestBySignal[S]): number {
  switch (signal as Signal) {
    case 'metrics':
      return countDataPoints(request as MetricsRequest);
    case 'traces':
      return countSpans(request as TracesRequest);
    default:
      return countLogRecords(request as LogsRequest);
  }
}
