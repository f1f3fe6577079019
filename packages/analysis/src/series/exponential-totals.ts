/**
 * Running bucket totals of exponential histograms (see `bucket-totals.ts`): one scale for
 * both sides, the smallest scale seen (a coarser point downscales the totals), and at most
 * {@link MAX_EXPONENTIAL_BUCKETS} buckets per side (a wider span downscales further, as the
 * SDK's own aggregation does). For explicit-bucket readers they convert to bounds from their
 * scale.
 */
import type { ExponentialBuckets } from '../otlp/model.js';
import { addRun, MAX_EXPONENTIAL_BUCKETS } from './bucket-totals.js';
import type { BucketTotals, ExponentialBucketTotals } from './bucket-totals.js';
import type { ExponentialSide } from './internal-types.js';

/** Merges buckets of `side` to a scale `by` steps coarser. */
export function downscaleSide(
  side: ExponentialBuckets | ExponentialSide,
  by: number,
): ExponentialSide {
  const counts = sideCounts(side);
  if (by === 0) return { offset: side.offset, counts };
  if (counts.length === 0) return { offset: side.offset >> by, counts: [] };
  const first = side.offset >> by;
  const lastIndex = (side.offset + counts.length - 1) >> by;
  const out = new Array<number>(lastIndex - first + 1).fill(0);
  for (let j = 0; j < counts.length; j++) {
    const idx = ((side.offset + j) >> by) - first;
    out[idx] = (out[idx] as number) + (counts[j] as number);
  }
  return { offset: first, counts: out };
}

function sideCounts(side: ExponentialBuckets | ExponentialSide): readonly number[] {
  return 'bucketCounts' in side ? side.bucketCounts : side.counts;
}

/** Steps the totals must coarsen so `side` plus `[from, to]` fits the bucket limit. */
function stepsToFit(side: { offset: number; counts: number[] }, from: number, to: number): number {
  let lo = from;
  let hi = to;
  if (side.counts.length > 0) {
    lo = Math.min(lo, side.offset);
    hi = Math.max(hi, side.offset + side.counts.length - 1);
  }
  let by = 0;
  while ((hi >> by) - (lo >> by) + 1 > MAX_EXPONENTIAL_BUCKETS) by++;
  return by;
}

function span(side: ExponentialSide): [number, number] | undefined {
  const c = side.counts;
  let first = -1;
  let last = -1;
  for (let j = 0; j < c.length; j++) {
    if ((c[j] as number) > 0) {
      if (first < 0) first = j;
      last = j;
    }
  }
  return first < 0 ? undefined : [side.offset + first, side.offset + last];
}

function coarsen(totals: ExponentialBucketTotals, by: number): void {
  if (by <= 0) return;
  totals.scale -= by;
  totals.positive = mutable(downscaleSide(totals.positive, by));
  totals.negative = mutable(downscaleSide(totals.negative, by));
}

function mutable(side: ExponentialSide): { offset: number; counts: number[] } {
  return { offset: side.offset, counts: side.counts.slice() };
}

/** Adds an exponential delta at `scale`; returns the (possibly new) totals. */
export function addExponentialBuckets(
  totals: BucketTotals | undefined,
  scale: number,
  zeroCount: number,
  zeroThreshold: number,
  positive: ExponentialSide,
  negative: ExponentialSide,
): ExponentialBucketTotals {
  let out: ExponentialBucketTotals;
  if (totals === undefined || 'bounds' in totals) {
    out = {
      scale,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: { offset: 0, counts: [] },
      negative: { offset: 0, counts: [] },
    };
  } else {
    out = totals;
  }
  coarsen(out, out.scale - scale);
  let pos = downscaleSide(positive, scale - out.scale);
  let neg = downscaleSide(negative, scale - out.scale);
  const ps = span(pos);
  const ns = span(neg);
  const by = Math.max(
    ps === undefined ? 0 : stepsToFit(out.positive, ps[0], ps[1]),
    ns === undefined ? 0 : stepsToFit(out.negative, ns[0], ns[1]),
  );
  if (by > 0) {
    coarsen(out, by);
    pos = downscaleSide(pos, by);
    neg = downscaleSide(neg, by);
  }
  addRun(out.positive, pos.offset, pos.counts, pos.counts.length);
  addRun(out.negative, neg.offset, neg.counts, neg.counts.length);
  out.zeroCount += zeroCount;
  if (zeroThreshold > out.zeroThreshold) out.zeroThreshold = zeroThreshold;
  return out;
}

/**
 * The upper bound of bucket `index` at `scale`, `2^((index + 1) · 2^-scale)`, computed as
 * `2^whole · 2^fraction` so powers of two are exact (pow on a fraction in [0, 1) also rounds
 * better than on the whole exponent: 2^1.5 would be 1 ulp off).
 */
export function exponentialUpperBound(scale: number, index: number): number {
  const exponent = (index + 1) * 2 ** -scale;
  const whole = Math.floor(exponent);
  return 2 ** (exponent - whole) * 2 ** whole;
}

/**
 * Exponential totals as explicit buckets: negative buckets (upper bound `-base^i`), the zero
 * bucket (upper bound the zero threshold), positive buckets (upper bound `base^(i+1)`), and
 * an empty overflow bucket.
 */
export function exponentialAsExplicit(totals: ExponentialBucketTotals): {
  bounds: number[];
  counts: number[];
} {
  const bounds: number[] = [];
  const counts: number[] = [];
  const neg = totals.negative;
  for (let k = neg.counts.length - 1; k >= 0; k--) {
    bounds.push(-exponentialUpperBound(totals.scale, neg.offset + k - 1));
    counts.push(neg.counts[k] as number);
  }
  bounds.push(totals.zeroThreshold);
  counts.push(totals.zeroCount);
  const pos = totals.positive;
  for (let k = 0; k < pos.counts.length; k++) {
    bounds.push(exponentialUpperBound(totals.scale, pos.offset + k));
    counts.push(pos.counts[k] as number);
  }
  counts.push(0);
  return { bounds, counts };
}
