import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import type { SeriesStore } from '../../src/series/series-store.js';
import { SERIES_SNAPSHOT_VERSION } from '../../src/series/snapshot.js';
import type { SeriesStoreSnapshot } from '../../src/series/snapshot.js';
import type { SeriesStoreOptions } from '../../src/series/types.js';
import { WriteOutcome } from '../../src/series/write-outcome.js';
import { exponentialPoint, histogramPoint, manualClock, ms, numberPoint } from './builders.js';

const { CUMULATIVE, DELTA } = AggregationTemporality;

function populated(options: SeriesStoreOptions = {}) {
  const clock = manualClock(100);
  const store = createSeriesStore({
    clock,
    startTimeMillis: ms(100),
    cardinalityLimit: 2,
    ...options,
  });
  const prefix = store.prefix(
    { 'service.name': 'svc', bytes: new Uint8Array([1, 2]) },
    { name: 's', version: '2' },
  );
  const c = store.metric(prefix, 'hits', 'counter', '1');
  const g = store.metric(prefix, 'temp', 'gauge', 'Cel');
  const h = store.metric(prefix, 'dur', 'histogram', 's');
  const e = store.metric(prefix, 'exp', 'exponential_histogram', 's');
  for (let t = 110; t <= 200; t += 10) {
    store.writeNumber(
      c,
      CUMULATIVE,
      numberPoint(t, t * 2, { start: 0, attributes: { op: 'a' } }),
      clock.now(),
    );
    store.writeNumber(
      g,
      0,
      numberPoint(t, Math.sin(t), { attributes: { nested: { k: [1, 'x'] } } }),
      clock.now(),
    );
    store.writeHistogram(
      h,
      CUMULATIVE,
      histogramPoint(t, [1, 2], [t, 2 * t, 1], { start: 0, sum: 3 * t }),
      clock.now(),
    );
    store.writeExponentialHistogram(e, DELTA, exponentialPoint(t, 3, -2, [1, 0, 2]), clock.now());
    // Three streams of 'hits' with a limit of 2: one overflow stream.
    store.writeNumber(
      c,
      DELTA,
      numberPoint(t, 1, { attributes: { op: `o${t % 30}` } }),
      clock.now(),
    );
  }
  clock.set(205);
  return { clock, store };
}

function views(store: SeriesStore) {
  return store.listSeries().map((s) => ({
    info: s,
    samples: store.recentSamples(s.id, 100),
    agg: store.windowAggregate(s.id, 600),
    q: store.quantile(s.id, 0.9, 600),
    key: store.seriesKey(s.id),
  }));
}

describe('snapshot and restore', () => {
  it('round-trips through JSON: same series, samples, aggregates, sketches and ids', () => {
    const { store } = populated();
    const snapshot = JSON.parse(JSON.stringify(store.snapshot())) as SeriesStoreSnapshot;
    expect(snapshot.version).toBe(SERIES_SNAPSHOT_VERSION);
    const { store: copy } = populated();
    // Restoring replaces whatever the target held.
    expect(copy.restore(snapshot)).toEqual({
      ok: true,
      value: { series: store.listSeries().length },
    });
    expect(views(copy)).toEqual(views(store));
    expect(copy.stats().byMetric).toEqual(store.stats().byMetric);
  });

  it('continues cumulative streams after a restore as if nothing happened', () => {
    const a = populated();
    const b = populated({});
    expect(b.store.restore(JSON.parse(JSON.stringify(a.store.snapshot())))).toMatchObject({
      ok: true,
    });
    for (const { store } of [a, b]) {
      // Metric refs are looked up again after a restore.
      const prefix = store.prefix(
        { 'service.name': 'svc', bytes: new Uint8Array([1, 2]) },
        { name: 's', version: '2' },
      );
      const c = store.metric(prefix, 'hits', 'counter', '1');
      const h = store.metric(prefix, 'dur', 'histogram', 's');
      expect(
        store.writeNumber(
          c,
          CUMULATIVE,
          numberPoint(210, 425, { start: 0, attributes: { op: 'a' } }),
          0,
        ),
      ).toBe(WriteOutcome.STORED);
      store.writeHistogram(
        h,
        CUMULATIVE,
        histogramPoint(210, [1, 2], [215, 420, 1], { start: 0, sum: 635 }),
        0,
      );
    }
    expect(views(b.store)).toEqual(views(a.store));
    const hits = b.store.listSeries({ metric: 'hits', attributes: { op: 'a' } })[0]!;
    expect(b.store.recentSamples(hits.id, 1)?.[0]?.value).toBe(25);
  });

  it('keeps an attribute named __proto__ through a snapshot, so its stream continues', () => {
    const clock = manualClock(0);
    const store = createSeriesStore({ clock });
    // As the OTLP decoders produce it: an own property, not the prototype.
    const attributes = JSON.parse('{"__proto__": "x", "op": "a"}') as Record<string, string>;
    const ref = () => store.metric(store.prefix({}, { name: 's', version: '' }), 'g', 'gauge', '1');
    store.writeNumber(ref(), 0, numberPoint(10, 1, { attributes }), clock.now());
    const [before] = store.listSeries();
    const copy = createSeriesStore({ clock });
    expect(copy.restore(JSON.parse(JSON.stringify(store.snapshot())))).toMatchObject({ ok: true });
    const [restored] = copy.listSeries();
    expect(Object.keys(restored!.attributes).sort()).toEqual(['__proto__', 'op']);
    expect(Object.getPrototypeOf(restored!.attributes)).toBe(Object.prototype);
    const g = copy.metric(copy.prefix({}, { name: 's', version: '' }), 'g', 'gauge', '1');
    copy.writeNumber(g, 0, numberPoint(20, 2, { attributes }), clock.now());
    expect(copy.listSeries().map((s) => [s.id, s.samples])).toEqual([[before!.id, 2]]);
  });

  it('assigns new ids after the restored ones', () => {
    const { store } = populated();
    const copy = createSeriesStore({ clock: manualClock(0), cardinalityLimit: 2 });
    copy.restore(store.snapshot());
    const maxId = Math.max(...copy.listSeries().map((s) => s.id));
    const g = copy.metric(copy.prefix({}, { name: 'x', version: '' }), 'new', 'gauge', '1');
    copy.writeNumber(g, 0, numberPoint(1, 1), 0);
    expect(copy.listSeries({ metric: 'new' })[0]?.id).toBe(maxId + 1);
  });

  it('refuses a snapshot of another layout or version, naming the field, and keeps its content', () => {
    const { store } = populated();
    const other = createSeriesStore({ ringCapacity: 8 });
    const g = other.metric(other.prefix({}, { name: 'x', version: '' }), 'kept', 'gauge', '1');
    other.writeNumber(g, 0, numberPoint(1, 1), 0);
    const layout = other.restore(store.snapshot());
    expect(layout.ok).toBe(false);
    if (!layout.ok) expect(layout.error.message).toMatch(/snapshot\.layout.*ringCapacity/);
    const version = store.restore({ ...store.snapshot(), version: 99 });
    expect(version.ok).toBe(false);
    if (!version.ok) expect(version.error.message).toMatch(/snapshot\.version: 99/);
    expect(other.listSeries().map((s) => s.metric)).toEqual(['kept']);
  });

  it('refuses a corrupted record', () => {
    const { store } = populated();
    const snapshot = store.snapshot();
    snapshot.series[0]!.record = 'AAAA';
    const r = createSeriesStore({ cardinalityLimit: 2 }).restore(snapshot);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.message).toMatch(/snapshot\.series\[id 1\]\.record: record has 3 bytes/);
  });
});
