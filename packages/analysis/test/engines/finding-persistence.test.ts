/**
 * The engine runtime's findings survive a restart: written behind to a real store (SQLite,
 * and PostgreSQL where `HETERODYNE_TEST_PG_URL` is set) after each evaluation and at shutdown,
 * and restored at start, the recent ones in order and the conditions firing. A store that
 * refuses writes never breaks an evaluation; what it missed is written once it recovers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/engines/engine.js';
import { createEngineRuntime } from '../../src/engines/engine-runtime.js';
import type { EngineRuntime, FindingPersistenceOptions } from '../../src/engines/engine-runtime.js';
import { createFindingLog } from '../../src/engines/finding-log.js';
import type { Finding } from '../../src/engines/findings.js';
import { createSeriesView } from '../../src/engines/series-view.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import type { FindingStore } from '../../src/store/finding-records.js';
import { openStore } from '../../src/store/open-store.js';
import type { MonitoringStore } from '../../src/store/types.js';
import { recordingLogger } from '../helpers/recording-logger.js';

const PG_URL = process.env.HETERODYNE_TEST_PG_URL;
if (PG_URL === undefined && process.env.CI === 'true') {
  throw new Error('HETERODYNE_TEST_PG_URL is not set (CI=true: the PostgreSQL tests must run)');
}
if (PG_URL === undefined) {
  console.warn(
    '\n*** SKIPPING the PostgreSQL finding persistence tests: HETERODYNE_TEST_PG_URL is not set ***\n',
  );
}

const START = Date.UTC(2026, 0, 1);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Opens connections to one fresh database. */
type Opener = () => Promise<MonitoringStore>;

