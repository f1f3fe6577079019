/**
 * Exponential histograms as classic ones, for the Prometheus text format, which has no
 * native histograms. Bucket boundaries follow the OTel metrics data model
 * ("ExponentialHistogram": https://opentelemetry.io/docs/specs/otel/metrics/data-model/).
 */
import type { ExponentialHistogramDataPoint, HistogramDataPoint } from '../otlp/model.js';

/**
 * Classic buckets of an exponential histogram: bucket `i` of scale `s` covers
 * `(base^i, base^(i+1)]` with `base = 2^(2^-s)`, so its `le` is `base^(i+1)`; negative
 * buckets mirror that, and the zero bucket's `le` is the zero threshold.
 */
export function exponentialToExplicit(point: ExponentialHistogramDataPoint): HistogramDataPoint {
  const factor = 2 ** -point.scale;
  // 2^(index·factor) as 2^whole · 2^fraction: the power-of-two factor is exact, and pow on a
  // fraction in [0, 1) rounds better than on the whole exponent (2^1.5 would be 1 ulp off).
  const bound = (index: number): number => {
    const exponent = index * factor;
    const whole = Math.floor(exponent);
    return 2 ** (exponent - whole) * 2 ** whole;
  };
  const explicitBounds: number[] = [];
  const bucketCounts: number[] = [];
  const neg = point.negative;
  for (let k = neg.bucketCounts.length - 1; k >= 0; k -= 1) {
    explicitBounds.push(-bound(neg.offset + k));
    bucketCounts.push(neg.bucketCounts[k] as number);
  }
  explicitBounds.push(point.zeroThreshold);
  bucketCounts.push(point.zeroCount);
  const pos = point.positive;
  for (let k = 0; k < pos.bucketCounts.length; k += 1) {
    explicitBounds.push(bound(pos.offset + k + 1));
    bucketCounts.push(pos.bucketCounts[k] as number);
  }
  const counted = bucketCounts.reduce((a, b) => a + b, 0);
  bucketCounts.push(Math.max(0, point.count - counted));
  return { ...point, explicitBounds, bucketCounts };
}
