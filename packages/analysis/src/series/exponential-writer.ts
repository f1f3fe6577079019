/**
 * Exponential histograms: cumulative-to-delta at a common scale, and feeding the sketches.
 *
 * At scale `s` the bucket of index `i` covers `(base^i, base^(i+1)]` with
 * `base = 2^(2^-s)` (OTLP data model). Two points of different scales are compared at the
 * smaller scale: downscaling by `d` merges buckets `i` into `i >> d` (an arithmetic shift,
 * which floors for negative indices too). A scale change is therefore not a reset; a
 * decrease of the count, the zero count or any bucket (at the common scale) is.
 *
 * Sketch representatives are bucket midpoints in log space, `base^(i + 1/2)`, within
 * `sqrt(base) - 1` relative error of every value in the bucket (4.4% at scale 3, 0.27% at
 * scale 8), on top of the sketch's relative accuracy. The zero bucket is represented by 0.
 * Representatives are clamped to the observed range, as in `histogram-writer.ts`.
 */
import { AggregationTemporality } from '../otlp/model.js';
import type { ExponentialBuckets, ExponentialHistogramDataPoint } from '../otlp/model.js';
import {
  admitTemporalPoint,
  firstPointEmits,
  holdCountSumReference,
  recordReferenceTime,
  resetEmits,
} from './cumulative.js';
import type { NormaliserContext } from './cumulative.js';
import { addExponentialBuckets, downscaleSide as downscale } from './exponential-totals.js';

export { downscale };
import type { ExponentialReference, ExponentialSide, SeriesEntry } from './internal-types.js';
import { H_HAS_REF, H_LAST_TIME, H_REF_A, H_REF_B, H_REF_START } from './record-layout.js';
import { appendSample, sketchValue } from './sample-writer.js';
import { WRITE_RESET, WriteOutcome } from './write-outcome.js';

function toSide(side: ExponentialBuckets | ExponentialSide): ExponentialSide {
  return 'bucketCounts' in side ? { offset: side.offset, counts: side.bucketCounts.slice() } : side;
}

/** `current - previous` bucket-wise (same scale); `decreased` when any difference is negative. */
function subtract(
  current: ExponentialSide,
  previous: ExponentialSide,
): { side: ExponentialSide; decreased: boolean } {
  const cur = current.counts;
  const prev = previous.counts;
  if (prev.length === 0) return { side: current, decreased: false };
  if (cur.length === 0) return { side: current, decreased: prev.some((c) => c > 0) };
  const first = Math.min(current.offset, previous.offset);
  const end = Math.max(current.offset + cur.length, previous.offset + prev.length);
  const out = new Array<number>(end - first).fill(0);
  let decreased = false;
  for (let i = first; i < end; i++) {
    const c = cur[i - current.offset] ?? 0;
    const p = prev[i - previous.offset] ?? 0;
    const d = c - p;
    if (d < 0) decreased = true;
    out[i - first] = d;
  }
  return { side: { offset: first, counts: out }, decreased };
}

/** Representative of bucket `index` at `scale`: `2^((index + 0.5) * 2^-scale)`. */
export function exponentialRepresentative(scale: number, index: number): number {
  return Math.pow(2, (index + 0.5) * Math.pow(2, -scale));
}

function extremeIndex(side: ExponentialSide, highest: boolean): number | undefined {
  const c = side.counts;
  if (highest) {
    for (let j = c.length - 1; j >= 0; j--) if ((c[j] as number) > 0) return side.offset + j;
  } else {
    for (let j = 0; j < c.length; j++) if ((c[j] as number) > 0) return side.offset + j;
  }
  return undefined;
}

function storeDelta(
  context: NormaliserContext,
  entry: SeriesEntry,
  time: number,
  scale: number,
  count: number,
  sum: number,
  zeroCount: number,
  positive: ExponentialSide,
  negative: ExponentialSide,
  min: number | undefined,
  max: number | undefined,
  zeroThreshold: number,
  floor = -Infinity,
  ceiling = Infinity,
): void {
  const clamp = (v: number): number => (v < floor ? floor : v > ceiling ? ceiling : v);
  let minValue = min;
  let maxValue = max;
  if (minValue === undefined) {
    const n = extremeIndex(negative, true);
    const p = extremeIndex(positive, false);
    minValue =
      n !== undefined
        ? -exponentialRepresentative(scale, n)
        : zeroCount > 0
          ? 0
          : p !== undefined
            ? exponentialRepresentative(scale, p)
            : NaN;
  }
  if (maxValue === undefined) {
    const p = extremeIndex(positive, true);
    const n = extremeIndex(negative, false);
    maxValue =
      p !== undefined
        ? exponentialRepresentative(scale, p)
        : zeroCount > 0
          ? 0
          : n !== undefined
            ? -exponentialRepresentative(scale, n)
            : NaN;
  }
  if (min === undefined && minValue === minValue) minValue = clamp(minValue);
  if (max === undefined && maxValue === maxValue) maxValue = clamp(maxValue);
  appendSample(entry, time, count, sum, minValue, maxValue, entry.overflow);
  entry.buckets = addExponentialBuckets(
    entry.buckets,
    scale,
    zeroCount,
    zeroThreshold,
    positive,
    negative,
  );
  if (!entry.handle.layout.sketch) return;
  if (zeroCount > 0) sketchValue(context, entry, clamp(0), zeroCount);
  for (let j = 0; j < positive.counts.length; j++) {
    const c = positive.counts[j] as number;
    if (c > 0)
      sketchValue(context, entry, clamp(exponentialRepresentative(scale, positive.offset + j)), c);
  }
  for (let j = 0; j < negative.counts.length; j++) {
    const c = negative.counts[j] as number;
    if (c > 0)
      sketchValue(context, entry, clamp(-exponentialRepresentative(scale, negative.offset + j)), c);
  }
}

