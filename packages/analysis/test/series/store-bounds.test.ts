import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import type { Attributes } from '../../src/otlp/model.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import type { SeriesStoreOptions } from '../../src/series/types.js';
import {
  REFUSED_MEMORY_LIMIT,
  REFUSED_SERIES_LIMIT,
  REFUSED_TOO_LONG,
  WriteOutcome,
  refusalReason,
} from '../../src/series/write-outcome.js';
import {
  exponentialPoint,
  histogramPoint,
  manualClock,
  numberPoint,
  summaryPoint,
} from './builders.js';

const GAUGE = AggregationTemporality.UNSPECIFIED;

function setup(options: SeriesStoreOptions) {
  const clock = manualClock(0);
  const store = createSeriesStore({ clock, retentionMillis: 86_400_000, ...options });
  const prefix = store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' });
  const metric = store.metric(prefix, 'load', 'gauge', '1');
  let time = 1;
  const write = (attributes: Attributes, m = metric): number =>
    store.writeNumber(m, GAUGE, numberPoint(time++, 1, { attributes }), clock.now());
  return { clock, store, prefix, metric, write };
}

describe('store-wide series limit', () => {
  it('refuses new series past maxSeries and keeps accepting points of existing ones', () => {
    const { store, write } = setup({ maxSeries: 10 });
    for (let i = 0; i < 10; i++) expect(write({ i })).toBe(WriteOutcome.STORED);
    expect(write({ i: 10 })).toBe(REFUSED_SERIES_LIMIT);
    expect(refusalReason(REFUSED_SERIES_LIMIT)).toBe('series_limit');
    expect(write({ i: 3 })).toBe(WriteOutcome.STORED);
    const stats = store.stats();
    expect(stats.series).toBe(10);
    expect(stats.refusedSeries).toEqual({ series_limit: 1, memory_limit: 0, too_long: 0 });
    expect(stats.maxSeries).toBe(10);
  });

  it('evicts the longest-idle series first, once idle for evictionMinIdleMillis', () => {
    const { clock, store, write } = setup({
      maxSeries: 3,
      stalenessMillis: 600_000,
      evictionMinIdleMillis: 60_000,
    });
    write({ i: 0 }); // last seen at 0 s
    clock.set(10);
    write({ i: 1 }); // 10 s
    clock.set(20);
    write({ i: 2 }); // 20 s
    clock.set(75);
    // Idle candidates are collected by housekeeping: until then, no eviction.
    expect(write({ i: 3 })).toBe(REFUSED_SERIES_LIMIT);
    expect(store.evictStale()).toEqual({ markedStale: 0, evicted: 0 });
    // 0 (75 s idle) and 1 (65 s) are candidates, 2 (55 s) is not.
    expect(write({ i: 3 })).toBe(WriteOutcome.STORED);
    expect(store.listSeries().map((s) => s.attributes)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
    // A candidate that received a point since the pass is no longer idle: skipped.
    write({ i: 1 });
    expect(write({ i: 4 })).toBe(REFUSED_SERIES_LIMIT);
    const stats = store.stats();
    expect(stats.evictedForRoom).toBe(1);
    expect(stats.refusedSeries.series_limit).toBe(2);
  });

  it('refuses by memory_limit when the estimate reaches maxMemoryBytes', () => {
    const limit = 4 * 1024 * 1024;
    const { store, write } = setup({ maxMemoryBytes: limit });
    write({ i: -1 });
    // Records are allocated a slab chunk at a time: the limit can be passed by one chunk.
    const chunk = store.memoryBytes();
    let result: number = WriteOutcome.STORED;
    let i = 0;
    while (result === WriteOutcome.STORED && i < 100_000) {
      result = write({ i: i++, pad: 'x'.repeat(200) });
    }
    expect(result).toBe(REFUSED_MEMORY_LIMIT);
    expect(i).toBeGreaterThan(100);
    expect(store.stats().refusedSeries.memory_limit).toBe(1);
    expect(store.memoryBytes()).toBeLessThan(limit + chunk);
    expect(store.stats().memoryBytes).toBeGreaterThan(limit - chunk);
  });

  it('evicts one idle series per new one under the memory limit', () => {
    const limit = 4 * 1024 * 1024;
    const { clock, store, write } = setup({
      maxMemoryBytes: limit,
      stalenessMillis: 600_000,
      evictionMinIdleMillis: 60_000,
    });
    let i = 0;
    while (write({ i: i++ }) === WriteOutcome.STORED && i < 100_000);
    const held = store.stats().series;
    expect(store.stats().refusedSeries.memory_limit).toBe(1);
    clock.set(120);
    store.evictStale();
    // Each new series evicts exactly one of the longest-idle ones: the record it frees is reused.
    for (let k = 0; k < 10; k++) expect(write({ fresh: k })).toBe(WriteOutcome.STORED);
    expect(store.stats().evictedForRoom).toBe(10);
    expect(store.stats().series).toBe(held);
  });

  it('refuses names, keys and values past their length limits', () => {
    const { store, prefix, write } = setup({
      maxNameLength: 16,
      maxAttributeKeyLength: 12,
      maxAttributeValueLength: 32,
      maxAttributes: 4,
    });
    const long = store.metric(prefix, 'x'.repeat(17), 'gauge', '1');
    expect(write({}, long)).toBe(REFUSED_TOO_LONG);
    expect(write({ ['k'.repeat(13)]: 1 })).toBe(REFUSED_TOO_LONG);
    expect(write({ k: 'v'.repeat(33) })).toBe(REFUSED_TOO_LONG);
    expect(write({ k: new Uint8Array(33) })).toBe(REFUSED_TOO_LONG);
    expect(write({ k: ['a', 'b', 'c', 'd', 'e'] })).toBe(REFUSED_TOO_LONG);
    expect(write({ k: { nested: 'v'.repeat(33) } })).toBe(REFUSED_TOO_LONG);
    const wideResource = store.metric(
      store.prefix({ ['r'.repeat(13)]: 'x' }, { name: 's', version: '' }),
      'load',
      'gauge',
      '1',
    );
    expect(write({}, wideResource)).toBe(REFUSED_TOO_LONG);
    expect(write({ k: 'v'.repeat(32), a: 1, b: 2, c: 3 })).toBe(WriteOutcome.STORED);
    expect(store.stats().refusedSeries.too_long).toBe(7);
    expect(store.stats().series).toBe(1);
  });

  it('bounds a flood of 2,000,000 new series to maxSeries and the memory limit', () => {
    const clock = manualClock(0);
    const maxSeries = 10_000;
    const maxMemoryBytes = 64 * 1024 * 1024;
    const store = createSeriesStore({ clock, maxSeries, maxMemoryBytes });
    const rssBefore = process.memoryUsage().rss;
    let refused = 0;
    for (let m = 0; m < 200; m++) {
      const metric = store.metric(
        store.prefix({ 'service.name': `job-${m}` }, { name: 's', version: '' }),
        `flood_${m}`,
        'gauge',
        '1',
      );
      for (let i = 0; i < 10_000; i++) {
        const result = store.writeNumber(
          metric,
          GAUGE,
          numberPoint(1, i, { attributes: { i } }),
          clock.now(),
        );
        if (result === REFUSED_SERIES_LIMIT) refused++;
      }
    }
    const stats = store.stats();
    expect(stats.series).toBe(maxSeries);
    expect(refused).toBe(2_000_000 - maxSeries);
    expect(stats.refusedSeries.series_limit).toBe(refused);
    expect(stats.memoryBytes).toBeLessThan(maxMemoryBytes);
    // 2 M stored series took gigabytes; 10,000 take a few megabytes.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
  });
});

describe('the constant-time memory figure', () => {
  it('equals the full estimate through every kind of write, eviction and sweep', () => {
    const clock = manualClock(0);
    const store = createSeriesStore({ clock, stalenessMillis: 1000, retentionMillis: 5000 });
    const check = (): void => expect(store.stats().memoryBytes).toBe(store.memoryBytes());
    const CUMULATIVE = AggregationTemporality.CUMULATIVE;
    for (let round = 1; round <= 3; round++) {
      for (let r = 0; r < 5; r++) {
        const prefix = store.prefix(
          { 'service.name': `svc-${r}`, round },
          { name: 's', version: '' },
        );
        const m = (name: string, kind: Parameters<typeof store.metric>[2]) =>
          store.metric(prefix, name, kind, '1');
        for (let i = 0; i < 4; i++) {
          const attributes = { op: `op-${i}` };
          store.writeNumber(
            m('g', 'gauge'),
            GAUGE,
            numberPoint(round, i, { attributes }),
            clock.now(),
          );
          store.writeNumber(
            m('c', 'counter'),
            CUMULATIVE,
            numberPoint(round, round * 10, { start: 0.5, attributes }),
            clock.now(),
          );
          store.writeHistogram(
            m('h', 'histogram'),
            CUMULATIVE,
            histogramPoint(
              round,
              round === 2 ? [1, 2, 4] : [1, 2],
              round === 2 ? [1, 2, 3, round] : [1, 2, round],
              { start: 0.5, attributes },
            ),
            clock.now(),
          );
          store.writeExponentialHistogram(
            m('e', 'exponential_histogram'),
            CUMULATIVE,
            exponentialPoint(round, 2, round, [1, round, 3], { start: 0.5, attributes }),
            clock.now(),
          );
          store.writeSummary(
            m('s', 'summary'),
            summaryPoint(round, round, round, { '0.5': 1, '0.99': 2 }, { start: 0.5, attributes }),
            clock.now(),
          );
        }
        store.metric(prefix, 'never-written', 'gauge', '1');
        check();
      }
      clock.set(round * 4);
      store.evictStale();
      check();
    }
    clock.set(100);
    store.evictStale();
    check();
    expect(store.stats().series).toBe(0);
  });
});

describe('sliced housekeeping', () => {
  it('visits at most the given number of series per slice and totals the pass', () => {
    const { clock, store, write } = setup({ stalenessMillis: 1000, retentionMillis: 5000 });
    for (let i = 0; i < 1000; i++) write({ i });
    clock.set(2);
    let slices = 0;
    let result;
    do {
      result = store.evictStaleSlice(clock.now(), 100);
      slices++;
      // Points still arrive between slices.
      if (slices === 3) write({ i: 5 });
    } while (!result.done);
    expect(slices).toBe(11);
    // Series 5 was marked stale in the first slice, then received a point.
    expect(result).toEqual({ done: true, markedStale: 1000, evicted: 0 });
    expect(store.stats().staleSeries).toBe(999);
    expect(store.stats().activeSeries).toBe(1);
  });
});
