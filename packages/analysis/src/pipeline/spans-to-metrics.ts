/**
 * Spans → operation metrics, so a producer that only exports traces is monitored too.
 *
 * A span whose attributes carry a non-empty string `heterodyne.operation.name` yields the
 * metrics `@heterodyne/sdk` records for the operation, with the same attributes:
 * - `heterodyne.operation.duration` (s): end - start, with operation name, optimization
 *   method, `jit.cold_start` (only when true, as the SDK does) and `error.type` (the span's
 *   attribute, or `_OTHER` when the status is ERROR without one);
 * - with a finite `heterodyne.accuracy.achieved`: `heterodyne.accuracy.achieved`,
 *   `heterodyne.accuracy.checks` (+1, `accuracy.preserved` from the span, else achieved >=
 *   expected when the expectation is known) and `heterodyne.accuracy.violations` (+1 when not
 *   preserved), with operation name and accuracy method;
 * - `heterodyne.numerical.non_finite` (+count) when `numerical.non_finite_count` > 0;
 * - `heterodyne.jit.compilation.duration` from `jit.compile_duration` (s) when present.
 *
 * The spans of one request are aggregated per stream into delta points stamped with the
 * time the pipeline gives (its clock, strictly increasing), under the instrumentation scope
 * {@link SPAN_METRICS_SCOPE} of the span's resource, so they are told apart from the SDK's
 * own metrics. Histograms use the registry's bucket boundaries.
 */
import {
  ACCURACY_BUCKETS,
  ATTR_ACCURACY_ACHIEVED,
  ATTR_ACCURACY_EXPECTED,
  ATTR_ACCURACY_METHOD,
  ATTR_ACCURACY_PRESERVED,
  ATTR_ERROR_TYPE,
  ATTR_JIT_COLD_START,
  ATTR_JIT_COMPILE_DURATION,
  ATTR_NUMERICAL_NON_FINITE_COUNT,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  DURATION_BUCKETS_SECONDS,
  METRIC_ACCURACY_ACHIEVED,
  METRIC_ACCURACY_CHECKS,
  METRIC_ACCURACY_VIOLATIONS,
  METRIC_COMPILATION_DURATION,
  METRIC_NON_FINITE_VALUES,
  METRIC_OPERATION_DURATION,
  getMetricDefinition,
} from '@heterodyne/semconv';
import { AggregationTemporality, SpanStatusCode } from '../otlp/model.js';
import type {
  Attributes,
  Metric,
  MetricsRequest,
  ResourceMetrics,
  Span,
  TracesRequest,
} from '../otlp/model.js';
import { attributesKey } from '../series/stream-identity.js';

/** Instrumentation scope of span-derived metrics. */
export const SPAN_METRICS_SCOPE = '@heterodyne/analysis/span-metrics';
/** `error.type` for failed spans that do not name their error, as the SDK uses. */
export const ERROR_TYPE_OTHER = '_OTHER';

/** What converting a request produced. */
export interface SpanConversion {
  /** Derived metrics, delta temporality; empty `resourceMetrics` when nothing converted. */
  request: MetricsRequest;
  /** Spans turned into metrics. */
  converted: number;
}

interface HistogramAccumulator {
  attributes: Attributes;
  bounds: readonly number[];
  counts: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

interface CounterAccumulator {
  attributes: Attributes;
  value: number;
}

/** Aggregates derived measurements of one resource. */
export class ResourceAccumulator {
  readonly histograms = new Map<string, Map<string, HistogramAccumulator>>();
  readonly counters = new Map<string, Map<string, CounterAccumulator>>();

  record(metric: string, bounds: readonly number[], attributes: Attributes, value: number): void {
    let byKey = this.histograms.get(metric);
    if (byKey === undefined) this.histograms.set(metric, (byKey = new Map()));
    const key = attributesKey(attributes);
    let acc = byKey.get(key);
    if (acc === undefined) {
      acc = {
        attributes,
        bounds,
        counts: new Array<number>(bounds.length + 1).fill(0),
        count: 0,
        sum: 0,
        min: Infinity,
        max: -Infinity,
      };
      byKey.set(key, acc);
    }
    // Bucket i holds (bounds[i-1], bounds[i]]: the first bound >= value.
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    acc.counts[i] = (acc.counts[i] as number) + 1;
    acc.count++;
    acc.sum += value;
    if (value < acc.min) acc.min = value;
    if (value > acc.max) acc.max = value;
  }

  add(metric: string, attributes: Attributes, value: number): void {
    let byKey = this.counters.get(metric);
    if (byKey === undefined) this.counters.set(metric, (byKey = new Map()));
    const key = attributesKey(attributes);
    const acc = byKey.get(key);
    if (acc === undefined) byKey.set(key, { attributes, value });
    else acc.value += value;
  }

