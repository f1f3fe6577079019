/**
 * Ordering checks and cumulative-to-delta conversion for number points (sums and gauges),
 * plus the shared rules the histogram writers follow.
 *
 * Rules, per stream (compare the Collector's `cumulativetodelta` processor):
 *
 * 1. Ordering. A point whose time equals the stream's last accepted point is a duplicate;
 *    an older one is out of order. Both are dropped and counted. (Overflow streams, which
 *    mix many streams, merge such points instead.)
 * 2. No-recorded-value points (`FLAG_NO_RECORDED_VALUE`) mark the stream stale and drop its
 *    cumulative reference; they store nothing.
 * 3. First point of a cumulative run (no reference held): it becomes the reference. Its
 *    whole value is emitted as a delta only if its start time shows that everything it
 *    counts happened while we were watching: `start_time_unix_nano` is set and is at or
 *    after both the store's start and the stream's previous point. Otherwise it emits
 *    nothing (`initialValue: 'auto'`, as the Collector's `initial_value: auto`); `keep`
 *    and `drop` force either way.
 * 4. Reset: the start time changed, the value (count, or any bucket) decreased, or the
 *    histogram bounds changed. The point becomes the new reference. Its whole value is
 *    emitted as a delta when the new run provably began after the last point (start time
 *    set and at or after the last point's time), or, when the producer sends no start
 *    time, on a decrease (the counter restarted from zero, as Prometheus' `increase()`
 *    assumes). Otherwise (e.g. start time moved backwards: two producers sharing one
 *    identity) it is a reference only. Resets are counted.
 * 5. Otherwise the delta is `value - reference`, and the point becomes the reference.
 *
 * Non-monotonic sums are levels: a cumulative one is stored as is, a delta one is added to
 * the running level. Gauges are stored as is. A change of temporality drops the reference.
 */
import { AggregationTemporality, FLAG_NO_RECORDED_VALUE } from '../otlp/model.js';
import type { NumberDataPoint } from '../otlp/model.js';
import type { SeriesEntry } from './internal-types.js';
import {
  H_FIRST_SEEN,
  H_HAS_REF,
  H_LAST_SEEN,
  H_LAST_TIME,
  H_REF_A,
  H_REF_B,
  H_REF_START,
  H_TEMPORALITY,
} from './record-layout.js';
import { appendSample, sketchValue } from './sample-writer.js';
import type { WriterContext } from './sample-writer.js';
import { WRITE_RESET, WriteOutcome } from './write-outcome.js';

/** Store-wide parameters of the normalisers. */
export interface NormaliserContext extends WriterContext {
  /** The store's start time in ns, for `initialValue: 'auto'`. */
  readonly startTimeNanos: number;
  readonly initialValue: 'auto' | 'keep' | 'drop';
}

/**
 * Rules 1 and 2 plus bookkeeping common to every kind. Returns an outcome to stop with, or
 * -1 to continue. Records the arrival and the temporality (dropping the reference when it
 * changed).
 */
export function admitPoint(
  entry: SeriesEntry,
  timeNanos: number,
  flags: number,
  temporality: number,
  nowMillis: number,
): number {
  const buf = entry.buf;
  const base = entry.base;
  const last = buf[base + H_LAST_TIME] as number;
  if (!entry.overflow && last !== 0) {
    if (timeNanos === last) return WriteOutcome.DUPLICATE;
    if (timeNanos < last) return WriteOutcome.OUT_OF_ORDER;
  }
  if (buf[base + H_FIRST_SEEN] === 0) buf[base + H_FIRST_SEEN] = nowMillis;
  buf[base + H_LAST_SEEN] = nowMillis;
  if (buf[base + H_TEMPORALITY] !== temporality) {
    buf[base + H_TEMPORALITY] = temporality;
    buf[base + H_HAS_REF] = 0;
  }
  if ((flags & FLAG_NO_RECORDED_VALUE) !== 0) {
    // One overflowed stream ending does not make the shared overflow stream stale.
    if (entry.overflow) return WriteOutcome.STALE_MARKER;
    buf[base + H_HAS_REF] = 0;
    if (timeNanos > last) buf[base + H_LAST_TIME] = timeNanos;
    entry.stale = true;
    return WriteOutcome.STALE_MARKER;
  }
  entry.stale = false;
  return -1;
}

