/**
 * The ingest pipeline: decoded OTLP requests in, samples in the series store out, with
 * counters of what was received, accepted, rejected and dropped (and why).
 *
 * Double counting of span-derived metrics (`spanMetrics: 'auto'`): a resource that has sent
 * `heterodyne.operation.duration` as metrics (from any scope other than
 * {@link SPAN_METRICS_SCOPE}) is remembered (the last 10,000 such resources), and its spans
 * are no longer converted. A producer sending both signals is therefore counted from its
 * spans only until its first metrics export arrives (one export interval at most); the
 * derived points carry their own scope, so they can be told apart. Set `spanMetrics:
 * 'never'` when every producer sends metrics, `'always'` when none does.
 */
import { ATTR_OPERATION_NAME, METRIC_OPERATION_DURATION } from '@heterodyne/semconv';
import type {
  Attributes,
  LogsRequest,
  MetricsRequest,
  Span,
  TracesRequest,
} from '../otlp/model.js';
import { attributesHash, sameAttributes } from '../series/stream-identity.js';
import { ErrorCollector } from './error-collector.js';
import { ingestMetricsRequest } from './metrics-ingest.js';
import { SPAN_METRICS_SCOPE, spansToMetrics } from './spans-to-metrics.js';
import type {
  DropReason,
  IngestCounters,
  IngestPipeline,
  IngestPipelineOptions,
  IngestResult,
} from './types.js';

/** Default of `maxFutureSkewMillis`: one hour. */
export const DEFAULT_MAX_FUTURE_SKEW_MILLIS = 3_600_000;

/** Resources remembered as sending operation metrics themselves. */
export const MAX_METRIC_RESOURCES = 10_000;

function newCounters(): IngestCounters {
  return {
    requests: { metrics: 0, traces: 0, logs: 0 },
    pointsReceived: 0,
    pointsAccepted: 0,
    dropped: {
      invalid: 0,
      duplicate: 0,
      out_of_order: 0,
      overflow: 0,
      series_limit: 0,
      memory_limit: 0,
      too_long: 0,
    },
    overflowPoints: 0,
    resets: 0,
    referencePoints: 0,
    staleMarkers: 0,
    spansReceived: 0,
    spansRejected: 0,
    spansConverted: 0,
    spansSkippedAsDuplicate: 0,
    derivedPoints: 0,
    logRecordsReceived: 0,
  };
}

function spanProblem(span: Span): string {
  const { startTimeUnixNano: start, endTimeUnixNano: end } = span;
  if (!(start > 0) || !Number.isFinite(start))
    return `start_time_unix_nano must be a positive timestamp, got ${start}`;
  if (!(end >= start) || !Number.isFinite(end))
    return `end_time_unix_nano (${end}) must be a timestamp not before start_time_unix_nano (${start})`;
  return '';
}

const DROP_EXPLANATIONS: readonly (readonly [Exclude<DropReason, 'invalid'>, string])[] = [
  ['duplicate', 'duplicate (same timestamp as the last point of its series)'],
  ['out_of_order', 'out of order (older than the last point of its series)'],
  ['overflow', 'over the cardinality limit (cumulative point of a series past it)'],
];

/**
 * The `partial_success` text of the valid points a request lost, by reason:
 * `2 points not stored: 1 duplicate (...), 1 out of order (...)`.
 */
function describeDrops(
  before: Readonly<Record<DropReason, number>>,
  after: Readonly<Record<DropReason, number>>,
): string {
  const parts: string[] = [];
  let total = 0;
  for (const [reason, explanation] of DROP_EXPLANATIONS) {
    const n = after[reason] - before[reason];
    if (n <= 0) continue;
    total += n;
    parts.push(`${n} ${explanation}`);
  }
  const noun = total === 1 ? 'point' : 'points';
  return `${total} valid ${noun} not stored: ${parts.join(', ')}; resending will not store them`;
}

