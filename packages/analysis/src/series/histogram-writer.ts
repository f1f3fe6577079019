/**
 * Explicit-bounds histograms and summaries: bucket-wise cumulative-to-delta (rules in
 * `cumulative.ts`; a change of bounds is a reset) and feeding the sketches.
 *
 * Sketches get one representative value per non-empty bucket, weighted by its count:
 * - an inner bucket `(lo, hi]` with `lo > 0` uses the geometric mean `sqrt(lo * hi)` (the
 *   point minimising the worst relative error), with `hi < 0` its negative, and a bucket
 *   straddling zero the midpoint;
 * - the first bucket `(-inf, b0]` uses the point's `min` as its lower end when known (delta
 *   points), else `b0 / 2` for `b0 > 0` (observations assumed non-negative) or `b0`;
 * - the overflow bucket `(bN, +inf)` uses `max` as its upper end when known, else `bN`.
 *
 * Every representative is clamped to the observed range: the point's `min`/`max` when they
 * cover exactly the stored observations (delta points, cumulative points stored whole), else
 * the cumulative window's `min`/`max`, which bound any delta taken from it. A single
 * observation of 420 in `(250, 500]` is thus 420, not 353.55.
 *
 * Error this adds: a value anywhere in `(lo, hi]` is represented within a relative error of
 * `sqrt(hi / lo) - 1`, on top of the sketch's own relative accuracy. For
 * `DURATION_BUCKETS_SECONDS` (ratios 2 to 3 between bounds) that is 41% to 73% in the worst
 * case (a quantile that falls right at a bucket edge); quantiles from explicit buckets are
 * only as precise as the buckets, as with Prometheus' `histogram_quantile`. Exponential
 * histograms carry far finer buckets (see `exponential-writer.ts`).
 */
import { AggregationTemporality } from '../otlp/model.js';
import type { HistogramDataPoint, SummaryDataPoint } from '../otlp/model.js';
import {
  admitPoint,
  admitTemporalPoint,
  firstPointEmits,
  holdCountSumReference,
  recordReferenceTime,
  resetEmits,
} from './cumulative.js';
import type { NormaliserContext } from './cumulative.js';
import { addExplicitBuckets } from './bucket-totals.js';
import type { BoundsInterner } from './bucket-totals.js';
import type { HistogramReference, SeriesEntry } from './internal-types.js';
import { H_HAS_REF, H_LAST_TIME, H_REF_A, H_REF_B, H_REF_START } from './record-layout.js';
import { appendSample, sketchValue } from './sample-writer.js';
import { WRITE_RESET, WriteOutcome } from './write-outcome.js';

export type { BoundsInterner };

let scratch: number[] = [];

