/**
 * Defined results where data is missing or odd: no data yet, a metric that never arrives,
 * counter resets and re-created series, a restart in the middle of a window, gauge time
 * slices, time-slice budgeting and calendar windows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engines/findings.js';
import { createSloEngine } from '../../../src/engines/slo/slo-engine.js';
import type { SloGroupStatus } from '../../../src/engines/slo/types.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import type { MonitoringStore } from '../../../src/store/types.js';
import { createFakeView } from './fake-view.js';
import type { FakeView } from './fake-view.js';
import { errorSpec } from './specs.js';

const T0 = Date.UTC(2026, 2, 1);
const MIN = 60_000;

function ctx(fake: FakeView, findings: Finding[] = []) {
  return { series: fake.view, emit: (f: Finding) => findings.push(f) };
}

function only(statuses: SloGroupStatus[]): SloGroupStatus {
  expect(statuses).toHaveLength(1);
  return statuses[0] as SloGroupStatus;
}

let stores: MonitoringStore[] = [];
afterEach(async () => {
  for (const s of stores) await s.close();
  stores = [];
});

describe('missing data', () => {
  it('no data yet: no groups, no NaN anywhere, the SLO named in the report', async () => {
    const engine = createSloEngine({ slos: [errorSpec()] });
    await engine.evaluate(T0, ctx(createFakeView()));
    expect(engine.statuses()).toEqual([]);
    expect(engine.report()).toMatchObject({
      healthy: true,
      lastEvaluationMillis: T0,
      detail: { slos: 1, groups: 0, noData: ['errors'] },
    });
  });

  it('a group whose window holds no events: SLI and burn rates null, budget untouched', async () => {
    const fake = createFakeView();
    const ops = fake.series('ops', 'counter');
    const engine = createSloEngine({
      slos: [errorSpec({ window: { kind: 'rolling', seconds: 3600 } })],
    });
    fake.add(ops, { sum: 100 });
    await engine.evaluate(T0, ctx(fake));
    // Three hours later, nothing new: the 1 h budget window is empty.
    await engine.evaluate(T0 + 180 * MIN, ctx(fake));
    const s = only(engine.statuses());
    expect(s).toMatchObject({
      sli: null,
      goodRatio: null,
      total: 0,
      budgetRemaining: 1,
      state: 'no_data',
    });
    // Windows up to 2 h hold no event; the 6 h and longer ones still hold the 100 good ones.
    expect(s.burnRates).toEqual({
      '5m': null,
      '30m': null,
      '1h': null,
      '2h': null,
      '6h': 0,
      '1d': 0,
      '3d': 0,
    });
    expect(JSON.stringify(s)).not.toContain('NaN');
    // Once no window holds an event (3 days later), the group is forgotten.
    await engine.evaluate(T0 + 3 * 24 * 60 * MIN + MIN, ctx(fake));
    expect(engine.statuses()).toEqual([]);
    fake.add(ops, { sum: 5 });
    await engine.evaluate(T0 + 3 * 24 * 60 * MIN + 2 * MIN, ctx(fake));
    expect(only(engine.statuses())).toMatchObject({ total: 5 });
  });

  it('a bad-event metric that never arrives counts no bad events', async () => {
    const fake = createFakeView();
    const ops = fake.series('ops', 'counter');
    const engine = createSloEngine({ slos: [errorSpec()] });
    fake.add(ops, { sum: 500 });
    await engine.evaluate(T0, ctx(fake));
    expect(only(engine.statuses())).toMatchObject({
      total: 500,
      good: 500,
      sli: 0,
      budgetRemaining: 1,
    });
  });
});

describe('counter resets and re-created series', () => {
  it('counts the new total after a reset, and a re-created series from zero', async () => {
    const fake = createFakeView();
    const ops = fake.series('ops', 'counter');
    const errors = fake.series('errors', 'counter');
    const engine = createSloEngine({ slos: [errorSpec()] });
    fake.add(ops, { sum: 1000 });
    fake.add(errors, { sum: 10 });
    await engine.evaluate(T0, ctx(fake));
    // Totals drop (the series was reset): 50 and 1 are new events, not −950.
    fake.set(ops, { count: 0, sum: 50 });
    fake.set(errors, { count: 0, sum: 1 });
    await engine.evaluate(T0 + MIN, ctx(fake));
    expect(only(engine.statuses())).toMatchObject({ total: 1050, good: 1050 - 11 });
    // The series is evicted and comes back under a new id: all of its total is new.
    fake.remove(ops);
    const again = fake.series('ops', 'counter');
    fake.add(again, { sum: 70 });
    await engine.evaluate(T0 + 2 * MIN, ctx(fake));
    expect(only(engine.statuses()).total).toBe(1120);
  });
});

describe('restart in the middle of a window', () => {
  it('restores counters, last totals and firing alerts, counting nothing twice', async () => {
    const store = await openSqliteStore({ path: ':memory:', now: () => T0 });
    stores.push(store);
    const fake = createFakeView();
    const ops = fake.series('ops', 'counter');
    const errors = fake.series('errors', 'counter');
    const findings: Finding[] = [];
    const first = createSloEngine({ slos: [errorSpec()], store, historyIntervalMillis: 0 });
    await first.start?.();
    // 30 minutes at 20 % errors (burn rate 200): far above every threshold.
    for (let m = 1; m <= 30; m++) {
      fake.add(ops, { sum: 100 });
      fake.add(errors, { sum: 20 });
      await first.evaluate(T0 + m * MIN, ctx(fake, findings));
    }
    expect(findings.map((f) => [f.kind, f.state])).toEqual([
      ['slo.burn_rate.page', 'firing'],
      ['slo.burn_rate.ticket', 'firing'],
    ]);
    const before = only(first.statuses());
    await first.shutdown?.();

    // Same series store (its totals survived), new engine.
    const second = createSloEngine({ slos: [errorSpec()], store, historyIntervalMillis: 0 });
    await second.start?.();
    expect(second.report().detail).toMatchObject({ restoredGroups: 1 });
    await second.evaluate(T0 + 31 * MIN, ctx(fake, findings));
    const after = only(second.statuses());
    expect(after.total).toBe(before.total);
    expect(after.budgetRemaining).toBeCloseTo(before.budgetRemaining, 12);
    // Still firing: no new "firing" findings; the alerts keep their start.
    expect(findings).toHaveLength(2);
    expect(after.alerts[0]?.sinceMillis).toBe(findings[0]?.startsAtMillis);
    // New events after the restart count once.
    fake.add(ops, { sum: 100 });
    await second.evaluate(T0 + 32 * MIN, ctx(fake, findings));
    expect(only(second.statuses()).total).toBe(before.total + 100);
    expect((await second.history(after.id, { limit: 100 })).length).toBe(32);

    // A third engine over a series store whose checkpoint is older than the engine's state
    // (a crash between the two): the series' totals come back lower than remembered. Those
    // events were counted already: the lower total becomes the baseline, nothing is counted
    // twice, and what arrives afterwards counts.
    await second.shutdown?.();
    const older = createFakeView();
    const olderOps = older.series('ops', 'counter');
    const olderErrors = older.series('errors', 'counter');
    older.set(olderOps, { count: 0, sum: 2950 });
    older.set(olderErrors, { count: 0, sum: 600 });
    const third = createSloEngine({ slos: [errorSpec()], store });
    await third.start?.();
    await third.evaluate(T0 + 33 * MIN, ctx(older));
    expect(only(third.statuses()).total).toBe(before.total + 100);
    older.add(olderOps, { sum: 40 });
    await third.evaluate(T0 + 34 * MIN, ctx(older));
    expect(only(third.statuses()).total).toBe(before.total + 140);
  });
});

describe('replicas sharing one store', () => {
  it("each replica restores its own counters, never another replica's", async () => {
    const store = await openSqliteStore({ path: ':memory:', now: () => T0 });
    stores.push(store);
    // Replica a sees 300 operations, replica b 50: their groups are disjoint in a deployment,
    // but here both count the same SLO under the same group labels, the worst case.
    const views = { a: createFakeView(), b: createFakeView() };
    const volumes = { a: 300, b: 50 };
    for (const name of ['a', 'b'] as const) {
      const engine = createSloEngine({ slos: [errorSpec()], store, replica: name });
      await engine.start?.();
      const view = views[name];
      view.add(view.series('ops', 'counter'), { sum: volumes[name] });
      view.add(view.series('errors', 'counter'), { sum: 1 });
      await engine.evaluate(T0 + MIN, ctx(view));
      await engine.shutdown?.();
    }
    expect((await store.listSloStates()).map((r) => r.sloId)).toEqual(['errors@a', 'errors@b']);
    for (const name of ['b', 'a'] as const) {
      const restarted = createSloEngine({ slos: [errorSpec()], store, replica: name });
      await restarted.start?.();
      expect(restarted.report().detail).toMatchObject({ restoredGroups: 1 });
      await restarted.evaluate(T0 + 2 * MIN, ctx(views[name]));
      expect(only(restarted.statuses()).total).toBe(volumes[name]);
    }
    // A replica without a name keeps the key of a single-replica store and restores nothing
    // of the named ones.
    const unnamed = createSloEngine({ slos: [errorSpec()], store });
    await unnamed.start?.();
    expect(unnamed.report().detail).toMatchObject({ restoredGroups: 0 });
  });
});

describe('persisted state it cannot read', () => {
  it('starts that SLO empty, says so, and keeps the others', async () => {
    const store = await openSqliteStore({ path: ':memory:', now: () => T0 });
    stores.push(store);
    await store.putSloStates([
      { sloId: 'errors', version: 1, data: { version: 1, sloId: 'errors', groups: 'garbage' } },
      { sloId: 'other', version: 1, data: { version: 1, sloId: 'other', groups: [] } },
    ]);
    const warnings: string[] = [];
    const logger = {
      info: () => undefined,
      error: () => undefined,
      warn: (m: string) => warnings.push(m),
    };
    const engine = createSloEngine({
      slos: [errorSpec(), errorSpec({ id: 'other' })],
      store,
      logger,
    });
    await engine.start?.();
    expect(warnings).toEqual(['slo: persisted state could not be read; the SLO starts empty']);
    expect(engine.report().detail).toMatchObject({ restoreFailures: ['errors'] });
    const fake = createFakeView();
    fake.add(fake.series('ops', 'counter'), { sum: 10 });
    await engine.evaluate(T0, ctx(fake));
    expect(engine.statuses().map((s) => [s.sloId, s.total])).toEqual([
      ['errors', 10],
      ['other', 10],
    ]);
  });
});

describe('time slices', () => {
  it('gauge slices: a slice is good when its highest value is under the bound', async () => {
    const fake = createFakeView();
    const heap = fake.series('heap.utilization', 'gauge');
    const engine = createSloEngine({
      slos: [
        errorSpec({
          id: 'heap',
          indicator: { kind: 'gauge', metric: 'heap.utilization', op: '<', threshold: 0.8 },
          objective: 0.9,
          budgeting: { method: 'timeslices', sliceSeconds: 60, sliceObjective: 1 },
        }),
      ],
      sliceGraceMillis: 30_000,
    });
    // Ten 1-minute slices, samples every 15 s; slices 3 and 7 touch 0.85 once.
    for (let m = 0; m < 10; m++) {
      for (let q = 1; q <= 4; q++) {
        const t = T0 + m * MIN + q * 15_000;
        fake.sample(heap, t, (m === 3 || m === 7) && q === 2 ? 0.85 : 0.5);
      }
    }
    // At T0 + 10 min 20 s the last slice waits for late samples (30 s grace): nine closed.
    await engine.evaluate(T0 + 10 * MIN + 20_000, ctx(fake));
    expect(only(engine.statuses())).toMatchObject({ total: 9, good: 7 });
    await engine.evaluate(T0 + 10 * MIN + 30_000, ctx(fake));
    const s = only(engine.statuses());
    expect(s).toMatchObject({ total: 10, good: 8 });
    // 2 bad of 10 slices against a 10 % budget: twice the budget spent.
    expect(s.budgetRemaining).toBeCloseTo(-1, 12);
    expect(s.burnRates['1h']).toBeCloseTo(2, 12);
  });

  it('event slices: a slice is good when its own good share reaches the slice objective', async () => {
    const fake = createFakeView();
    const ops = fake.series('ops', 'counter');
    const errors = fake.series('errors', 'counter');
    const engine = createSloEngine({
      slos: [
        errorSpec({
          budgeting: { method: 'timeslices', sliceSeconds: 60, sliceObjective: 0.95 },
          objective: 0.9,
        }),
      ],
    });
    // Evaluations every 30 s; minute 2 has 10 % errors, the others 1 %.
    for (let k = 1; k <= 10; k++) {
      fake.add(ops, { sum: 100 });
      fake.add(errors, { sum: k === 3 || k === 4 ? 10 : 1 });
      await engine.evaluate(T0 + k * 30_000, ctx(fake));
    }
    expect(only(engine.statuses())).toMatchObject({ total: 5, good: 4 });
  });
});

describe('latency thresholds', () => {
  it('count explicit and exponential histograms, exact at a bound and interpolated inside', async () => {
    const fake = createFakeView();
    const explicit = fake.series('duration', 'histogram');
    fake.bounds(explicit, [0.5, 1, 2]);
    // An exponential histogram at scale 0: bounds are powers of two.
    const exponential = fake.series(
      'duration',
      'exponential_histogram',
      {},
      { 'service.name': 'exp' },
    );
    fake.bounds(exponential, [0.25, 0.5, 1, 2, 4]);
    const engine = createSloEngine({
      slos: [
        errorSpec({
          id: 'at_bound',
          indicator: { kind: 'threshold', metric: 'duration', threshold: 2 },
          objective: 0.9,
        }),
        errorSpec({
          id: 'inside',
          indicator: { kind: 'threshold', metric: 'duration', threshold: 1.5 },
          objective: 0.9,
        }),
      ],
    });
    fake.add(explicit, { count: 100, buckets: [60, 20, 10, 10] });
    fake.add(exponential, { count: 100, buckets: [0, 30, 30, 20, 10, 10] });
    await engine.evaluate(T0, ctx(fake));
    const got = Object.fromEntries(
      engine
        .statuses()
        .map((s) => [`${s.sloId}/${s.labels['service.name']}`, [s.good, s.approximate]]),
    );
    expect(got).toEqual({
      'at_bound/fit': [90, false],
      'at_bound/exp': [80, false],
      // 1.5 s is halfway through (1, 2]: half of that bucket counts as good.
      'inside/fit': [85, true],
      'inside/exp': [70, true],
    });
  });
});

describe('calendar windows', () => {
  it('a calendar month spends its budget from the first of the month', async () => {
    const fake = createFakeView();
    const ops = fake.series('ops', 'counter');
    const errors = fake.series('errors', 'counter');
    const engine = createSloEngine({
      slos: [errorSpec({ window: { kind: 'calendar', unit: 'month' } })],
    });
    const lastOfFeb = Date.UTC(2026, 1, 28, 23, 0);
    fake.add(ops, { sum: 1000 });
    fake.add(errors, { sum: 1 });
    await engine.evaluate(lastOfFeb, ctx(fake));
    expect(only(engine.statuses())).toMatchObject({ total: 1000, window: 'calendar month' });
    expect(only(engine.statuses()).budgetRemaining).toBeCloseTo(0, 12);
    fake.add(ops, { sum: 1000 });
    await engine.evaluate(Date.UTC(2026, 2, 1, 1, 0), ctx(fake));
    const march = only(engine.statuses());
    expect(march).toMatchObject({
      total: 1000,
      good: 1000,
      budgetRemaining: 1,
      windowSeconds: 3600,
    });
  });
});

describe('groups', () => {
  it('splits an SLO by operation, each group with its own budget and findings', async () => {
    const fake = createFakeView();
    const spec = errorSpec({ groupBy: ['service.name', 'op'] });
    const fitOps = fake.series('ops', 'counter', { op: 'fit' });
    const fitErr = fake.series('errors', 'counter', { op: 'fit' });
    const loadOps = fake.series('ops', 'counter', { op: 'load' });
    const engine = createSloEngine({ slos: [spec] });
    fake.add(fitOps, { sum: 100 });
    fake.add(fitErr, { sum: 5 });
    fake.add(loadOps, { sum: 300 });
    await engine.evaluate(T0, ctx(fake));
    const byOp = Object.fromEntries(engine.statuses().map((s) => [s.labels.op, s]));
    expect(byOp.fit).toMatchObject({
      total: 100,
      good: 95,
      labels: { 'service.name': 'fit', op: 'fit' },
    });
    expect(byOp.load).toMatchObject({ total: 300, good: 300 });
    expect(byOp.fit?.id).not.toBe(byOp.load?.id);
    expect(engine.status(byOp.fit?.id as string)).toBe(byOp.fit);
  });
});