  toMetrics(startTimeUnixNano: number, timeUnixNano: number): Metric[] {
    const base = { startTimeUnixNano, timeUnixNano, flags: 0 };
    const metrics: Metric[] = [];
    for (const [name, byKey] of this.histograms) {
      const points = [...byKey.values()].map((a) => ({
        ...base,
        attributes: a.attributes,
        count: a.count,
        sum: a.sum,
        bucketCounts: a.counts,
        explicitBounds: a.bounds.slice(),
        min: a.min,
        max: a.max,
      }));
      metrics.push({
        name,
        description: '',
        unit: unitOf(name),
        data: { type: 'histogram', points, temporality: AggregationTemporality.DELTA },
      });
    }
    for (const [name, byKey] of this.counters) {
      const points = [...byKey.values()].map((a) => ({
        ...base,
        attributes: a.attributes,
        value: a.value,
        isInt: true,
      }));
      metrics.push({
        name,
        description: '',
        unit: unitOf(name),
        data: { type: 'sum', points, temporality: AggregationTemporality.DELTA, isMonotonic: true },
      });
    }
    return metrics;
  }
}

function unitOf(metric: string): string {
  return getMetricDefinition(metric)?.unit ?? '';
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Copies the listed attributes that are present. */
function pick(from: Attributes, keys: readonly string[]): Attributes {
  const out: Attributes = {};
  for (const k of keys) {
    const v = from[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Records the metrics of one operation span into `acc`. Returns false when not an operation span. */
export function recordSpan(acc: ResourceAccumulator, span: Span): boolean {
  const a = span.attributes;
  const name = a[ATTR_OPERATION_NAME];
  if (typeof name !== 'string' || name === '') return false;
  const nameOnly: Attributes = { [ATTR_OPERATION_NAME]: name };
  const duration = pick(a, [ATTR_OPERATION_NAME, ATTR_OPTIMIZATION_METHOD]);
  if (a[ATTR_JIT_COLD_START] === true) duration[ATTR_JIT_COLD_START] = true;
  const errorType = a[ATTR_ERROR_TYPE];
  if (typeof errorType === 'string' && errorType !== '') duration[ATTR_ERROR_TYPE] = errorType;
  else if (span.status.code === SpanStatusCode.ERROR) duration[ATTR_ERROR_TYPE] = ERROR_TYPE_OTHER;
  const seconds = (span.endTimeUnixNano - span.startTimeUnixNano) / 1e9;
  acc.record(METRIC_OPERATION_DURATION, DURATION_BUCKETS_SECONDS, duration, seconds);

  const achieved = finite(a[ATTR_ACCURACY_ACHIEVED]);
  if (achieved !== undefined) {
    const accuracy = pick(a, [ATTR_OPERATION_NAME, ATTR_ACCURACY_METHOD]);
    acc.record(METRIC_ACCURACY_ACHIEVED, ACCURACY_BUCKETS, accuracy, achieved);
    const expected = finite(a[ATTR_ACCURACY_EXPECTED]);
    const stated = a[ATTR_ACCURACY_PRESERVED];
    const preserved =
      typeof stated === 'boolean'
        ? stated
        : expected !== undefined
          ? achieved >= expected
          : undefined;
    const checks = { ...accuracy };
    if (preserved !== undefined) checks[ATTR_ACCURACY_PRESERVED] = preserved;
    acc.add(METRIC_ACCURACY_CHECKS, checks, 1);
    if (preserved === false) acc.add(METRIC_ACCURACY_VIOLATIONS, accuracy, 1);
  }
  const nonFinite = finite(a[ATTR_NUMERICAL_NON_FINITE_COUNT]);
  if (nonFinite !== undefined && nonFinite > 0)
    acc.add(METRIC_NON_FINITE_VALUES, nameOnly, nonFinite);
  const compile = finite(a[ATTR_JIT_COMPILE_DURATION]);
  if (compile !== undefined && compile >= 0) {
    acc.record(METRIC_COMPILATION_DURATION, DURATION_BUCKETS_SECONDS, nameOnly, compile);
  }
  return true;
}

/**
 * Converts the operation spans of `request`. `include(resourceIndex)` decides per resource
 * (the double-counting rule); spans must have been validated (`end >= start`), and
 * `isValid` tells which.
 */
export function spansToMetrics(
  request: TracesRequest,
  startTimeUnixNano: number,
  timeUnixNano: number,
  include: (resourceIndex: number) => boolean,
  isValid: (span: Span) => boolean,
): SpanConversion {
  const resourceMetrics: ResourceMetrics[] = [];
  let converted = 0;
  request.resourceSpans.forEach((rs, ri) => {
    if (!include(ri)) return;
    const acc = new ResourceAccumulator();
    let any = false;
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        if (isValid(span) && recordSpan(acc, span)) {
          converted++;
          any = true;
        }
      }
    }
    if (!any) return;
    resourceMetrics.push({
      resource: rs.resource,
      schemaUrl: rs.schemaUrl,
      scopeMetrics: [
        {
          scope: {
            name: SPAN_METRICS_SCOPE,
            version: '',
            attributes: {},
            droppedAttributesCount: 0,
          },
          schemaUrl: '',
          metrics: acc.toMetrics(startTimeUnixNano, timeUnixNano),
        },
      ],
    });
  });
  return { request: { resourceMetrics }, converted };
}
