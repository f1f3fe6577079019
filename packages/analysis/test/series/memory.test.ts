import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DURATION_BUCKETS_SECONDS } from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { Float64Slab } from '../../src/series/slab.js';
import type { SeriesStore } from '../../src/series/series-store.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { manualClock, ns } from './builders.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap used + array buffers after GC, once stable (array buffers are freed in the background). */
async function usedBytes(): Promise<number> {
  let previous = -1;
  for (let i = 0; i < 10; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const m = process.memoryUsage();
    const used = m.heapUsed + m.arrayBuffers;
    if (Math.abs(used - previous) < 64 * 1024) return used;
    previous = used;
  }
  return previous;
}

/** Fills `n` histogram or gauge series to their steady state (full ring, every rollup slot). */
function fill(store: SeriesStore, n: number, kind: 'histogram' | 'gauge'): void {
  const random = seededRandom(1);
  const prefix = store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' });
  const ref = store.metric(prefix, 'm', kind, 's');
  const times: number[] = [];
  for (let h = 0; h < 23; h++) times.push(h * 3600 + 1800);
  for (let i = 0; i < 37; i++) times.push(23 * 3600 + i * 100);
  for (let i = 0; i < n; i++) {
    const attributes = {
      'heterodyne.operation.name': `operation_${i}`,
      'heterodyne.optimization.method': 'scenario',
    };
    for (const t of times) {
      const base = { attributes, startTimeUnixNano: ns(t - 100), timeUnixNano: ns(t), flags: 0 };
      if (kind === 'gauge') {
        store.writeNumber(ref, 0, { ...base, value: 1 + random(), isInt: false }, 0);
        continue;
      }
      const counts = new Array<number>(DURATION_BUCKETS_SECONDS.length + 1).fill(0);
      const k = 5 + Math.floor(random() * 3);
      counts[k] = 2;
      counts[k + 1] = 1;
      store.writeHistogram(
        ref,
        AggregationTemporality.DELTA,
        {
          ...base,
          count: 3,
          sum: 1,
          bucketCounts: counts,
          explicitBounds: [...DURATION_BUCKETS_SECONDS],
          min: undefined,
          max: undefined,
        },
        0,
      );
    }
  }
}

describe('memory estimate', () => {
  it.each(['histogram', 'gauge'] as const)(
    'matches the measured heap + array-buffer growth of %s series within 35%',
    async (kind) => {
      const n = 4000;
      const before = await usedBytes();
      const store = createSeriesStore({ clock: manualClock(0), cardinalityLimit: n });
      fill(store, n, kind);
      const measured = (await usedBytes()) - before;
      const estimated = store.memoryBytes();
      expect(store.stats().series).toBe(n);
      expect(estimated / measured).toBeGreaterThan(0.65);
      expect(estimated / measured).toBeLessThan(1.35);
      // The per-series estimate sums (roughly) to the store's.
      const perSeries = store.listSeries().reduce((a, s) => a + store.memoryBytes(s.id), 0);
      expect(perSeries / estimated).toBeGreaterThan(0.8);
      expect(perSeries / estimated).toBeLessThan(1.2);
    },
  );
});

describe('preallocated record space', () => {
  it('counts the unused and freed records of a slab, part of its memory', () => {
    const slab = new Float64Slab(4, 10);
    const handles = [slab.alloc(), slab.alloc(), slab.alloc()];
    // One chunk of 10 records of 4 doubles: 7 unused × 32 bytes.
    expect(slab.unusedBytes()).toBe(7 * 32);
    slab.free(handles[1]!);
    expect(slab.unusedBytes()).toBe(8 * 32);
    for (let i = 0; i < 9; i++) slab.alloc();
    // 11 live records need a second chunk: 20 - 11 = 9 unused.
    expect(slab.unusedBytes()).toBe(9 * 32);
    expect(slab.memoryBytes()).toBeGreaterThan(slab.unusedBytes());
  });

  it('is reported apart from the store-wide estimate, so that a per-series figure can be had', () => {
    const store = createSeriesStore({ clock: manualClock(0) });
    fill(store, 17, 'gauge');
    const stats = store.stats();
    expect(stats.memoryBytes).toBe(store.memoryBytes());
    // 17 of 256 records in use: most of the estimate is space kept for later series.
    expect(stats.preallocatedBytes).toBeGreaterThan(stats.memoryBytes / 2);
    const perSeries = store.listSeries().reduce((a, s) => a + store.memoryBytes(s.id), 0);
    const used = stats.memoryBytes - stats.preallocatedBytes;
    expect(perSeries / used).toBeGreaterThan(0.8);
    expect(perSeries / used).toBeLessThan(1.2);
  });
});
