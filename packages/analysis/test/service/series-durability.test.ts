import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import type { MetricsRequest } from '../../src/otlp/model.js';
import { createIngestPipeline } from '../../src/pipeline/ingest-pipeline.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import type { SeriesStore } from '../../src/series/series-store.js';
import { createSeriesDurability } from '../../src/service/series-durability.js';
import type { SeriesDurabilityOptions } from '../../src/service/series-durability.js';
import { WalUnavailableError } from '../../src/wal/wal-unavailable.js';
import type { WalFile } from '../../src/wal/wal-writer.js';
import { manualClock, metric, metricsRequest, ms, numberPoint } from '../series/builders.js';

const { CUMULATIVE, DELTA } = AggregationTemporality;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durability-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Request `i`: a cumulative counter per worker (started at t=150) and a delta counter. */
function request(i: number): MetricsRequest {
  const t = 200 + i;
  return metricsRequest([
    metric('work.done', {
      type: 'sum',
      temporality: CUMULATIVE,
      isMonotonic: true,
      points: [numberPoint(t, 3 * i, { start: 150, attributes: { worker: String(i % 7) } })],
    }),
    metric('work.events', {
      type: 'sum',
      temporality: DELTA,
      isMonotonic: true,
      points: [numberPoint(t, 1, { start: t - 1, attributes: { worker: String(i % 5) } })],
    }),
  ]);
}

function stateOf(store: SeriesStore): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const info of store.listSeries()) {
    out[store.seriesKey(info.id) as string] = {
      samples: store.recentSamples(info.id, 1000),
      totals: store.seriesTotals(info.id),
      stale: info.stale,
    };
  }
  return out;
}

function durable(
  startSeconds: number,
  clock: ReturnType<typeof manualClock>,
  extra: Partial<SeriesDurabilityOptions> = {},
) {
  const series = createSeriesStore({ clock, startTimeMillis: ms(startSeconds) });
  const durability = createSeriesDurability({
    dir,
    series,
    clock,
    createPipeline: (c) => createIngestPipeline({ store: series, clock: c }),
    ...extra,
  });
  return { series, durability };
}

describe('series durability', () => {
  it('restores exactly the acknowledged state after a crash, with a checkpoint taken mid-ingest', async () => {
    // What an uninterrupted service holds.
    const refClock = manualClock(160);
    const reference = createSeriesStore({ clock: refClock, startTimeMillis: ms(100) });
    const refPipeline = createIngestPipeline({ store: reference, clock: refClock });

    const clock = manualClock(160);
    const first = durable(100, clock);
    await first.durability.open();
    const ingest = (i: number): void => {
      clock.set(200 + i);
      refClock.set(200 + i);
      first.durability.pipeline.ingestMetrics(request(i));
      refPipeline.ingestMetrics(request(i));
    };
    for (let i = 0; i < 40; i++) ingest(i);
    // A checkpoint whose slices interleave with more requests and a housekeeping pass.
    const written = first.durability.checkpoint();
    for (let i = 40; i < 80; i++) ingest(i);
    first.durability.evictStale(ms(300));
    reference.evictStale(ms(300));
    await written;
    for (let i = 80; i < 120; i++) ingest(i);
    await first.durability.flushed();
    // Crash: no final checkpoint, no close.

    const reopenedClock = manualClock(900);
    const second = durable(900, reopenedClock);
    const opened = await second.durability.open();
    expect(opened.checkpoint.path).toBeDefined();
    expect(opened.replay.applied).toBeGreaterThan(0);
    expect(opened.replay.damaged + opened.replay.failed).toBe(0);
    expect(stateOf(second.series)).toEqual(stateOf(reference));
    // Equal state includes each worker's first cumulative point counted whole (its stream
    // started after the original start time), although the reopened store started later.
    expect(second.series.listSeries({ metric: 'work.done' })).toHaveLength(7);
    await second.durability.close();
  });

  it('deletes the log segments a checkpoint covers', async () => {
    const clock = manualClock(160);
    const { durability } = durable(100, clock);
    await durability.open();
    for (let i = 0; i < 5; i++) durability.pipeline.ingestMetrics(request(i));
    await durability.flushed();
    await durability.checkpoint();
    const third = durable(100, clock);
    const opened = await third.durability.open();
    expect(opened.replay.applied).toBe(0);
    expect(opened.replay.covered).toBe(0);
    await durability.close();
    await third.durability.close();
  });

  it('writes no new checkpoint while nothing changed, and one after the next change', async () => {
    const clock = manualClock(160);
    const first = durable(100, clock);
    await first.durability.open();
    for (let i = 0; i < 5; i++) first.durability.pipeline.ingestMetrics(request(i));
    await first.durability.flushed();
    const written = await first.durability.checkpoint();
    expect(written?.unchanged).toBeUndefined();
    const files = await readdir(dir);
    // Idle: the same checkpoint stands, no file is written or replaced.
    clock.set(400);
    const idle = await first.durability.checkpoint();
    expect(idle).toMatchObject({ unchanged: true, path: written?.path, series: written?.series });
    expect(await readdir(dir)).toEqual(files);
    // A housekeeping pass is a change (it is in the log): the next checkpoint is written.
    first.durability.evictStale(ms(10_000));
    const afterEviction = await first.durability.checkpoint();
    expect(afterEviction?.unchanged).toBeUndefined();
    first.durability.pipeline.ingestMetrics(request(6));
    await first.durability.flushed();
    const afterIngest = await first.durability.checkpoint();
    expect(afterIngest?.unchanged).toBeUndefined();
    await first.durability.close();
    // What the last checkpoint holds is what the store held.
    const second = durable(900, manualClock(900));
    const opened = await second.durability.open();
    expect(opened.replay.applied).toBe(0);
    expect(stateOf(second.series)).toEqual(stateOf(first.series));
    await second.durability.close();
  });

  it('refuses requests as unavailable while the log cannot be written, and applies none', async () => {
    const clock = manualClock(160);
    let failing = false;
    const openWalFile = async (path: string): Promise<WalFile> => {
      const handle = await open(path, 'a');
      return {
        write: (data) =>
          failing
            ? Promise.reject(new Error('ENOSPC: no space left on device'))
            : handle.write(data),
        datasync: () => handle.datasync(),
        close: () => handle.close(),
      };
    };
    const { series, durability } = durable(100, clock, { openWalFile, retryDelayMillis: 100 });
    await durability.open();
    durability.pipeline.ingestMetrics(request(1));
    await durability.flushed();
    failing = true;
    durability.pipeline.ingestMetrics(request(2));
    const failed = await durability.flushed().catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WalUnavailableError);
    expect((failed as WalUnavailableError).refusal.reason).toBe('unavailable');
    expect(durability.health().ok).toBe(false);
    const before = stateOf(series);
    expect(() => durability.pipeline.ingestMetrics(request(3))).toThrow(WalUnavailableError);
    expect(stateOf(series)).toEqual(before);

    // With room again, the first request after the retry delay is logged in a new segment.
    failing = false;
    await new Promise((resolve) => setTimeout(resolve, 120));
    durability.pipeline.ingestMetrics(request(4));
    await durability.flushed();
    expect(durability.health().ok).toBe(true);
    await durability.close();
  });
});
