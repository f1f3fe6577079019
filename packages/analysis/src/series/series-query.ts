/**
 * Read side of the store: series descriptions, recent samples, window aggregates, rollups
 * and merged sketches.
 *
 * A window `(now - W, now]` is answered from a series' ring buffer when the ring reaches
 * back to the window start (or has never wrapped, so it holds everything); otherwise from
 * the finest rollup tier that spans `W` (the coarsest when none does), using every slot that
 * overlaps the window, so the answer may include up to one slot period before the window.
 * Minimum and maximum of histogram kinds always come from the rollups.
 */
import { explicitCounts } from './bucket-totals.js';
import { exponentialAsExplicit } from './exponential-totals.js';
import type { SeriesEntry } from './internal-types.js';
import { LogSketch } from './log-sketch.js';
import {
  H_FIRST_SEEN,
  H_LAST_SEEN,
  H_POINTS,
  H_TOTAL_A,
  H_TOTAL_B,
  type SeriesLayout,
} from './record-layout.js';
import { ringLength, ringSlot } from './ring-buffer.js';
import { arenaMergeSlotInto } from './sketch-arena.js';
import type { RollupSample, Sample, SeriesInfo, SeriesTotals, WindowAggregate } from './types.js';

/** A description of a series. */
export function describe(entry: SeriesEntry): SeriesInfo {
  const { buf, base } = entry;
  const handle = entry.handle;
  const layout = handle.layout;
  const ringBase = base + layout.ringBase;
  const samples = ringLength(buf, ringBase);
  return {
    id: entry.id,
    metric: handle.name,
    kind: handle.kind,
    unit: handle.unit,
    resource: handle.prefix.resource,
    scope: handle.prefix.scope,
    attributes: entry.attributes,
    overflow: entry.overflow,
    stale: entry.stale,
    samples,
    points: buf[base + H_POINTS] as number,
    firstSeenMillis: buf[base + H_FIRST_SEEN] as number,
    lastSeenMillis: buf[base + H_LAST_SEEN] as number,
    lastSampleMillis:
      samples > 0
        ? (buf[ringSlot(buf, ringBase, layout.ringCapacity, samples - 1)] as number)
        : undefined,
  };
}

/** The running totals of a counter or distribution series; undefined for other kinds. */
export function totalsOf(entry: SeriesEntry): SeriesTotals | undefined {
  const { buf, base } = entry;
  const layout = entry.handle.layout;
  if (layout.distribution) {
    const out: SeriesTotals = {
      count: buf[base + H_TOTAL_A] as number,
      sum: buf[base + H_TOTAL_B] as number,
    };
    const b = entry.buckets;
    if (b === undefined) return out;
    if ('bounds' in b) {
      out.buckets = { bounds: b.bounds, counts: explicitCounts(b) };
    } else {
      out.buckets = exponentialAsExplicit(b);
      out.exponential = {
        scale: b.scale,
        zeroCount: b.zeroCount,
        zeroThreshold: b.zeroThreshold,
        positive: { offset: b.positive.offset, counts: b.positive.counts.slice() },
        negative: { offset: b.negative.offset, counts: b.negative.counts.slice() },
      };
    }
    return out;
  }
  if (layout.kind === 'counter') return { count: 0, sum: buf[base + H_TOTAL_A] as number };
  return undefined;
}

/** The newest `limit` samples, oldest first. */
export function recentSamples(entry: SeriesEntry, limit: number): Sample[] {
  const { buf, base } = entry;
  const layout = entry.handle.layout;
  const ringBase = base + layout.ringBase;
  const cap = layout.ringCapacity;
  const len = ringLength(buf, ringBase);
  const n = Math.max(0, Math.min(len, Math.floor(limit)));
  const out: Sample[] = [];
  for (let i = len - n; i < len; i++) {
    const at = ringSlot(buf, ringBase, cap, i);
    const sample: Sample = { timeMillis: buf[at] as number, value: NaN };
    if (layout.distribution) {
      sample.count = buf[at + cap] as number;
      sample.value = buf[at + 2 * cap] as number;
    } else {
      sample.value = buf[at + cap] as number;
    }
    out.push(sample);
  }
  return out;
}

/** Index of the tier answering a window of `windowMillis`. */
export function tierFor(layout: SeriesLayout, windowMillis: number): number {
  for (let t = 0; t < layout.tiers.length; t++) {
    const tier = layout.tiers[t] as { slots: number };
    if ((layout.periodMillis[t] as number) * tier.slots >= windowMillis) return t;
  }
  return layout.tiers.length - 1;
}

/**
 * Calls `visit(slot, epoch)` for each valid slot of tier `t` overlapping `(from, to]`,
 * oldest first.
 */
export function forEachSlot(
  entry: SeriesEntry,
  t: number,
  fromMillis: number,
  toMillis: number,
  visit: (at: number, slot: number, epoch: number) => void,
): void {
  const layout = entry.handle.layout;
  const tb = entry.base + (layout.tierBase[t] as number);
  const stored = entry.buf[tb] as number;
  if (stored === 0) return;
  const current = stored - 1;
  const slots = (layout.tiers[t] as { slots: number }).slots;
  const period = layout.periodMillis[t] as number;
  const first = Math.max(Math.floor(fromMillis / period), current - slots + 1);
  const last = Math.min(Math.floor(toMillis / period), current);
  for (let e = first; e <= last; e++) {
    const slot = e % slots;
    visit(tb + 1 + slot * layout.aggFields, slot, e);
  }
}

/**
 * The non-empty slots of the tier with `periodSeconds`, oldest first; undefined for an
 * unknown period.
 */
