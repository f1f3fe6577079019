/**
 * Exact running bucket totals of histogram series: every delta a histogram writer stores is
 * also added bucket-wise here, so the per-bucket observation counts since the series was
 * created are known exactly (what a Prometheus `_bucket` series or a latency SLI needs),
 * whatever the ring capacity.
 *
 * - Explicit bounds: observations per bucket `k`, i.e. `(bounds[k-1], bounds[k]]` (OTLP's
 *   `bucket_counts` layout, not summed across buckets), held for the range of buckets that
 *   ever received one (see {@link ExplicitBucketTotals.offset}). Bounds are interned. When a
 *   point arrives with other bounds, the totals move to the new bounds: each old bucket's
 *   count goes to the new bucket holding its upper bound (the overflow bucket to the new
 *   overflow bucket), so no observation is lost and counts at bounds both sets share stay
 *   exact.
 * - Exponential: see `exponential-totals.ts`.
 */

/** Interns bucket bounds so series share one array per distinct bounds. */
export type BoundsInterner = (bounds: readonly number[]) => readonly number[];

/** Most buckets per side of an exponential histogram's running totals. */
export const MAX_EXPONENTIAL_BUCKETS = 160;

/** Running totals of an explicit-bounds histogram. */
export interface ExplicitBucketTotals {
  /** Interned bounds; never mutated. */
  bounds: readonly number[];
  /**
   * Index of the bucket `counts[0]` counts: only the range of buckets that ever received an
   * observation is held (buckets outside it are empty), since most series fill a few.
   */
  offset: number;
  /** Observations per bucket, from bucket `offset` on. */
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

/** A run of bucket counts starting at bucket `offset`. */
export interface CountRun {
  offset: number;
  counts: number[];
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** All `bounds.length + 1` bucket counts of explicit totals. */
export function explicitCounts(totals: ExplicitBucketTotals): number[] {
  const out = new Array<number>(totals.bounds.length + 1).fill(0);
  for (let k = 0; k < totals.counts.length; k++)
    out[totals.offset + k] = totals.counts[k] as number;
  return out;
}

/** Moves totals to new bounds (see the module comment). */
function rebucket(totals: ExplicitBucketTotals, bounds: readonly number[]): ExplicitBucketTotals {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  const old = totals.bounds;
  let j = 0;
  for (let k = 0; k < totals.counts.length; k++) {
    const i = totals.offset + k;
    const upper = i < old.length ? (old[i] as number) : Infinity;
    while (j < bounds.length && (bounds[j] as number) < upper) j++;
    counts[j] = (counts[j] as number) + (totals.counts[k] as number);
  }
  const out: ExplicitBucketTotals = { bounds, offset: 0, counts: [] };
  addRun(out, 0, counts, counts.length);
  return out;
}

/**
 * Adds an explicit-bounds delta: `deltas[k]` for `k <= bounds.length`, or, when the point
 * carried no bucket counts (`hasBuckets` false), `count` observations in the overflow bucket.
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
  let out: ExplicitBucketTotals;
  if (totals === undefined || !('bounds' in totals)) {
    out = { bounds: intern(hasBuckets ? bounds : EMPTY), offset: 0, counts: [] };
  } else if (hasBuckets && !sameBounds(totals.bounds, bounds)) {
    out = rebucket(totals, intern(bounds));
  } else {
    // Same bounds, or a point without buckets: its count goes to the overflow bucket.
    out = totals;
  }
  if (hasBuckets) {
    addRun(out, 0, deltas, bounds.length + 1);
  } else if (count > 0) {
    addRun(out, out.bounds.length, [count], 1);
  }
  return out;
}

const EMPTY: readonly number[] = Object.freeze([]);

/**
 * Adds `delta[0..length)` (bucket `deltaOffset + j`) into `run`, widening it to the
 * non-empty part of the delta. Arrays are allocated at their exact size: `push` would leave
 * spare capacity in every series.
 */
export function addRun(
  run: CountRun,
  deltaOffset: number,
  dc: readonly number[],
  length: number,
): void {
  let first = -1;
  let last = -1;
  for (let j = 0; j < length; j++) {
    if ((dc[j] as number) > 0) {
      if (first < 0) first = j;
      last = j;
    }
  }
  if (first < 0) return;
  const from = deltaOffset + first;
  const to = deltaOffset + last;
  if (run.counts.length === 0) {
    run.offset = from;
    run.counts = new Array<number>(to - from + 1).fill(0);
  } else {
    const end = run.offset + run.counts.length - 1;
    if (from < run.offset || to > end) {
      const lo = Math.min(from, run.offset);
      const hi = Math.max(to, end);
      const wider = new Array<number>(hi - lo + 1).fill(0);
      for (let k = 0; k < run.counts.length; k++) {
        wider[run.offset - lo + k] = run.counts[k] as number;
      }
      run.offset = lo;
      run.counts = wider;
    }
  }
  for (let j = first; j <= last; j++) {
    const c = dc[j] as number;
    if (c > 0) {
      const at = deltaOffset + j - run.offset;
      run.counts[at] = (run.counts[at] as number) + c;
    }
  }
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
    const offset = t['offset'];
    return (
      Array.isArray(bounds) &&
      bounds.every((b) => typeof b === 'number') &&
      typeof offset === 'number' &&
      Number.isInteger(offset) &&
      offset >= 0 &&
      isCounts(t['counts']) &&
      offset + t['counts'].length <= bounds.length + 1
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
