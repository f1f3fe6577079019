import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import type { SeriesStore } from '../../src/series/series-store.js';
import type { CheckpointCut } from '../../src/series/checkpoint-cut.js';
import { restoreCheckpoint } from '../../src/wal/checkpoint-reader.js';
import { listCheckpoints } from '../../src/wal/checkpoint-files.js';
import { writeCheckpoint } from '../../src/wal/checkpoint-writer.js';
import { scanFrames } from '../../src/wal/frame.js';
import {
  exponentialPoint,
  histogramPoint,
  manualClock,
  ms,
  numberPoint,
  summaryPoint,
} from '../series/builders.js';

const { CUMULATIVE, DELTA } = AggregationTemporality;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'checkpoint-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function newStore(): SeriesStore {
  return createSeriesStore({
    clock: manualClock(300),
    startTimeMillis: ms(100),
    cardinalityLimit: 50,
  });
}

/** A store with every kind of series, `extra` more counters, an overflow stream. */
function populated(extra = 0): SeriesStore {
  const store = newStore();
  const prefix = store.prefix(
    { 'service.name': 'svc', bytes: new Uint8Array([1, 2]), nan: Number.NaN },
    { name: 's', version: '2' },
  );
  const c = store.metric(prefix, 'hits', 'counter', '1');
  const g = store.metric(prefix, 'temp', 'gauge', 'Cel');
  const h = store.metric(prefix, 'dur', 'histogram', 's');
  const e = store.metric(prefix, 'exp', 'exponential_histogram', 's');
  const q = store.metric(prefix, 'lat', 'summary', 's');
  for (let t = 110; t <= 200; t += 10) {
    const now = ms(t);
    store.writeNumber(
      c,
      CUMULATIVE,
      numberPoint(t, t * 2, { start: 100, attributes: { op: 'a' } }),
      now,
    );
    store.writeNumber(
      g,
      0,
      numberPoint(t, Math.sin(t), { attributes: { nested: { k: [1, 'x'] } } }),
      now,
    );
    store.writeHistogram(
      h,
      CUMULATIVE,
      histogramPoint(t, [1, 2], [t, 2 * t, 1], { start: 100, sum: 3 * t }),
      now,
    );
    store.writeExponentialHistogram(e, DELTA, exponentialPoint(t, 3, -2, [1, 0, 2]), now);
    store.writeSummary(q, summaryPoint(t, 4, 8, { '0.5': 2, '0.99': 3 }), now);
  }
  for (let i = 0; i < extra; i++) {
    store.writeNumber(
      c,
      DELTA,
      numberPoint(150, i, { attributes: { worker: String(i) } }),
      ms(150),
    );
  }
  return store;
}

/** Everything observable about a store's series, by stream key. */
function stateOf(store: SeriesStore): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const info of store.listSeries()) {
    out[store.seriesKey(info.id) as string] = {
      id: info.id,
      stale: info.stale,
      samples: store.recentSamples(info.id, 1000),
      totals: store.seriesTotals(info.id),
      rollups: store.rollups(info.id, 60),
      p90: store.quantile(info.id, 0.9, 3600),
    };
  }
  return out;
}

async function checkpoint(store: SeriesStore, options: { maxSliceSeries?: number } = {}) {
  const cut = store.beginCut();
  try {
    return await writeCheckpoint({ dir, cut, coveredSeq: 7, savedAtMillis: ms(300), ...options });
  } finally {
    store.endCut();
  }
}