export function rollupSamples(
  entry: SeriesEntry,
  periodSeconds: number,
): RollupSample[] | undefined {
  const layout = entry.handle.layout;
  const t = layout.tiers.findIndex((tier) => tier.periodSeconds === periodSeconds);
  if (t < 0) return undefined;
  const out: RollupSample[] = [];
  const buf = entry.buf;
  const period = layout.periodMillis[t] as number;
  forEachSlot(entry, t, -Infinity, Infinity, (at, _slot, epoch) => {
    const four = layout.aggFields === 4;
    const count = buf[at] as number;
    if (count === 0) return;
    out.push({
      startMillis: epoch * period,
      periodSeconds,
      count,
      sum: buf[at + 1] as number,
      min: four && count > 0 ? (buf[at + 2] as number) : NaN,
      max: four && count > 0 ? (buf[at + 3] as number) : NaN,
    });
  });
  return out;
}

/** An empty aggregate to accumulate into. */
export function emptyAggregate(): WindowAggregate {
  return {
    count: 0,
    sum: 0,
    min: NaN,
    max: NaN,
    last: NaN,
    lastTimeMillis: NaN,
    rate: NaN,
    series: 0,
    source: 'ring',
    resolutionSeconds: 0,
  };
}

function takeMin(acc: WindowAggregate, v: number): void {
  if (v === v && v !== Infinity && !(v >= acc.min)) acc.min = v;
}
function takeMax(acc: WindowAggregate, v: number): void {
  if (v === v && v !== -Infinity && !(v <= acc.max)) acc.max = v;
}

/** Adds one series' aggregate over `(fromMillis, toMillis]` to `acc`. */
export function accumulateWindow(
  acc: WindowAggregate,
  entry: SeriesEntry,
  fromMillis: number,
  toMillis: number,
): void {
  const { buf, base } = entry;
  const layout = entry.handle.layout;
  const ringBase = base + layout.ringBase;
  const cap = layout.ringCapacity;
  const len = ringLength(buf, ringBase);
  const windowMillis = toMillis - fromMillis;
  const oldest = len > 0 ? (buf[ringSlot(buf, ringBase, cap, 0)] as number) : Infinity;
  const fromRing = len < cap || oldest <= fromMillis;
  let count = 0;
  let sum = 0;
  // Newest sample in the window: the series' "last".
  for (let i = len - 1; i >= 0; i--) {
    const at = ringSlot(buf, ringBase, cap, i);
    const time = buf[at] as number;
    if (time > toMillis) continue;
    if (time > fromMillis && !(time <= acc.lastTimeMillis)) {
      acc.lastTimeMillis = time;
      acc.last = (layout.distribution ? buf[at + 2 * cap] : buf[at + cap]) as number;
    }
    break;
  }
  const t = tierFor(layout, windowMillis);
  if (fromRing) {
    for (let i = len - 1; i >= 0; i--) {
      const at = ringSlot(buf, ringBase, cap, i);
      const time = buf[at] as number;
      if (time <= fromMillis) break;
      if (time > toMillis) continue;
      const a = buf[at + cap] as number;
      if (layout.distribution) {
        count += a;
        const s = buf[at + 2 * cap] as number;
        if (s === s) sum += s;
      } else {
        count += 1;
        sum += a;
        takeMin(acc, a);
        takeMax(acc, a);
      }
    }
  } else {
    acc.source = 'rollup';
    acc.resolutionSeconds = Math.max(
      acc.resolutionSeconds,
      (layout.tiers[t] as { periodSeconds: number }).periodSeconds,
    );
  }
  forEachSlot(entry, t, fromMillis, toMillis, (at) => {
    if (!fromRing) {
      count += buf[at] as number;
      sum += buf[at + 1] as number;
    }
    if (layout.aggFields === 4 && (layout.distribution || !fromRing)) {
      takeMin(acc, buf[at + 2] as number);
      takeMax(acc, buf[at + 3] as number);
    }
  });
  acc.count += count;
  acc.sum += sum;
  acc.series += 1;
  const seconds = windowMillis / 1000;
  const rate = layout.distribution
    ? count / seconds
    : layout.kind === 'counter'
      ? sum / seconds
      : NaN;
  if (rate === rate) acc.rate = (acc.rate === acc.rate ? acc.rate : 0) + rate;
}

/**
 * Merges into `sketch` the sketches of the slots of `entry` overlapping `(from, to]` in the
 * tier answering that window. Returns false when the series has no sketches.
 */
export function mergeWindowSketch(
  sketch: LogSketch,
  entry: SeriesEntry,
  fromMillis: number,
  toMillis: number,
): boolean {
  const arena = entry.arena;
  const layout = entry.handle.layout;
  if (arena === undefined || !layout.sketch) return false;
  const buf = entry.buf;
  const t = tierFor(layout, toMillis - fromMillis);
  const slotBase = layout.sketchSlotBase[t] as number;
  forEachSlot(entry, t, fromMillis, toMillis, (at, slot) => {
    arenaMergeSlotInto(arena, slotBase + slot, sketch);
    const count = buf[at] as number;
    if (count <= 0) return;
    const four = layout.aggFields === 4;
    const min = four ? (buf[at + 2] as number) : Infinity;
    const max = four ? (buf[at + 3] as number) : -Infinity;
    sketch.addSummary(count, buf[at + 1] as number, min, max);
  });
  return true;
}

/** A fresh sketch for merging, with the store's parameters. */
export function newSketch(relativeAccuracy: number, maxBuckets: number): LogSketch {
  return new LogSketch({ relativeAccuracy, maxBuckets });
}