async function sqlite(): Promise<Opener> {
  const dir = await mkdtemp(join(tmpdir(), 'finding-persistence-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return () => openStore({ kind: 'sqlite', path: join(dir, 'f.db') });
}

async function postgres(): Promise<Opener> {
  const schema = `heterodyne_findings_${Date.now().toString(36)}_${process.pid}`;
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
  return () => openStore({ kind: 'postgres', connectionString: PG_URL as string, schema });
}

const backends: [string, () => Promise<Opener>][] = [['sqlite', sqlite]];
if (PG_URL !== undefined) backends.push(['postgres', postgres]);

/**
 * An engine that emits, at each evaluation, what the test queued for it; like the SLO engine
 * it keeps its firing state across a restart unless told otherwise.
 */
function scripted(name = 'slo', keepsFiringState = true): Engine & { next: Finding[] } {
  const engine = {
    name,
    keepsFiringState,
    intervalMillis: 1000,
    next: [] as Finding[],
    evaluate(_at: number, context: { emit(f: Finding): void }) {
      for (const f of engine.next.splice(0)) context.emit(f);
    },
    report: () => ({ name, healthy: true }),
  };
  return engine;
}

function finding(id: string, state: 'firing' | 'resolved', at: number, engine = 'slo'): Finding {
  return {
    engine,
    kind: 'slo.burn_rate.page',
    severity: 'critical',
    state,
    labels: { slo: id },
    summary: `${id} ${state}`,
    value: 14.5,
    threshold: 14.4,
    windowSeconds: 3600,
    evidence: { burnRates: { '1h': 14.5 } },
    startsAtMillis: START,
    ...(state === 'resolved' ? { endsAtMillis: at } : {}),
  };
}

/** A runtime on `store`, its clock moved by `step`. */
async function runtimeOn(
  store: FindingStore,
  engines: Engine[],
  options: { capacity?: number; persistence?: Partial<FindingPersistenceOptions> } = {},
) {
  let now = START;
  const logger = recordingLogger();
  const runtime = createEngineRuntime({
    engines,
    clock: { now: () => now },
    series: createSeriesView(createSeriesStore()),
    logger,
    findingCapacity: options.capacity ?? 100,
    findingStore: { store, ...options.persistence },
  });
  await runtime.start();
  return {
    runtime,
    logger,
    /** One evaluation of every engine, a second later. */
    async step(): Promise<void> {
      now += 1000;
      await runtime.scheduler.runUntil(now);
    },
  };
}

const summaries = (runtime: EngineRuntime) => ({
  recent: runtime.findings.list({ limit: 1000 }).map((f) => f.summary),
  firing: runtime.findings.firing().map((f) => f.summary),
});

describe.each(backends)('finding persistence on %s', (_name, backend) => {
  it('a restarted runtime lists the same findings newest first and the same firing set', async () => {
    const open = await backend();
    const store = await open();
    cleanups.push(() => store.close());
    const engine = scripted();
    const first = await runtimeOn(store, [engine]);
    engine.next = [finding('a', 'firing', 0), finding('b', 'firing', 0)];
    await first.step();
    engine.next = [finding('a', 'resolved', 2000), finding('c', 'firing', 0)];
    await first.step();
    engine.next = [finding('d', 'firing', 0)];
    await first.step();
    const before = first.runtime.findings.list({ limit: 1000 });
    const firingBefore = first.runtime.findings.firing();
    expect(summaries(first.runtime)).toEqual({
      recent: ['d firing', 'c firing', 'a resolved', 'b firing', 'a firing'],
      firing: ['b firing', 'c firing', 'd firing'],
    });
    await first.runtime.shutdown();

    const second = await runtimeOn(store, [scripted()]);
    // The same findings, field for field, and the same firing conditions.
    expect(second.runtime.findings.list({ limit: 1000 })).toEqual(before);
    expect(second.runtime.findings.firing()).toEqual(firingBefore);
    expect(second.runtime.findings.counts()).toEqual({ recorded: 0, restored: 5, evicted: 0 });
    expect(second.runtime.findingPersistence()).toMatchObject({
      restored: { recent: 5, firing: 3 },
      written: 0,
    });
    await second.runtime.shutdown();

    // A smaller log holds the newest findings only, and still every firing condition.
    const small = await runtimeOn(store, [scripted()], { capacity: 2 });
    expect(summaries(small.runtime)).toEqual({
      recent: ['d firing', 'c firing'],
      firing: ['b firing', 'c firing', 'd firing'],
    });
    await small.runtime.shutdown();
  });

  it('a resolved condition stays resolved after a restart, and new findings come after the restored', async () => {
    const open = await backend();
    const store = await open();
    cleanups.push(() => store.close());
    const engine = scripted();
    const first = await runtimeOn(store, [engine]);
    engine.next = [finding('a', 'firing', 0)];
    await first.step();
    engine.next = [finding('a', 'resolved', 2000)];
    await first.step();
    await first.runtime.shutdown();

    const again = scripted();
    const second = await runtimeOn(store, [again]);
    expect(summaries(second.runtime)).toEqual({ recent: ['a resolved', 'a firing'], firing: [] });
    again.next = [finding('b', 'firing', 0)];
    await second.step();
    expect(summaries(second.runtime)).toEqual({
      recent: ['b firing', 'a resolved', 'a firing'],
      firing: ['b firing'],
    });
    await second.runtime.shutdown();
    // Restored findings are not written again.
    expect((await store.listFindings()).map((f) => f.summary)).toEqual([
      'b firing',
      'a resolved',
      'a firing',
    ]);
  });

  it('writes behind each evaluation, so a crash without shutdown keeps what was evaluated', async () => {
    const open = await backend();
    const store = await open();
    const engine = scripted();
    const first = await runtimeOn(store, [engine]);
    engine.next = [finding('a', 'firing', 0), finding('b', 'firing', 0)];
    await first.step();
    engine.next = [finding('b', 'resolved', 2000)];
    await first.step();
    // No shutdown, no explicit flush: the writes after the evaluations land on their own.
    await vi.waitFor(async () => expect(await store.listFindings()).toHaveLength(3));
    await store.close(); // the process dies here

    const reopened = await open();
    cleanups.push(() => reopened.close());
    const second = await runtimeOn(reopened, [scripted()]);
    expect(summaries(second.runtime)).toEqual({
      recent: ['b resolved', 'b firing', 'a firing'],
      firing: ['a firing'],
    });
    await second.runtime.shutdown();
  });

  it('a store that refuses writes does not break evaluation; the findings are written once it recovers', async () => {
    const open = await backend();
    const store = await open();
    cleanups.push(() => store.close());
    let failing = true;
    const flaky: FindingStore = {
      appendFindings: (inputs) =>
        failing ? Promise.reject(new Error('connection refused')) : store.appendFindings(inputs),
      listFindings: (q) => store.listFindings(q),
      listFiringFindings: (q) => store.listFiringFindings(q),
    };
    const failures: unknown[] = [];
    const engine = scripted();
    const first = await runtimeOn(flaky, [engine], {
      persistence: { onWriteFailed: (e) => failures.push(e) },
    });
    for (const id of ['a', 'b', 'c']) {
      engine.next = [finding(id, 'firing', 0)];
      await first.step();
      await first.runtime.flushFindings();
    }
    // Every evaluation ran and the log has the findings; the store has none yet.
    expect(first.runtime.scheduler.schedules().slo).toMatchObject({ evaluations: 3, failures: 0 });
    expect(first.runtime.statuses()[0]?.healthy).toBe(true);
    expect(summaries(first.runtime).recent).toEqual(['c firing', 'b firing', 'a firing']);
    expect(await store.listFindings()).toEqual([]);
    const down = first.runtime.findingPersistence();
    expect(down).toMatchObject({
      written: 0,
      pending: 3,
      dropped: 0,
      lastError: 'connection refused',
    });
    // At least one attempt per evaluation, each counted.
    expect(down?.failures).toBeGreaterThanOrEqual(3);
    expect(failures).toHaveLength(down?.failures ?? -1);
    // Logged once for the outage, not at every retry.
    const errors = first.logger.lines.filter((l) => l.includes('cannot write to the store'));
    expect(errors).toHaveLength(1);

    failing = false;
    engine.next = [finding('a', 'resolved', 5000)];
    await first.step();
    await first.runtime.flushFindings();
    expect((await store.listFindings()).map((f) => f.summary)).toEqual([
      'a resolved',
      'c firing',
      'b firing',
      'a firing',
    ]);
    expect(first.runtime.findingPersistence()).toEqual({
      written: 4,
      pending: 0,
      failures: down?.failures,
      dropped: 0,
      restored: { recent: 0, firing: 0 },
    });
    expect(first.logger.lines.some((l) => l.includes('the store takes writes again'))).toBe(true);
    await first.runtime.shutdown();
  });

  it('bounds the write queue while the store is down: the oldest are dropped, counted', async () => {
    const open = await backend();
    const store = await open();
    cleanups.push(() => store.close());
    let failing = true;
    const flaky: FindingStore = {
      ...pick(store),
      appendFindings: (inputs) =>
        failing ? Promise.reject(new Error('disk full')) : store.appendFindings(inputs),
    };
    const dropped: number[] = [];
    const engine = scripted();
    const run = await runtimeOn(flaky, [engine], {
      persistence: { maxPending: 3, onDropped: (n) => dropped.push(n) },
    });
    engine.next = ['a', 'b', 'c', 'd', 'e'].map((id) => finding(id, 'firing', 0));
    await run.step();
    await run.runtime.flushFindings();
    expect(run.runtime.findingPersistence()).toMatchObject({ pending: 3, dropped: 2 });
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(2);
    // The in-memory log keeps them all.
    expect(run.runtime.findings.list()).toHaveLength(5);
    failing = false;
    await run.runtime.shutdown();
    expect((await store.listFindings()).map((f) => f.summary)).toEqual([
      'e firing',
      'd firing',
      'c firing',
    ]);
  });

  it('restores only its own replica, and not as firing the conditions of an engine no longer run', async () => {
    const open = await backend();
    const store = await open();
    cleanups.push(() => store.close());
    const slo = scripted('slo');
    const anomaly = scripted('anomaly');
    const a = await runtimeOn(store, [slo, anomaly], { persistence: { replica: 'a' } });
    const bEngine = scripted('slo');
    const b = await runtimeOn(store, [bEngine], { persistence: { replica: 'b' } });
    slo.next = [finding('on-a', 'firing', 0)];
    anomaly.next = [finding('spike', 'firing', 0, 'anomaly')];
    bEngine.next = [finding('on-b', 'firing', 0)];
    await a.step();
    await b.step();
    await a.runtime.shutdown();
    await b.runtime.shutdown();

    const restartedA = await runtimeOn(store, [scripted('slo')], { persistence: { replica: 'a' } });
    expect(summaries(restartedA.runtime)).toEqual({
      recent: ['spike firing', 'on-a firing'],
      firing: ['on-a firing'],
    });
    await restartedA.runtime.shutdown();
    const restartedB = await runtimeOn(store, [scripted('slo')], { persistence: { replica: 'b' } });
    expect(summaries(restartedB.runtime)).toEqual({
      recent: ['on-b firing'],
      firing: ['on-b firing'],
    });
    await restartedB.runtime.shutdown();
  });

  it('restores as history, not firing, the conditions of an engine that starts afresh', async () => {
    const open = await backend();
    const store = await open();
    cleanups.push(() => store.close());
    const slo = scripted('slo');
    const anomaly = scripted('anomaly', false);
    const first = await runtimeOn(store, [slo, anomaly]);
    slo.next = [finding('burn', 'firing', 0)];
    anomaly.next = [finding('spike', 'firing', 0, 'anomaly')];
    await first.step();
    await first.runtime.shutdown();

    const again = await runtimeOn(store, [scripted('slo'), scripted('anomaly', false)]);
    // The anomaly engine does not know the spike after a restart: it would never resolve it.
    expect(summaries(again.runtime)).toEqual({
      recent: ['spike firing', 'burn firing'],
      firing: ['burn firing'],
    });
    await again.runtime.shutdown();
  });

  it('stores findings PostgreSQL would refuse raw (NUL in text) and evidence that is not JSON', async () => {
    const open = await backend();
    const store = await open();
    cleanups.push(() => store.close());
    const engine = scripted();
    const run = await runtimeOn(store, [engine]);
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    engine.next = [
      {
        ...finding('nul', 'firing', 0),
        summary: 'a\u0000b',
        labels: { 'k\u0000': 'v\u0000' },
        evidence: { text: 'x\u0000y' },
        value: Number.NaN,
      },
      { ...finding('cycle', 'firing', 0), evidence: cyclic },
    ];
    await run.step();
    await run.runtime.shutdown();
    expect(run.runtime.findingPersistence()).toMatchObject({ written: 2, failures: 0 });
    const [cycle, nul] = await store.listFindings();
    expect(nul).toMatchObject({
      summary: 'a\uFFFDb',
      labels: { 'k\uFFFD': 'v\uFFFD' },
      evidence: { text: 'x\uFFFDy' },
    });
    expect(nul?.value).toBeUndefined();
    expect(cycle?.evidence).toEqual({ unserializable: expect.stringMatching(/circular/i) });
  });
});

describe('finding persistence at start', () => {
  it('starts with an empty log when the store cannot be read, logging why; the engines still run', async () => {
    const open = await sqlite();
    const store = await open();
    cleanups.push(() => store.close());
    const unreadable: FindingStore = {
      ...pick(store),
      listFindings: () => Promise.reject(new Error('relation "findings" is locked')),
    };
    const engine = scripted();
    const run = await runtimeOn(unreadable, [engine]);
    expect(run.runtime.findingPersistence()?.restoreError).toBe('relation "findings" is locked');
    expect(run.logger.lines.some((l) => l.includes('cannot restore from the store'))).toBe(true);
    engine.next = [finding('a', 'firing', 0)];
    await run.step();
    await run.runtime.shutdown();
    expect((await store.listFindings()).map((f) => f.summary)).toEqual(['a firing']);
  });

  it('refuses to restore into a log that already holds findings', () => {
    const log = createFindingLog();
    log.record(finding('a', 'firing', 0));
    expect(() => log.restore([], [])).toThrow(/needs an empty log/);
  });

  it('without a finding store, the runtime has no persistence and keeps findings in memory', async () => {
    const engine = scripted();
    let now = START;
    const runtime = createEngineRuntime({
      engines: [engine],
      clock: { now: () => now },
      series: createSeriesView(createSeriesStore()),
    });
    await runtime.start();
    engine.next = [finding('a', 'firing', 0)];
    now += 1000;
    await runtime.scheduler.runUntil(now);
    expect(runtime.findingPersistence()).toBeUndefined();
    expect(runtime.findings.firing().map((f) => f.summary)).toEqual(['a firing']);
    await runtime.shutdown();
  });
});

/** The finding domain of a store, as its own object. */
function pick(store: FindingStore): FindingStore {
  return {
    appendFindings: (inputs) => store.appendFindings(inputs),
    listFindings: (q) => store.listFindings(q),
    listFiringFindings: (q) => store.listFiringFindings(q),
  };
}