describe('checkpoint files', () => {
  it('restore every series exactly as it was', async () => {
    const store = populated(60);
    const written = await checkpoint(store);
    expect(written.series).toBe(store.stats().series);
    const restored = newStore();
    const result = await restoreCheckpoint(dir, restored);
    expect(result).toMatchObject({ coveredSeq: 7, damagedRecords: 0, droppedSeries: 0 });
    expect(result.series).toBe(store.stats().series);
    expect(stateOf(restored)).toEqual(stateOf(store));
    expect(restored.stats().byMetric).toEqual(store.stats().byMetric);
  });

  it('detect a flipped byte and drop that series record alone', async () => {
    const store = populated(20);
    await checkpoint(store);
    const [file] = await listCheckpoints(dir);
    const data = await readFile(file?.path as string);
    // Flip one byte in the middle of the tenth record (a series: prefix record is second).
    const scan = scanFrames(data);
    const target = scan.offsets[9] as number;
    data[target + 40] = (data[target + 40] as number) ^ 0x10;
    await writeFile(file?.path as string, data);

    const restored = newStore();
    const result = await restoreCheckpoint(dir, restored);
    expect(result.damagedRecords).toBe(1);
    expect(result.series).toBe(store.stats().series - 1);
    expect(result.missingSeries).toBe(1);
    const before = stateOf(store);
    const after = stateOf(restored);
    const lost = Object.keys(before).filter((k) => !(k in after));
    expect(lost).toHaveLength(1);
    for (const key of Object.keys(after)) expect(after[key]).toEqual(before[key]);
  });

  it('restore the series when the header record is damaged', async () => {
    const store = populated();
    await checkpoint(store);
    const [file] = await listCheckpoints(dir);
    const data = await readFile(file?.path as string);
    data[14] = (data[14] as number) ^ 0xff;
    await writeFile(file?.path as string, data);
    const restored = newStore();
    const result = await restoreCheckpoint(dir, restored);
    expect(result).toMatchObject({ headerIntact: false, damagedRecords: 1, coveredSeq: 7 });
    expect(stateOf(restored)).toEqual(stateOf(store));
  });

  it('capture the state at the cut while writes go on (copy on write)', async () => {
    const store = populated(100);
    const atCut = stateOf(store);
    const cut = store.beginCut();
    const c = store.metric(
      store.prefix(
        { 'service.name': 'svc', bytes: new Uint8Array([1, 2]), nan: Number.NaN },
        { name: 's', version: '2' },
      ),
      'hits',
      'counter',
      '1',
    );
    const first = cut.next(3); // some series handed out before the writes
    expect(first).toHaveLength(3);
    for (let i = 0; i < 100; i++) {
      store.writeNumber(
        c,
        DELTA,
        numberPoint(250, 1000, { attributes: { worker: String(i) } }),
        ms(250),
      );
    }
    store.writeNumber(c, DELTA, numberPoint(250, 1, { attributes: { worker: 'new' } }), ms(250));
    store.evictStale(ms(300) + 48 * 3_600_000); // evicts everything (stale and past retention)
    expect(store.stats().series).toBe(0);
    expect(cut.capturedEarly).toBeGreaterThan(0);
    const resumed: CheckpointCut = {
      header: cut.header,
      total: cut.total,
      get done() {
        return first.length === 0 && cut.done;
      },
      get capturedEarly() {
        return cut.capturedEarly;
      },
      next: (max) => (first.length > 0 ? first.splice(0) : cut.next(max)),
    };
    await writeCheckpoint({ dir, cut: resumed, coveredSeq: 1, savedAtMillis: 0 });
    store.endCut();
    const restored = newStore();
    await restoreCheckpoint(dir, restored);
    expect(stateOf(restored)).toEqual(atCut);
  });

  it('capture a series evicted for room under max_series during the cut', async () => {
    const clock = manualClock(300);
    const store = createSeriesStore({
      clock,
      startTimeMillis: ms(100),
      maxSeries: 3,
      evictionMinIdleMillis: 1000,
    });
    const c = store.metric(
      store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' }),
      'hits',
      'counter',
      '1',
    );
    for (const worker of ['a', 'b', 'c']) {
      store.writeNumber(c, DELTA, numberPoint(110, 5, { attributes: { worker } }), ms(110));
    }
    store.evictStale(ms(200)); // a housekeeping pass: all three are idle eviction candidates
    const atCut = stateOf(store);
    const cut = store.beginCut();
    // A fourth series makes room by evicting the longest-idle one, whose record is then reused.
    store.writeNumber(c, DELTA, numberPoint(210, 7, { attributes: { worker: 'd' } }), ms(210));
    expect(store.stats().series).toBe(3);
    expect(store.stats().evictedForRoom).toBe(1);
    expect(cut.capturedEarly).toBe(1);
    await writeCheckpoint({ dir, cut, coveredSeq: 1, savedAtMillis: 0 });
    store.endCut();
    const restored = createSeriesStore({ clock, startTimeMillis: ms(100) });
    await restoreCheckpoint(dir, restored);
    expect(stateOf(restored)).toEqual(atCut);
  });

  it('share one frozen copy of equal histogram bounds between restored series', async () => {
    const store = newStore();
    const prefix = store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' });
    const dur = store.metric(prefix, 'dur', 'histogram', 's');
    for (const route of ['/a', '/b']) {
      store.writeHistogram(
        dur,
        CUMULATIVE,
        histogramPoint(110, [1, 2], [1, 0, 1], { start: 100, attributes: { route } }),
        ms(110),
      );
    }
    await checkpoint(store);
    const restored = newStore();
    await restoreCheckpoint(dir, restored);
    const [a, b] = restored.listSeries({ metric: 'dur' }).map((s) => restored.seriesTotals(s.id));
    expect(a?.buckets?.bounds).toEqual([1, 2]);
    expect(a?.buckets?.bounds).toBe(b?.buckets?.bounds);
    expect(Object.isFrozen(a?.buckets?.bounds)).toBe(true);
  });

  it('write in slices with a turn of the event loop between them', async () => {
    const store = populated(3000);
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const written = await checkpoint(store, { maxSliceSeries: 100 });
    ticking = false;
    expect(written.series).toBe(store.stats().series);
    // No slice captured more than its bound, and other work ran between the slices.
    expect(written.maxSliceSeries).toBeLessThanOrEqual(100);
    expect(written.slices).toBeGreaterThanOrEqual(Math.ceil(written.series / 100));
    expect(turns).toBeGreaterThanOrEqual(written.slices - 1);
  });
});