/**
 * `admitPoint` for kinds that may be delta or cumulative: a cumulative point cannot be
 * merged into an overflow stream (see WriteOutcome) and is dropped first.
 */
export function admitTemporalPoint(
  entry: SeriesEntry,
  timeNanos: number,
  flags: number,
  temporality: number,
  nowMillis: number,
): number {
  if (entry.overflow && temporality === AggregationTemporality.CUMULATIVE) {
    return WriteOutcome.OVERFLOW_DROPPED;
  }
  return admitPoint(entry, timeNanos, flags, temporality, nowMillis);
}

/** Rule 3: whether a run's first point emits its whole value. `last` is the previous point time. */
export function firstPointEmits(context: NormaliserContext, start: number, last: number): boolean {
  if (context.initialValue === 'keep') return true;
  if (context.initialValue === 'drop') return false;
  return start !== 0 && start >= context.startTimeNanos && start >= last;
}

/** Rule 4: whether a reset point emits its whole value. */
export function resetEmits(start: number, last: number, decreased: boolean): boolean {
  return start !== 0 ? start >= last : decreased;
}

/** Marks a reference-only point: records its time so later points are ordered against it. */
export function recordReferenceTime(entry: SeriesEntry, timeNanos: number): void {
  entry.buf[entry.base + H_LAST_TIME] = timeNanos;
}

/**
 * Makes a histogram or summary point the stream's cumulative reference: its start time,
 * count and sum (the bucket counts, where there are any, are kept by the writer).
 */
export function holdCountSumReference(
  entry: SeriesEntry,
  start: number,
  count: number,
  sum: number,
): void {
  const buf = entry.buf;
  const base = entry.base;
  buf[base + H_REF_A] = count;
  buf[base + H_REF_B] = sum;
  buf[base + H_REF_START] = start;
  buf[base + H_HAS_REF] = 1;
}

/**
 * Writes a gauge or sum point. `monotonic` is false for gauges' sibling, the non-monotonic
 * sum (`kind` `updowncounter`); gauges pass temporality UNSPECIFIED.
 */
export function writeNumberPoint(
  context: NormaliserContext,
  entry: SeriesEntry,
  temporality: number,
  point: NumberDataPoint,
  nowMillis: number,
): number {
  const time = point.timeUnixNano;
  const admitted = admitTemporalPoint(entry, time, point.flags, temporality, nowMillis);
  if (admitted >= 0) return admitted;
  const kind = entry.handle.kind;
  const value = point.value;
  const buf = entry.buf;
  const base = entry.base;
  const merge = entry.overflow;
  if (kind === 'gauge') {
    appendSample(entry, time, value, 0, value, value, merge);
    sketchValue(context, entry, value, 1);
    return WriteOutcome.STORED;
  }
  if (kind === 'updowncounter') {
    let level = value;
    if (temporality === AggregationTemporality.DELTA) {
      level = (buf[base + H_HAS_REF] === 1 ? (buf[base + H_REF_A] as number) : 0) + value;
      buf[base + H_REF_A] = level;
      buf[base + H_HAS_REF] = 1;
    }
    appendSample(entry, time, level, 0, level, level, merge);
    sketchValue(context, entry, level, 1);
    return WriteOutcome.STORED;
  }
  // Monotonic counter.
  if (temporality === AggregationTemporality.DELTA) {
    appendSample(entry, time, value, 0, value, value, merge);
    return WriteOutcome.STORED;
  }
  const start = point.startTimeUnixNano;
  const last = buf[base + H_LAST_TIME] as number;
  let delta: number;
  let reset = 0;
  if (buf[base + H_HAS_REF] !== 1) {
    delta = firstPointEmits(context, start, last) ? value : NaN;
  } else {
    const refStart = buf[base + H_REF_START] as number;
    const refValue = buf[base + H_REF_A] as number;
    const decreased = value < refValue;
    if ((start !== 0 && start !== refStart) || decreased) {
      reset = WRITE_RESET;
      delta = resetEmits(start, last, decreased) ? value : NaN;
    } else {
      delta = value - refValue;
    }
  }
  buf[base + H_REF_START] = start;
  buf[base + H_REF_A] = value;
  buf[base + H_HAS_REF] = 1;
  if (delta !== delta) {
    recordReferenceTime(entry, time);
    return WriteOutcome.REFERENCE | reset;
  }
  appendSample(entry, time, delta, 0, delta, delta);
  return WriteOutcome.STORED | reset;
}