/**
 * Stores a point's whole buckets as one delta; `extremes` passes the point's min and max
 * on (true only for delta points, whose min and max cover exactly that delta).
 */
function storeWhole(
  context: NormaliserContext,
  entry: SeriesEntry,
  point: ExponentialHistogramDataPoint,
  sum: number,
  positive: ExponentialSide,
  negative: ExponentialSide,
  extremes: boolean,
): void {
  storeDelta(
    context,
    entry,
    point.timeUnixNano,
    point.scale,
    point.count,
    sum,
    point.zeroCount,
    positive,
    negative,
    extremes ? point.min : undefined,
    extremes ? point.max : undefined,
    point.zeroThreshold,
    extremes ? (point.min ?? -Infinity) : -Infinity,
    extremes ? (point.max ?? Infinity) : Infinity,
  );
}

/** Writes an exponential histogram point. The point has been validated. */
export function writeExponentialPoint(
  context: NormaliserContext,
  entry: SeriesEntry,
  temporality: number,
  point: ExponentialHistogramDataPoint,
  nowMillis: number,
): number {
  const time = point.timeUnixNano;
  const admitted = admitTemporalPoint(entry, time, point.flags, temporality, nowMillis);
  if (admitted >= 0) return admitted;
  const sum = point.sum ?? NaN;
  const pos: ExponentialSide = {
    offset: point.positive.offset,
    counts: point.positive.bucketCounts,
  };
  const neg: ExponentialSide = {
    offset: point.negative.offset,
    counts: point.negative.bucketCounts,
  };
  if (temporality === AggregationTemporality.DELTA) {
    storeWhole(context, entry, point, sum, pos, neg, true);
    return WriteOutcome.STORED;
  }
  const buf = entry.buf;
  const base = entry.base;
  const start = point.startTimeUnixNano;
  const last = buf[base + H_LAST_TIME] as number;
  const ref = entry.reference as ExponentialReference | undefined;
  let reset = 0;
  let stored = false;
  if (buf[base + H_HAS_REF] !== 1 || ref === undefined) {
    if (firstPointEmits(context, start, last)) {
      // The point's min and max cover its whole cumulative window: what is emitted here.
      storeWhole(context, entry, point, sum, pos, neg, true);
      stored = true;
    }
  } else {
    const scale = Math.min(ref.scale, point.scale);
    const p = subtract(
      downscale(pos, point.scale - scale),
      downscale(ref.positive, ref.scale - scale),
    );
    const n = subtract(
      downscale(neg, point.scale - scale),
      downscale(ref.negative, ref.scale - scale),
    );
    const zero = point.zeroCount - ref.zeroCount;
    const decreased =
      point.count < (buf[base + H_REF_A] as number) || zero < 0 || p.decreased || n.decreased;
    if ((start !== 0 && start !== buf[base + H_REF_START]) || decreased) {
      reset = WRITE_RESET;
      if (resetEmits(start, last, decreased)) {
        storeWhole(context, entry, point, sum, pos, neg, true);
        stored = true;
      }
    } else {
      const count = point.count - (buf[base + H_REF_A] as number);
      storeDelta(
        context,
        entry,
        time,
        scale,
        count,
        sum - (buf[base + H_REF_B] as number),
        zero,
        p.side,
        n.side,
        undefined,
        undefined,
        point.zeroThreshold,
        // The delta's observations lie within the cumulative window's min and max.
        point.min ?? -Infinity,
        point.max ?? Infinity,
      );
      stored = true;
    }
  }
  if (!stored) recordReferenceTime(entry, time);
  entry.reference = {
    scale: point.scale,
    zeroCount: point.zeroCount,
    positive: toSide(point.positive),
    negative: toSide(point.negative),
  };
  holdCountSumReference(entry, start, point.count, sum);
  return (stored ? WriteOutcome.STORED : WriteOutcome.REFERENCE) | reset;
}
