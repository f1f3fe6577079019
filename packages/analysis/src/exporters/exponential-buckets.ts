/**
 * Exponential histograms as classic ones, for the Prometheus text format, which has no
 * native histograms. Bucket boundaries follow the OTel metrics data model
 * ("ExponentialHistogram": https://opentelemetry.io/docs/specs/otel/metrics/data-model/).
 */
import type { ExponentialHistogramDataPoint, HistogramDataPoint } from '../otlp/model.js';
import { exponentialUpperBound } from '../series/exponential-totals.js';

/**
 * Classic buckets of an exponential histogram: bucket `i` of scale `s` covers
 * `(base^i, base^(i+1)]` with `base = 2^(2^-s)`, so its `le` is `base^(i+1)`; negative
 * buckets mirror that, and the zero bucket's `le` is the zero threshold.
 */
export function exponentialToExplicit(point: ExponentialHistogramDataPoint): HistogramDataPoint {
  const explicitBounds: number[] = [];
  const bucketCounts: number[] = [];
  const neg = point.negative;
  for (let k = neg.bucketCounts.length - 1; k >= 0; k -= 1) {
    explicitBounds.push(-exponentialUpperBound(point.scale, neg.offset + k - 1));
    bucketCounts.push(neg.bucketCounts[k] as number);
  }
  explicitBounds.push(point.zeroThreshold);
  bucketCounts.push(point.zeroCount);
  const pos = point.positive;
  for (let k = 0; k < pos.bucketCounts.length; k += 1) {
    explicitBounds.push(exponentialUpperBound(point.scale, pos.offset + k));
    bucketCounts.push(pos.bucketCounts[k] as number);
  }
  const counted = bucketCounts.reduce((a, b) => a + b, 0);
  bucketCounts.push(Math.max(0, point.count - counted));
  return { ...point, explicitBounds, bucketCounts };
}