/** The representative value of bucket `k` (see the module comment); NaN when unknown. */
export function bucketRepresentative(
  bounds: readonly number[],
  k: number,
  min: number | undefined,
  max: number | undefined,
): number {
  const n = bounds.length;
  let lo: number | undefined = k === 0 ? undefined : bounds[k - 1];
  let hi: number | undefined = k === n ? undefined : bounds[k];
  if (
    lo === undefined &&
    min !== undefined &&
    Number.isFinite(min) &&
    (hi === undefined || min <= hi)
  ) {
    lo = min;
  }
  if (
    hi === undefined &&
    max !== undefined &&
    Number.isFinite(max) &&
    (lo === undefined || max > lo)
  ) {
    hi = max;
  }
  if (lo === undefined) {
    if (hi === undefined) return NaN;
    return hi > 0 ? hi / 2 : hi;
  }
  if (hi === undefined) return lo;
  if (lo > 0) return Math.sqrt(lo * hi);
  if (hi < 0) return -Math.sqrt(lo * hi);
  return (lo + hi) / 2;
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The first and last non-empty bucket of `deltas` ([-1, -1] when all are empty). */
function extent(deltas: readonly number[], nBuckets: number): [number, number] {
  let lowest = -1;
  let highest = -1;
  for (let k = 0; k < nBuckets; k++) {
    if ((deltas[k] as number) > 0) {
      if (lowest < 0) lowest = k;
      highest = k;
    }
  }
  return [lowest, highest];
}

/**
 * Stores a delta (count, sum, buckets) and feeds its buckets to the sketches; `lowest` and
 * `highest` are its first and last non-empty buckets (-1 when none).
 */
function storeDelta(
  context: NormaliserContext,
  entry: SeriesEntry,
  time: number,
  count: number,
  sum: number,
  bounds: readonly number[],
  deltas: readonly number[],
  lowest: number,
  highest: number,
  min: number | undefined,
  max: number | undefined,
  intern: BoundsInterner,
  nBuckets: number,
  floor = -Infinity,
  ceiling = Infinity,
): void {
  const clamp = (v: number): number => (v < floor ? floor : v > ceiling ? ceiling : v);
  const minValue =
    min ?? (lowest >= 0 ? clamp(bucketRepresentative(bounds, lowest, min, max)) : NaN);
  const maxValue =
    max ?? (highest >= 0 ? clamp(bucketRepresentative(bounds, highest, min, max)) : NaN);
  appendSample(entry, time, count, sum, minValue, maxValue, entry.overflow);
  // `deltas` may be a longer scratch array; `nBuckets` is the point's own bucket count
  // (0 when it sent only count and sum).
  const hasBuckets = nBuckets === bounds.length + 1;
  entry.buckets = addExplicitBuckets(entry.buckets, bounds, deltas, hasBuckets, count, intern);
  if (!entry.handle.layout.sketch || lowest < 0) return;
  for (let k = lowest; k <= highest; k++) {
    const c = deltas[k] as number;
    if (c > 0) sketchValue(context, entry, clamp(bucketRepresentative(bounds, k, min, max)), c);
  }
}

/**
 * Stores a point's whole bucket counts as one delta; `extremes` passes the point's min and
 * max on (true when they cover exactly the stored observations: a delta point, or a
 * cumulative point stored whole).
 */
function storeWhole(
  context: NormaliserContext,
  entry: SeriesEntry,
  point: HistogramDataPoint,
  sum: number,
  extremes: boolean,
  intern: BoundsInterner,
): void {
  const counts = point.bucketCounts;
  const [lowest, highest] = extent(counts, counts.length);
  storeDelta(
    context,
    entry,
    point.timeUnixNano,
    point.count,
    sum,
    point.explicitBounds,
    counts,
    lowest,
    highest,
    extremes ? point.min : undefined,
    extremes ? point.max : undefined,
    intern,
    counts.length,
    extremes ? (point.min ?? -Infinity) : -Infinity,
    extremes ? (point.max ?? Infinity) : Infinity,
  );
}

/** Writes an explicit-bounds histogram point. The point has been validated. */
export function writeHistogramPoint(
  context: NormaliserContext,
  entry: SeriesEntry,
  temporality: number,
  point: HistogramDataPoint,
  nowMillis: number,
  intern: BoundsInterner,
): number {
  const time = point.timeUnixNano;
  const admitted = admitTemporalPoint(entry, time, point.flags, temporality, nowMillis);
  if (admitted >= 0) return admitted;
  const bounds = point.explicitBounds;
  const counts = point.bucketCounts;
  const sum = point.sum ?? NaN;
  if (temporality === AggregationTemporality.DELTA) {
    storeWhole(context, entry, point, sum, true, intern);
    return WriteOutcome.STORED;
  }
  const buf = entry.buf;
  const base = entry.base;
  const start = point.startTimeUnixNano;
  const last = buf[base + H_LAST_TIME] as number;
  const ref = entry.reference as HistogramReference | undefined;
  let emit: 'none' | 'whole' | 'delta';
  let reset = 0;
  let lowest = -1;
  let highest = -1;
  if (buf[base + H_HAS_REF] !== 1 || ref === undefined) {
    emit = firstPointEmits(context, start, last) ? 'whole' : 'none';
  } else {
    const n = counts.length;
    const boundsChanged = ref.counts.length !== n || !sameBounds(ref.bounds, bounds);
    let decreased = point.count < (buf[base + H_REF_A] as number);
    if (!boundsChanged) {
      // One pass: bucket deltas, decreases, and the non-empty extent.
      if (scratch.length < n) scratch = new Array<number>(n).fill(0);
      const prev = ref.counts;
      for (let k = 0; k < n; k++) {
        const d = (counts[k] as number) - (prev[k] as number);
        scratch[k] = d;
        if (d > 0) {
          if (lowest < 0) lowest = k;
          highest = k;
        } else if (d < 0) decreased = true;
      }
    }
    if ((start !== 0 && start !== buf[base + H_REF_START]) || decreased || boundsChanged) {
      reset = WRITE_RESET;
      emit = resetEmits(start, last, decreased) ? 'whole' : 'none';
    } else {
      emit = 'delta';
    }
  }
  if (emit === 'whole') {
    // The point's min and max cover its whole cumulative window: what is emitted here.
    storeWhole(context, entry, point, sum, true, intern);
  } else if (emit === 'delta') {
    const count = point.count - (buf[base + H_REF_A] as number);
    const sumDelta = sum - (buf[base + H_REF_B] as number);
    storeDelta(
      context,
      entry,
      time,
      count,
      sumDelta,
      bounds,
      scratch,
      lowest,
      highest,
      undefined,
      undefined,
      intern,
      counts.length,
      // The delta's observations lie within the cumulative window's min and max.
      point.min ?? -Infinity,
      point.max ?? Infinity,
    );
  } else {
    recordReferenceTime(entry, time);
  }
  // The point becomes the reference.
  if (ref !== undefined && ref.counts.length === counts.length) {
    for (let k = 0; k < counts.length; k++) ref.counts[k] = counts[k] as number;
    if (!sameBounds(ref.bounds, bounds)) ref.bounds = intern(bounds);
  } else {
    entry.reference = { bounds: intern(bounds), counts: counts.slice() };
  }
  holdCountSumReference(entry, start, point.count, sum);
  return (emit === 'none' ? WriteOutcome.REFERENCE : WriteOutcome.STORED) | reset;
}

/**
 * Writes a summary's count and sum (always cumulative in OTLP) as deltas, by the scalar
 * rules with the count as the monotonic value. Its quantiles are written by the store as
 * gauge series.
 */
export function writeSummaryPoint(
  context: NormaliserContext,
  entry: SeriesEntry,
  point: SummaryDataPoint,
  nowMillis: number,
): number {
  if (entry.overflow) return WriteOutcome.OVERFLOW_DROPPED;
  const time = point.timeUnixNano;
  const admitted = admitPoint(
    entry,
    time,
    point.flags,
    AggregationTemporality.CUMULATIVE,
    nowMillis,
  );
  if (admitted >= 0) return admitted;
  const buf = entry.buf;
  const base = entry.base;
  const start = point.startTimeUnixNano;
  const last = buf[base + H_LAST_TIME] as number;
  let count: number;
  let sum: number;
  let reset = 0;
  if (buf[base + H_HAS_REF] !== 1) {
    const whole = firstPointEmits(context, start, last);
    count = whole ? point.count : NaN;
    sum = point.sum;
  } else {
    const decreased = point.count < (buf[base + H_REF_A] as number);
    if ((start !== 0 && start !== buf[base + H_REF_START]) || decreased) {
      reset = WRITE_RESET;
      const whole = resetEmits(start, last, decreased);
      count = whole ? point.count : NaN;
      sum = point.sum;
    } else {
      count = point.count - (buf[base + H_REF_A] as number);
      sum = point.sum - (buf[base + H_REF_B] as number);
    }
  }
  holdCountSumReference(entry, start, point.count, point.sum);
  if (count !== count) {
    recordReferenceTime(entry, time);
    return WriteOutcome.REFERENCE | reset;
  }
  appendSample(entry, time, count, sum, NaN, NaN);
  return WriteOutcome.STORED | reset;
}
