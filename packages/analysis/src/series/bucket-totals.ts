/**
 * Exact running bucket totals of histogram series: every delta a histogram writer stores is
 * also added bucket-wise here, so the per-bucket observation counts since the series was
 * created are known exactly (what a Prometheus `_bucket` series or a latency SLI needs),
 * whatever the ring capacity.
 *
 * - Explicit bounds: `counts[k]` observations in bucket `k`, i.e. `(bounds[k-1], bounds[k]]`
 *   with `counts.length === bounds.length + 1` (OTLP's `bucket_counts` layout, not summed
 *   across buckets). Bounds are interned. When a point arrives with other bounds, the totals
 *   move to the new bounds: each old bucket's count goes to the new bucket holding its upper
 *   bound (the overflow bucket to the new overflow bucket), so no observation is lost and
 *   counts at bounds both sets share stay exact.
 * - Exponential: one scale for both sides, the smallest scale seen (a coarser point
 *   downscales the totals), and at most {@link MAX_EXPONENTIAL_BUCKETS} buckets per side (a
 *   wider span downscales further, as the SDK's own aggregation does).
 */
import type { ExponentialBuckets } from '../otlp/model.js';
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

/** Interns bucket bounds so series share one array per distinct bounds. */
export type BoundsInterner = (bounds: readonly number[]) => readonly number[];

/** Most buckets per side of an exponential histogram's running totals. */
export const MAX_EXPONENTIAL_BUCKETS = 160;

/** Running totals of an explicit-bounds histogram. */
export interface ExplicitBucketTotals {
  /** Interned bounds; never mutated. */
  bounds: readonly number[];
  /** Observations per bucket; `bounds.length + 1` of them. */
  counts: number[];
}

/** Running totals of an exponential histogram, at one scale. */
export interface ExponentialBucketTotals {
  scale: number;
  /** Observations in the zero bucket. */
  zeroCount: number;
  /** The largest zero threshold seen. */
  zeroThreshold: number;
  positive: { offset: number; counts: number[] };
  negative: { offset: number; counts: number[] };
}

/** Either kind of running bucket totals. */
export type BucketTotals = ExplicitBucketTotals | ExponentialBucketTotals;

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Moves totals to new bounds (see the module comment). */
function rebucket(totals: ExplicitBucketTotals, bounds: readonly number[]): number[] {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  const old = totals.bounds;
  let j = 0;
  for (let k = 0; k < totals.counts.length; k++) {
    const upper = k < old.length ? (old[k] as number) : Infinity;
    while (j < bounds.length && (bounds[j] as number) < upper) j++;
    counts[j] = (counts[j] as number) + (totals.counts[k] as number);
  }
  return counts;
}

/**
 * Adds an explicit-bounds delta: `deltas[k]` for `k <= bounds.length`, or, when the point
 * carried no bucket counts (`hasBuckets` false), `count` observations in one overflow bucket.
 * Returns the (possibly new) totals.
 */
export function addExplicitBuckets(
  totals: BucketTotals | undefined,
  bounds: readonly number[],
  deltas: readonly number[],
  hasBuckets: boolean,
  count: number,
  intern: BoundsInterner,
): ExplicitBucketTotals {
  const target = hasBuckets ? bounds : EMPTY;
  let out: ExplicitBucketTotals;
  if (totals === undefined || !('bounds' in totals)) {
    const b = intern(target);
    out = { bounds: b, counts: new Array<number>(b.length + 1).fill(0) };
  } else if (!sameBounds(totals.bounds, target)) {
    // An empty point (no buckets) keeps the totals' bounds: its count goes to overflow.
    if (!hasBuckets) {
      out = totals;
    } else {
      const b = intern(target);
      out = { bounds: b, counts: rebucket(totals, b) };
    }
  } else {
    out = totals;
  }
  const counts = out.counts;
  if (!hasBuckets) {
    const last = counts.length - 1;
    counts[last] = (counts[last] as number) + count;
    return out;
  }
  for (let k = 0; k < counts.length; k++) {
    const d = deltas[k] as number;
    if (d > 0) counts[k] = (counts[k] as number) + d;
  }
  return out;
}

const EMPTY: readonly number[] = Object.freeze([]);

/** Adds `delta` (at `delta.scale`) into `side` (at `scale`); both scales already equal. */
function addSide(side: { offset: number; counts: number[] }, delta: ExponentialSide): void {
  const dc = delta.counts;
  let first = -1;
  let last = -1;
  for (let j = 0; j < dc.length; j++) {
    if ((dc[j] as number) > 0) {
      if (first < 0) first = j;
      last = j;
    }
  }
  if (first < 0) return;
  const from = delta.offset + first;
  const to = delta.offset + last;
  if (side.counts.length === 0) {
    side.offset = from;
    side.counts = new Array<number>(to - from + 1).fill(0);
  } else {
    const end = side.offset + side.counts.length - 1;
    if (from < side.offset) {
      const grow = side.offset - from;
      side.counts = new Array<number>(grow).fill(0).concat(side.counts);
      side.offset = from;
    }
    if (to > end) {
      for (let i = end + 1; i <= to; i++) side.counts.push(0);
    }
  }
  for (let j = first; j <= last; j++) {
    const c = dc[j] as number;
    if (c > 0) {
      const at = delta.offset + j - side.offset;
      side.counts[at] = (side.counts[at] as number) + c;
    }
  }
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
  addSide(out.positive, pos);
  addSide(out.negative, neg);
  out.zeroCount += zeroCount;
  if (zeroThreshold > out.zeroThreshold) out.zeroThreshold = zeroThreshold;
  return out;
}

/**
 * The upper bound of bucket `index` at `scale`, `2^((index + 1) · 2^-scale)`, computed as
 * `2^whole · 2^fraction` so powers of two are exact.
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

/** Estimated bytes of bucket totals (the interned bounds are shared and not counted). */
export function bucketTotalsBytes(totals: BucketTotals): number {
  // Object (56) + array header (48) per array, 8 bytes per element.
  if ('bounds' in totals) return 56 + 48 + 8 * totals.counts.length;
  return 56 + 2 * (56 + 48) + 8 * (totals.positive.counts.length + totals.negative.counts.length);
}

function isCounts(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((c) => typeof c === 'number' && c >= 0);
}

function isSide(x: unknown): boolean {
  const side = x as { offset?: unknown; counts?: unknown } | null;
  return (
    typeof side === 'object' &&
    side !== null &&
    Number.isInteger(side.offset) &&
    isCounts(side.counts) &&
    side.counts.length <= MAX_EXPONENTIAL_BUCKETS
  );
}

/** Whether a checkpointed value is well-formed bucket totals. */
export function isBucketTotals(x: unknown): x is BucketTotals {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Record<string, unknown>;
  if ('bounds' in t) {
    const bounds = t['bounds'];
    return (
      Array.isArray(bounds) &&
      bounds.every((b) => typeof b === 'number') &&
      isCounts(t['counts']) &&
      t['counts'].length === bounds.length + 1
    );
  }
  return (
    Number.isInteger(t['scale']) &&
    typeof t['zeroCount'] === 'number' &&
    typeof t['zeroThreshold'] === 'number' &&
    isSide(t['positive']) &&
    isSide(t['negative'])
  );
}