/** Creates an ingest pipeline writing into `options.store`. */
export function createIngestPipeline(options: IngestPipelineOptions): IngestPipeline {
  const store = options.store;
  const clock = options.clock ?? store.config.clock;
  const spanMetrics = options.spanMetrics ?? 'auto';
  if (!['auto', 'always', 'never'].includes(spanMetrics)) {
    throw new RangeError(
      `spanMetrics: must be auto, always or never, got ${JSON.stringify(spanMetrics)}`,
    );
  }
  const maxErrors = options.maxErrorMessages ?? 3;
  const maxSkew = options.maxFutureSkewMillis ?? DEFAULT_MAX_FUTURE_SKEW_MILLIS;
  if (!(maxSkew >= 0)) {
    throw new RangeError(`maxFutureSkewMillis: must be >= 0, got ${maxSkew}`);
  }
  const counters = newCounters();
  // Resources that send operation metrics themselves, by attributes hash (insertion order:
  // the oldest is forgotten first).
  const metricResources = new Map<number, Attributes>();
  let lastDerivedNanos = 0;

  const noteMetric = (name: string, resource: Attributes, rhash: number, scope: string): void => {
    if (name !== METRIC_OPERATION_DURATION || scope === SPAN_METRICS_SCOPE) return;
    if (metricResources.has(rhash)) return;
    if (metricResources.size >= MAX_METRIC_RESOURCES) {
      const oldest = metricResources.keys().next().value;
      if (oldest !== undefined) metricResources.delete(oldest);
    }
    metricResources.set(rhash, resource);
  };
  const sendsMetrics = (resource: Attributes): boolean => {
    const known = metricResources.get(attributesHash(resource));
    return known !== undefined && sameAttributes(known, resource);
  };

  function ingestMetrics(request: MetricsRequest): IngestResult {
    counters.requests.metrics++;
    const errors = new ErrorCollector(maxErrors);
    const droppedBefore = { ...counters.dropped };
    const tally = ingestMetricsRequest(
      store,
      request,
      clock.now(),
      maxSkew,
      counters,
      errors,
      noteMetric,
    );
    counters.pointsReceived += tally.received;
    counters.pointsAccepted += tally.accepted;
    counters.dropped.invalid += tally.rejected;
    const invalid = errors.message();
    const dropped = tally.dropped > 0 ? describeDrops(droppedBefore, counters.dropped) : '';
    return {
      acceptedPoints: tally.accepted,
      rejectedPoints: tally.rejected,
      droppedPoints: tally.dropped,
      errorMessage: invalid && dropped ? `${invalid}; ${dropped}` : invalid || dropped,
    };
  }

  function ingestTraces(request: TracesRequest): IngestResult {
    counters.requests.traces++;
    const errors = new ErrorCollector(maxErrors);
    let received = 0;
    let rejected = 0;
    const invalid = new Set<Span>();
    request.resourceSpans.forEach((rs, ri) => {
      rs.scopeSpans.forEach((ss, si) => {
        ss.spans.forEach((span, i) => {
          received++;
          const problem = spanProblem(span);
          if (problem) {
            rejected++;
            invalid.add(span);
            errors.add(
              () =>
                `resource_spans[${ri}].scope_spans[${si}].spans[${i}] ${JSON.stringify(span.name)}`,
              problem,
            );
          }
        });
      });
    });
    counters.spansReceived += received;
    counters.spansRejected += rejected;
    if (spanMetrics !== 'never') {
      const nowMillis = clock.now();
      // Derived points are deltas of this request: strictly increasing times per pipeline.
      const time = Math.max(nowMillis * 1e6, lastDerivedNanos + 1000);
      const include = (ri: number): boolean => {
        if (spanMetrics === 'always') return true;
        const rs = request.resourceSpans[ri];
        if (rs === undefined || !sendsMetrics(rs.resource.attributes)) return true;
        for (const ss of rs.scopeSpans) {
          for (const s of ss.spans) {
            const op = s.attributes[ATTR_OPERATION_NAME];
            if (!invalid.has(s) && typeof op === 'string' && op !== '')
              counters.spansSkippedAsDuplicate++;
          }
        }
        return false;
      };
      const conversion = spansToMetrics(
        request,
        lastDerivedNanos || time,
        time,
        include,
        (s) => !invalid.has(s),
      );
      if (conversion.converted > 0) {
        lastDerivedNanos = time;
        counters.spansConverted += conversion.converted;
        const derived = ingestMetricsRequest(
          store,
          conversion.request,
          nowMillis,
          maxSkew,
          counters,
          new ErrorCollector(0),
        );
        counters.derivedPoints += derived.accepted;
      }
    }
    return {
      acceptedPoints: received - rejected,
      rejectedPoints: rejected,
      droppedPoints: 0,
      errorMessage: errors.message(),
    };
  }

  function ingestLogs(request: LogsRequest): IngestResult {
    counters.requests.logs++;
    let n = 0;
    for (const rl of request.resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
    counters.logRecordsReceived += n;
    return { acceptedPoints: n, rejectedPoints: 0, droppedPoints: 0, errorMessage: '' };
  }

  return {
    ingestMetrics,
    ingestTraces,
    ingestLogs,
    counters: () => structuredClone(counters),
  };
}
