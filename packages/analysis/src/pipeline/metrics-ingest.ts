/**
 * Walks a decoded `ExportMetricsServiceRequest`: validates each point, resolves its stream
 * (the resource + scope prefix once per scope, the metric handle once per metric) and writes
 * it to the series store, counting what became of it.
 */
import { AggregationTemporality } from '../otlp/model.js';
import type { Attributes, Metric, MetricsRequest } from '../otlp/model.js';
import type { SeriesStore } from '../series/series-store.js';
import { attributesHash } from '../series/stream-identity.js';
import type { MetricRef, StreamPrefixRef } from '../series/types.js';
import {
  WRITE_OVERFLOW,
  WRITE_RESET,
  WriteOutcome,
  refusalReason,
} from '../series/write-outcome.js';
import type { ErrorCollector } from './error-collector.js';
import type { IngestCounters } from './types.js';
import {
  checkFuture,
  validateExponentialPoint,
  validateHistogramPoint,
  validateNumberPoint,
  validateSummaryPoint,
} from './validate-points.js';

/** Per-request totals. */
export interface MetricsTally {
  received: number;
  accepted: number;
  rejected: number;
  dropped: number;
}

/** Where a metric is in its request; turned into text only when a problem is reported. */
interface MetricLocation {
  ri: number;
  si: number;
  mi: number;
  name: string;
}

function describeLocation(at: MetricLocation): string {
  return `resource_metrics[${at.ri}].scope_metrics[${at.si}].metrics[${at.mi}] ${JSON.stringify(at.name)}`;
}

interface TimeLimits {
  maxTimeUnixNano: number;
  skewMillis: number;
}

/** Called once per metric with the resource (and its `attributesHash`) and scope name it came from. */
export type MetricSeenHook = (
  metricName: string,
  resource: Attributes,
  resourceHash: number,
  scopeName: string,
) => void;

/** Counts one write result into the tally and the counters. */
function count(result: number, tally: MetricsTally, counters: IngestCounters): void {
  const code = result & 7;
  if (code <= WriteOutcome.STALE_MARKER) {
    tally.accepted++;
    if (code === WriteOutcome.REFERENCE) counters.referencePoints++;
    else if (code === WriteOutcome.STALE_MARKER) counters.staleMarkers++;
    if ((result & WRITE_OVERFLOW) !== 0) counters.overflowPoints++;
  } else {
    tally.dropped++;
    if (code === WriteOutcome.DUPLICATE) counters.dropped.duplicate++;
    else if (code === WriteOutcome.OUT_OF_ORDER) counters.dropped.out_of_order++;
    else if (code === WriteOutcome.REFUSED) counters.dropped[refusalReason(result) ?? 'too_long']++;
    else counters.dropped.overflow++;
  }
  if ((result & WRITE_RESET) !== 0) counters.resets++;
}

function rejectPoint(
  at: MetricLocation,
  i: number,
  message: string,
  tally: MetricsTally,
  errors: ErrorCollector,
): void {
  tally.rejected++;
  errors.add(() => `${describeLocation(at)}.data_points[${i}]`, message);
}

function isTemporality(t: number): boolean {
  return t === AggregationTemporality.DELTA || t === AggregationTemporality.CUMULATIVE;
}

/** Ingests every point of `request` into `store`. */
export function ingestMetricsRequest(
  store: SeriesStore,
  request: MetricsRequest,
  nowMillis: number,
  maxFutureSkewMillis: number,
  counters: IngestCounters,
  errors: ErrorCollector,
  onMetric?: MetricSeenHook,
): MetricsTally {
  const tally: MetricsTally = { received: 0, accepted: 0, rejected: 0, dropped: 0 };
  const limits: TimeLimits = {
    maxTimeUnixNano: (nowMillis + maxFutureSkewMillis) * 1e6,
    skewMillis: maxFutureSkewMillis,
  };
  const rms = request.resourceMetrics;
  for (let ri = 0; ri < rms.length; ri++) {
    const rm = rms[ri]!;
    const resource = rm.resource.attributes;
    const rhash = attributesHash(resource);
    for (let si = 0; si < rm.scopeMetrics.length; si++) {
      const sm = rm.scopeMetrics[si]!;
      const prefix = store.prefix(resource, sm.scope, rhash);
      for (let mi = 0; mi < sm.metrics.length; mi++) {
        const metric = sm.metrics[mi]!;
        const at: MetricLocation = { ri, si, mi, name: metric.name };
        ingestMetric(store, prefix, metric, at, nowMillis, limits, tally, counters, errors);
        onMetric?.(metric.name, resource, rhash, sm.scope.name);
      }
    }
  }
  return tally;
}

