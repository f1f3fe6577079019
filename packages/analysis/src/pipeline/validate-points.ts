/**
 * Validity checks of decoded data points (OTLP data model rules). Each returns '' for a
 * valid point or a message saying what is wrong; the caller adds where.
 *
 * Spec: https://opentelemetry.io/docs/specs/otel/metrics/data-model/ and the field comments
 * of `opentelemetry/proto/metrics/v1/metrics.proto`.
 */
import type {
  BasePoint,
  ExponentialBuckets,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  NumberDataPoint,
  SummaryDataPoint,
} from '../otlp/model.js';

/** Smallest exponential histogram scale the data model allows. */
export const MIN_EXPONENTIAL_SCALE = -10;
/** Largest exponential histogram scale the data model allows. */
export const MAX_EXPONENTIAL_SCALE = 20;

function checkTimes(p: BasePoint): string {
  if (!(p.timeUnixNano > 0) || !Number.isFinite(p.timeUnixNano)) {
    return `time_unix_nano must be a positive timestamp, got ${p.timeUnixNano}`;
  }
  if (!(p.startTimeUnixNano >= 0) || !Number.isFinite(p.startTimeUnixNano)) {
    return `start_time_unix_nano must be a timestamp or 0, got ${p.startTimeUnixNano}`;
  }
  return '';
}

/**
 * A point stamped more than the allowed skew ahead of the receiver clock would hold its
 * stream hostage (every later, correct point would look out of order), so it is rejected.
 */
export function checkFuture(p: BasePoint, maxTimeUnixNano: number, skewMillis: number): string {
  if (p.timeUnixNano <= maxTimeUnixNano) return '';
  const ahead = (p.timeUnixNano - (maxTimeUnixNano - skewMillis * 1e6)) / 1e9;
  return `time_unix_nano is ${ahead.toFixed(0)} s ahead of the receiver clock (more than maxFutureSkewMillis = ${skewMillis})`;
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

function optionalFinite(name: string, v: number | undefined): string {
  return v === undefined || Number.isFinite(v) ? '' : `${name} must be finite, got ${v}`;
}

/** A gauge or sum point. */
export function validateNumberPoint(p: NumberDataPoint): string {
  const t = checkTimes(p);
  if (t) return t;
  if (!Number.isFinite(p.value)) return `value must be finite, got ${p.value}`;
  return '';
}

/** An explicit-bounds histogram point. */
export function validateHistogramPoint(p: HistogramDataPoint): string {
  const t = checkTimes(p);
  if (t) return t;
  if (!isCount(p.count)) return `count must be a non-negative integer, got ${p.count}`;
  const bounds = p.explicitBounds;
  for (let i = 0; i < bounds.length; i++) {
    const b = bounds[i] as number;
    if (!Number.isFinite(b)) return `explicit_bounds[${i}] must be finite, got ${b}`;
    if (i > 0 && !(b > (bounds[i - 1] as number))) {
      return `explicit_bounds must increase strictly, but [${i - 1}] = ${bounds[i - 1]} and [${i}] = ${b}`;
    }
  }
  const counts = p.bucketCounts;
  if (counts.length > 0) {
    if (counts.length !== bounds.length + 1) {
      return `bucket_counts has ${counts.length} entries, expected explicit_bounds + 1 = ${bounds.length + 1}`;
    }
    let total = 0;
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i] as number;
      if (!isCount(c)) return `bucket_counts[${i}] must be a non-negative integer, got ${c}`;
      total += c;
    }
    if (total !== p.count) return `bucket_counts sum to ${total} but count is ${p.count}`;
  }
  return (
    optionalFinite('sum', p.sum) || optionalFinite('min', p.min) || optionalFinite('max', p.max)
  );
}

function checkSide(name: string, side: ExponentialBuckets): [string, number] {
  if (!Number.isInteger(side.offset) || Math.abs(side.offset) > 2 ** 30) {
    return [`${name}.offset must be an integer within ±2^30, got ${side.offset}`, 0];
  }
  let total = 0;
  for (let i = 0; i < side.bucketCounts.length; i++) {
    const c = side.bucketCounts[i] as number;
    if (!isCount(c))
      return [`${name}.bucket_counts[${i}] must be a non-negative integer, got ${c}`, 0];
    total += c;
  }
  return ['', total];
}

/** An exponential histogram point. */
export function validateExponentialPoint(p: ExponentialHistogramDataPoint): string {
  const t = checkTimes(p);
  if (t) return t;
  if (
    !Number.isInteger(p.scale) ||
    p.scale < MIN_EXPONENTIAL_SCALE ||
    p.scale > MAX_EXPONENTIAL_SCALE
  ) {
    return `scale must be an integer from ${MIN_EXPONENTIAL_SCALE} to ${MAX_EXPONENTIAL_SCALE}, got ${p.scale}`;
  }
  if (!isCount(p.count)) return `count must be a non-negative integer, got ${p.count}`;
  if (!isCount(p.zeroCount)) return `zero_count must be a non-negative integer, got ${p.zeroCount}`;
  const [posError, pos] = checkSide('positive', p.positive);
  if (posError) return posError;
  const [negError, neg] = checkSide('negative', p.negative);
  if (negError) return negError;
  if (p.zeroCount + pos + neg !== p.count) {
    return `zero_count + positive + negative bucket counts = ${p.zeroCount + pos + neg} but count is ${p.count}`;
  }
  return (
    optionalFinite('sum', p.sum) || optionalFinite('min', p.min) || optionalFinite('max', p.max)
  );
}

/** A summary point. NaN quantile values are allowed (no observations) and skipped. */
export function validateSummaryPoint(p: SummaryDataPoint): string {
  const t = checkTimes(p);
  if (t) return t;
  if (!isCount(p.count)) return `count must be a non-negative integer, got ${p.count}`;
  if (!Number.isFinite(p.sum)) return `sum must be finite, got ${p.sum}`;
  for (let i = 0; i < p.quantileValues.length; i++) {
    const q = (p.quantileValues[i] as { quantile: number }).quantile;
    if (!(q >= 0 && q <= 1)) return `quantile_values[${i}].quantile must be in [0, 1], got ${q}`;
  }
  return '';
}
