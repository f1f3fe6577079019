import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BaselineManager } from '../../../src/engines/baselines/baseline-manager.js';
import { openStore } from '../../../src/store/open-store.js';
import type { MonitoringStore } from '../../../src/store/types.js';
import { seededRandom } from '../../helpers/seeded-random.js';

function gaussian(seed: number): () => number {
  const u = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

const T0 = 1_700_000_000_000;
const METRIC = 'heterodyne.operation.duration';

interface Target {
  name: string;
  open(now: () => number): Promise<{ store: MonitoringStore; dispose: () => Promise<void> }>;
}

const PG_URL = process.env.HETERODYNE_TEST_PG_URL;
const targets: Target[] = [
  {
    name: 'SQLite',
    async open(now) {
      const store = await openStore('sqlite::memory:', { now });
      return { store, dispose: () => store.close() };
    },
  },
];
if (PG_URL !== undefined) {
  let n = 0;
  targets.push({
    name: 'PostgreSQL',
    async open(now) {
      const schema = `heterodyne_bm_${Date.now().toString(36)}_${process.pid}_${++n}`;
      const store = await openStore(
        { kind: 'postgres', connectionString: PG_URL, schema },
        { now },
      );
      return {
        store,
        async dispose() {
          await store.close();
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await client.end();
        },
      };
    },
  });
} else if (process.env.CI === 'true') {
  throw new Error('HETERODYNE_TEST_PG_URL is not set (CI=true: the PostgreSQL runs must happen)');
} else {
  console.warn(
    '\n*** BaselineManager runs on SQLite only: HETERODYNE_TEST_PG_URL is not set ***\n',
  );
}

describe.each(targets)('BaselineManager ($name store)', (target) => {
  let store: MonitoringStore;
  let dispose: () => Promise<void>;
  let now = T0;
  let manager: BaselineManager;
  const clock = (): number => now;

  beforeEach(async () => {
    now = T0;
    ({ store, dispose } = await target.open(clock));
    manager = new BaselineManager({ store, now: clock });
  });
  afterEach(async () => dispose());

  function feed(n: number, level: number, sigma: number, seed: number, key = METRIC): void {
    const g = gaussian(seed);
    for (let i = 0; i < n; i++) {
      now += 10_000;
      manager.addDataPoint(METRIC, level + sigma * g(), now, key);
    }
  }

  it('refuses a baseline before the minimum sample count, then stores one', async () => {
    feed(30, 1.5, 0.05, 1);
    const early = await manager.updateBaseline(METRIC);
    expect(early).toMatchObject({ ok: false, error: { reason: 'insufficient-data' } });
    feed(40, 1.5, 0.05, 2);
    const r = await manager.updateBaseline(METRIC);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.method).toBe('percentile'); // durations default to percentiles
    expect(r.value.sampleCount).toBe(70);
    expect(r.value.p50).toBeGreaterThan(1.45);
    expect(r.value.p50).toBeLessThan(1.55);
    expect(r.value.p99).toBeGreaterThan(r.value.p95);
    expect(await store.getBaseline(METRIC)).toEqual(r.value);
  });

  it('finds no drift in more of the same, and drift after a 40% regression', async () => {
    feed(200, 1.5, 0.05, 3);
    expect((await manager.updateBaseline(METRIC)).ok).toBe(true);
    feed(50, 1.5, 0.05, 4);
    const same = await manager.validateBaseline(METRIC);
    expect(same).toMatchObject({ valid: true, status: 'ok' });
    expect(same.assessment?.test).toBe('mann-whitney');

    feed(50, 2.1, 0.05, 5);
    const drift = await manager.validateBaseline(METRIC);
    expect(drift.status).toBe('drift');
    expect(drift.assessment).toMatchObject({ direction: 'degraded', drift: true });
    expect(drift.assessment!.relativeChange).toBeGreaterThan(0.35);
    expect(drift.assessment!.pValue).toBeLessThan(1e-6);
    expect(drift.assessment!.confidence).toBeGreaterThan(0.99);
    expect(drift.suggestedAction).toMatch(/investigate the regression/);
    // The change point between the levels is found at the first point of the new level.
    expect(drift.changePoints.map((c) => c.index)).toContain(250);

    const history = await manager.getDriftHistory(7);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ seriesKey: METRIC, test: 'mann-whitney' });
    // A drift that goes on is one event, not one per validation.
    await manager.validateBaseline(METRIC);
    expect(await manager.getDriftHistory(7)).toHaveLength(1);

    // Automatic updates wait while the drift lasts; a manual update uses the new level.
    now += 2 * 3_600_000;
    expect(await manager.autoUpdate()).toEqual([]);
    const manual = await manager.updateBaseline(METRIC);
    expect(manual.ok && manual.value.p50).toBeGreaterThan(2);
    expect(manual.ok && manual.value.details.sinceChangePoint).toBe(true);
  });

  it('a significant but small change is not drift (effect-size threshold)', async () => {
    feed(400, 100, 1, 6);
    await manager.updateBaseline(METRIC);
    feed(50, 103, 1, 7); // +3%: highly significant, below the 20% threshold
    const v = await manager.validateBaseline(METRIC);
    expect(v.status).toBe('ok');
    expect(v.assessment!.pValue).toBeLessThan(0.001);
    expect(v.suggestedAction).toMatch(/below the 20.0% threshold/);
  });

  it("uses Welch's t from the stored statistics when the sample is not in memory", async () => {
    feed(200, 1.5, 0.05, 8);
    await manager.updateBaseline(METRIC);
    const fresh = new BaselineManager({ store, now: clock });
    const g = gaussian(9);
    for (let i = 0; i < 30; i++) {
      now += 10_000;
      fresh.addDataPoint(METRIC, 2.2 + 0.05 * g(), now);
    }
    const v = await fresh.validateBaseline(METRIC);
    expect(v.assessment?.test).toBe('welch-t');
    expect(v.status).toBe('drift');
    expect(await fresh.getDriftHistory()).toHaveLength(1);
    // After another restart the drift already recorded against this baseline goes on: no
    // second event.
    const again = new BaselineManager({ store, now: clock });
    for (let i = 0; i < 30; i++) again.addDataPoint(METRIC, 2.2 + 0.05 * g(), (now += 10_000));
    expect((await again.validateBaseline(METRIC)).status).toBe('drift');
    expect(again.driftingSince(METRIC)).toBeDefined();
    expect(await again.getDriftHistory()).toHaveLength(1);
  });

  it('accuracy drops are degradations', async () => {
    const acc = 'heterodyne.accuracy.achieved';
    const g = gaussian(10);
    for (let i = 0; i < 100; i++) manager.addDataPoint(acc, 0.95 + 0.002 * g(), (now += 1000));
    expect((await manager.updateBaseline(acc)).ok && (await store.getBaseline(acc))!.method).toBe(
      'mean',
    );
    for (let i = 0; i < 30; i++) manager.addDataPoint(acc, 0.92 + 0.002 * g(), (now += 1000));
    const v = await manager.validateBaseline(acc);
    expect(v.assessment).toMatchObject({ drift: true, direction: 'degraded' });
  });

  it('versions: create, list, diff and roll back', async () => {
    feed(100, 1.5, 0.05, 11);
    await manager.updateBaseline(METRIC);
    const v1 = await manager.createBaselineVersion('v1.0', 'Initial production baseline');
    expect(v1).toMatchObject({
      name: 'v1.0',
      notes: 'Initial production baseline',
      baselineCount: 1,
    });
    feed(100, 3, 0.05, 12);
    await manager.updateBaseline(METRIC);
    const diff = await manager.diffBaselineVersions(v1.id);
    expect(diff.ok && diff.value[0]!.change).toBe('changed');
    expect(diff.ok && diff.value[0]!.statistics.p50.relative).toBeGreaterThan(0.9);
    const back = await manager.rollbackBaselineVersion(v1.id);
    expect(back.ok && back.value[0]!.p50).toBeLessThan(1.6);
    expect((await manager.listBaselineVersions()).map((v) => v.name)).toEqual(['v1.0']);
    expect(await manager.rollbackBaselineVersion('nope')).toMatchObject({ ok: false });
    expect(await manager.diffBaselineVersions('nope')).toEqual({
      ok: false,
      error: "baseline version 'nope' does not exist",
    });
  });

  it('status, unknown series, invalid data and limits', async () => {
    expect(await manager.updateBaseline('nothing')).toMatchObject({
      ok: false,
      error: { reason: 'unknown-series' },
    });
    expect(await manager.validateBaseline('nothing')).toMatchObject({
      status: 'no-baseline',
      valid: false,
    });
    for (let i = 0; i < 90; i++)
      manager.addDataPoint('m.error_rate', i % 3 === 0 ? Number.NaN : 0.01, (now += 1000));
    expect(await manager.updateBaseline('m.error_rate')).toMatchObject({
      ok: false,
      error: { reason: 'invalid-values' },
    });
    const limited = new BaselineManager({ store, now: clock, maxSeries: 1 });
    expect(limited.addDataPoint('a', 1)).toBe(true);
    expect(limited.addDataPoint('b', 1)).toBe(false);
    const status = await limited.getBaselineStatus();
    expect(status).toMatchObject({ refusedPoints: 1, autoUpdateEnabled: true, drifting: [] });
    expect(status.series).toEqual([{ key: 'a', metric: 'a', points: 1, drifting: false }]);
  });

  it('judges drift on seasonally adjusted values once a daily profile exists', async () => {
    const g = gaussian(21);
    const hour = 3_600_000;
    now = Date.UTC(2025, 0, 6); // midnight UTC
    // Busy hours 9-17 UTC run at 3 s, quiet hours at 1 s: a daily cycle, not drift.
    const daily = (t: number): number => {
      const h = new Date(t).getUTCHours();
      return h >= 9 && h < 17 ? 3 : 1;
    };
    const seasonal = new BaselineManager({ store, now: clock, maxPointsPerSeries: 5000 });
    const plain = new BaselineManager({ store, now: clock, seasonal: { minPeriods: 1000 } });
    const feedBoth = (hours: number, factor: number): void => {
      for (let i = 0; i < hours * 6; i++) {
        now += hour / 6;
        const v = daily(now) * factor * (1 + 0.03 * g());
        seasonal.addDataPoint(METRIC, v, now, 'seasonal');
        plain.addDataPoint(METRIC, v, now, 'plain');
      }
    };
    feedBoth(24 * 4, 1);
    const base = await seasonal.updateBaseline('seasonal');
    expect(
      base.ok && (base.value.details.seasonal as { hourOfDay: number[] }).hourOfDay[12],
    ).toBeCloseTo(3, 0);
    await plain.updateBaseline('plain');
    // Eight busy hours of the usual cycle.
    now = Date.UTC(2025, 0, 10, 9);
    feedBoth(8, 1);
    const adjusted = await seasonal.validateBaseline('seasonal');
    expect(adjusted).toMatchObject({ status: 'ok', seasonallyAdjusted: true });
    const raw = await plain.validateBaseline('plain');
    expect(raw).toMatchObject({ status: 'drift', seasonallyAdjusted: false });
    // A real regression on top of the cycle is still drift.
    feedBoth(8, 1.5);
    expect((await seasonal.validateBaseline('seasonal')).status).toBe('drift');
  });

  it('constant series and single points give defined results', async () => {
    for (let i = 0; i < 60; i++) manager.addDataPoint(METRIC, 2, (now += 1000));
    const r = await manager.updateBaseline(METRIC);
    expect(r.ok && r.value).toMatchObject({ p50: 2, p99: 2, std: 0, mad: 0 });
    for (let i = 0; i < 20; i++) manager.addDataPoint(METRIC, 2, (now += 1000));
    expect(await manager.validateBaseline(METRIC)).toMatchObject({
      status: 'ok',
      assessment: { pValue: 1, relativeChange: 0 },
    });
    for (let i = 0; i < 20; i++) manager.addDataPoint(METRIC, 3, (now += 1000));
    expect((await manager.validateBaseline(METRIC)).status).toBe('drift');
    manager.addDataPoint('one', 5);
    expect(await manager.validateBaseline('one')).toMatchObject({
      status: 'no-baseline',
      changePoints: [],
    });
  });

  it('auto-updates missing and stale baselines only', async () => {
    feed(80, 5, 0.1, 13);
    expect(await manager.autoUpdate()).toEqual([METRIC]);
    expect(await manager.autoUpdate()).toEqual([]); // fresh
    now += 3_600_001;
    expect(await manager.autoUpdate()).toEqual([METRIC]);
    const off = new BaselineManager({ store, now: clock, autoUpdate: false });
    off.addDataPoint(METRIC, 1);
    expect(await off.autoUpdate()).toEqual([]);
  });
});
