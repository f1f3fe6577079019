import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { OVERFLOW_ATTRIBUTE } from '../../src/series/series-registry.js';
import { WRITE_OVERFLOW, WriteOutcome } from '../../src/series/write-outcome.js';
import { manualClock, ms, numberPoint } from './builders.js';

const { CUMULATIVE, DELTA } = AggregationTemporality;

function setup(limit: number) {
  const clock = manualClock(0);
  const store = createSeriesStore({
    clock,
    cardinalityLimit: limit,
    stalenessMillis: 1000,
    retentionMillis: 5000,
  });
  const prefix = store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' });
  const counter = store.metric(prefix, 'hits', 'counter', '1');
  const write = (op: string, time: number, value: number, temporality: number = DELTA): number =>
    store.writeNumber(
      counter,
      temporality,
      numberPoint(time, value, { start: time - 10, attributes: { op } }),
      clock.now(),
    );
  return { clock, store, prefix, counter, write };
}

describe('cardinality limit', () => {
  it('sends streams past the limit to one overflow stream with otel.metric.overflow=true', () => {
    // The limit counts the overflow stream, as the SDK's does: 3 regular streams + 1.
    const { store, write } = setup(4);
    const results = ['a', 'b', 'c', 'd', 'e'].map((op, i) => write(op, 10, i + 1));
    expect(results).toEqual([0, 0, 0, WRITE_OVERFLOW, WRITE_OVERFLOW]);
    const series = store.listSeries({ metric: 'hits' });
    expect(series.map((s) => s.attributes)).toEqual([
      { op: 'a' },
      { op: 'b' },
      { op: 'c' },
      { [OVERFLOW_ATTRIBUTE]: true },
    ]);
    const overflow = series[3]!;
    expect(overflow.overflow).toBe(true);
    // d (4) and e (5) arrived with the same timestamp: merged into one sample.
    expect(store.recentSamples(overflow.id, 10)).toEqual([{ timeMillis: ms(10), value: 9 }]);
    expect(store.stats().byMetric.hits).toEqual({ series: 4, overflowPoints: 2 });
    // Existing streams keep working.
    expect(write('a', 20, 1)).toBe(WriteOutcome.STORED);
  });

  it('drops cumulative points past the limit: their deltas would need per-stream state', () => {
    const { write } = setup(1);
    write('a', 10, 1);
    expect(write('b', 10, 5, CUMULATIVE)).toBe(WriteOutcome.OVERFLOW_DROPPED | WRITE_OVERFLOW);
  });

  it('counts streams per metric name across resources, and frees room on eviction', () => {
    const { clock, store, write } = setup(3);
    const other = store.metric(
      store.prefix({ 'service.name': 'other' }, { name: 's', version: '' }),
      'hits',
      'counter',
      '1',
    );
    write('a', 10, 1);
    store.writeNumber(
      other,
      DELTA,
      numberPoint(10, 1, { start: 0, attributes: { op: 'x' } }),
      clock.now(),
    );
    expect(write('b', 10, 1)).toBe(WRITE_OVERFLOW);
    clock.set(3);
    write('a', 20, 1);
    clock.set(6);
    // All three are stale (staleness 1 s); 'x' and the overflow stream (last seen at 0 s) are
    // past retention (5 s), 'a' (3 s) is not.
    expect(store.evictStale()).toEqual({ markedStale: 3, evicted: 2 });
    expect(write('c', 30, 1)).toBe(WriteOutcome.STORED);
    expect(store.listSeries().map((s) => s.attributes)).toEqual([{ op: 'a' }, { op: 'c' }]);
  });

  it('does not mark the overflow stream stale when one overflowed stream ends', () => {
    const { store, counter, clock } = setup(2);
    store.writeNumber(counter, DELTA, numberPoint(10, 1, { attributes: { op: 'a' } }), clock.now());
    store.writeNumber(counter, DELTA, numberPoint(10, 1, { attributes: { op: 'b' } }), clock.now());
    const ended = store.writeNumber(
      counter,
      DELTA,
      numberPoint(20, 0, { attributes: { op: 'c' }, flags: 1 }),
      clock.now(),
    );
    expect(ended).toBe(WriteOutcome.STALE_MARKER | WRITE_OVERFLOW);
    expect(store.listSeries().map((s) => s.stale)).toEqual([false, false]);
  });

  it('forgets metric names, metrics and prefixes left without series at eviction', () => {
    const clock = manualClock(0);
    const store = createSeriesStore({ clock, stalenessMillis: 1000, retentionMillis: 5000 });
    // A metric whose only series is evicted ...
    const prefix = store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' });
    const gone = store.metric(prefix, 'gone', 'counter', '1');
    store.writeNumber(gone, DELTA, numberPoint(10, 1, { attributes: { op: 'a' } }), clock.now());
    expect(Object.keys(store.stats().byMetric)).toEqual(['gone']);
    clock.set(6);
    expect(store.evictStale()).toEqual({ markedStale: 1, evicted: 1 });
    expect(store.stats().byMetric).toEqual({});
    // (the slab keeps its chunk: memory after eviction is the baseline)
    const baseline = store.memoryBytes();
    // ... and names and resources that never got a series (e.g. every point was rejected).
    for (let i = 0; i < 50; i++) {
      const p = store.prefix({ 'host.name': `h${i}` }, { name: 's', version: '' });
      store.metric(p, `unused_${i}`, 'gauge', '1');
    }
    expect(Object.keys(store.stats().byMetric)).toHaveLength(50);
    expect(store.memoryBytes()).toBeGreaterThan(baseline);
    expect(store.evictStale()).toEqual({ markedStale: 0, evicted: 0 });
    expect(store.stats().byMetric).toEqual({});
    expect(store.memoryBytes()).toBe(baseline);
  });

  it('limits each metric separately', () => {
    const { store, prefix, write } = setup(2);
    write('a', 10, 1);
    const other = store.metric(prefix, 'misses', 'counter', '1');
    expect(
      store.writeNumber(other, DELTA, numberPoint(10, 1, { attributes: { op: 'a' } }), 0),
    ).toBe(WriteOutcome.STORED);
  });

  it('holds at most the limit per metric however many resources send new streams', () => {
    const { clock, store, write } = setup(2);
    write('a', 10, 1);
    const results: number[] = [];
    for (let r = 0; r < 1000; r++) {
      const handle = store.metric(
        store.prefix({ 'service.name': `job-${r}` }, { name: 's', version: '' }),
        'hits',
        'counter',
        '1',
      );
      results.push(
        store.writeNumber(
          handle,
          DELTA,
          numberPoint(10, 1, { start: 0, attributes: { op: `r${r}` } }),
          clock.now(),
        ),
      );
    }
    // The first resource to overflow gets the metric's last place for its overflow stream;
    // the others have no room and their points are dropped, counted as overflow.
    expect(results[0]).toBe(WRITE_OVERFLOW);
    expect(
      results.slice(1).every((r) => r === (WriteOutcome.OVERFLOW_DROPPED | WRITE_OVERFLOW)),
    ).toBe(true);
    expect(store.countSeries({ metric: 'hits' })).toBe(2);
    expect(store.stats().series).toBe(2);
    // The existing streams keep accepting points.
    expect(write('a', 20, 1)).toBe(WriteOutcome.STORED);
  });
});