function ingestMetric(
  store: SeriesStore,
  prefix: StreamPrefixRef,
  metric: Metric,
  at: MetricLocation,
  now: number,
  limits: TimeLimits,
  tally: MetricsTally,
  counters: IngestCounters,
  errors: ErrorCollector,
): void {
  const data = metric.data;
  if (data.type === 'empty') {
    // No data points to reject: OTLP's partial_success reports this as a warning (rejected
    // count 0 with an error_message), and the point counts stay equal to the receiver's.
    errors.add(
      () => describeLocation(at),
      'the metric has no data (gauge, sum, histogram, exponential_histogram or summary)',
    );
    return;
  }
  const n = data.points.length;
  tally.received += n;
  let problem = '';
  if (metric.name === '') problem = 'the metric name is empty';
  else if (data.type !== 'gauge' && data.type !== 'summary' && !isTemporality(data.temporality)) {
    problem = `aggregation_temporality must be DELTA (1) or CUMULATIVE (2), got ${data.temporality}`;
  }
  if (problem) {
    tally.rejected += n;
    errors.add(() => describeLocation(at), `${problem}; its ${n} data points were rejected`);
    return;
  }
  const reject = (i: number, message: string): void => rejectPoint(at, i, message, tally, errors);
  let handle: MetricRef;
  switch (data.type) {
    case 'gauge':
    case 'sum': {
      const kind = data.type === 'gauge' ? 'gauge' : data.isMonotonic ? 'counter' : 'updowncounter';
      const temporality =
        data.type === 'gauge' ? AggregationTemporality.UNSPECIFIED : data.temporality;
      handle = store.metric(prefix, metric.name, kind, metric.unit);
      for (let i = 0; i < n; i++) {
        const p = data.points[i]!;
        const problem =
          validateNumberPoint(p) || checkFuture(p, limits.maxTimeUnixNano, limits.skewMillis);
        if (problem) reject(i, problem);
        else count(store.writeNumber(handle, temporality, p, now), tally, counters);
      }
      return;
    }
    case 'histogram':
      handle = store.metric(prefix, metric.name, 'histogram', metric.unit);
      for (let i = 0; i < n; i++) {
        const p = data.points[i]!;
        const problem =
          validateHistogramPoint(p) || checkFuture(p, limits.maxTimeUnixNano, limits.skewMillis);
        if (problem) reject(i, problem);
        else count(store.writeHistogram(handle, data.temporality, p, now), tally, counters);
      }
      return;
    case 'exponentialHistogram':
      handle = store.metric(prefix, metric.name, 'exponential_histogram', metric.unit);
      for (let i = 0; i < n; i++) {
        const p = data.points[i]!;
        const problem =
          validateExponentialPoint(p) || checkFuture(p, limits.maxTimeUnixNano, limits.skewMillis);
        if (problem) reject(i, problem);
        else
          count(store.writeExponentialHistogram(handle, data.temporality, p, now), tally, counters);
      }
      return;
    case 'summary':
      handle = store.metric(prefix, metric.name, 'summary', metric.unit);
      for (let i = 0; i < n; i++) {
        const p = data.points[i]!;
        const problem =
          validateSummaryPoint(p) || checkFuture(p, limits.maxTimeUnixNano, limits.skewMillis);
        if (problem) reject(i, problem);
        else count(store.writeSummary(handle, p, now), tally, counters);
      }
      return;
  }
}
