import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBaselinesEngine } from '../../../src/engines/baselines/baselines-engine.js';
import type { EngineContext } from '../../../src/engines/engine.js';
import type { Finding } from '../../../src/engines/findings.js';
import { createSeriesView } from '../../../src/engines/series-view.js';
import { createSeriesStore } from '../../../src/series/series-store.js';
import { openStore } from '../../../src/store/open-store.js';
import type { MonitoringStore } from '../../../src/store/types.js';
import { createTelemetry } from '../../../src/telemetry/create-telemetry.js';
import type { Telemetry } from '../../../src/telemetry/create-telemetry.js';
import { parse } from '../../config/helpers.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const MEMORY = 'heterodyne.process.memory.usage';
const T0 = 1_700_000_000_000;

describe('baselines engine', () => {
  let store: MonitoringStore;
  let telemetry: Telemetry;
  let now = T0;

  beforeEach(async () => {
    now = T0;
    store = await openStore('sqlite::memory:', { now: () => now });
    telemetry = createTelemetry(parse('exporters:\n  prometheus:\n'), { instanceId: 'i' });
  });
  afterEach(async () => {
    await telemetry.shutdown();
    await store.close();
  });

  it('builds a baseline, raises drift on a 50% memory rise, resolves it when memory comes back', async () => {
    const config = parse(`baselines:\n  metrics: [${MEMORY}]\n  update_interval: 24h\n`);
    const series = createSeriesStore({ clock: { now: () => now }, startTimeMillis: T0 });
    const prefix = series.prefix({ 'service.name': 'fit' }, { name: 'scope', version: '' });
    const metric = series.metric(prefix, MEMORY, 'gauge', 'By');
    const rand = seededRandom(5);
    const write = (level: number): void => {
      now += 10_000;
      const point = {
        attributes: { 'heterodyne.memory.type': 'rss' },
        startTimeUnixNano: 0,
        timeUnixNano: now * 1e6,
        flags: 0,
        value: level * (1 + 0.02 * (rand() - 0.5)),
        isInt: false,
      };
      series.writeNumber(metric, 0, point, now);
    };
    const engine = createBaselinesEngine({
      config: config.baselines,
      store,
      now: () => now,
      metrics: telemetry.derived,
    });
    const findings: Finding[] = [];
    const context: EngineContext = {
      series: createSeriesView(series),
      emit: (f) => findings.push(f),
    };
    const run = async (points: number, level: number): Promise<void> => {
      for (let i = 0; i < points; i++) {
        write(level);
        if (i % 6 === 5) await engine.evaluate(now, context);
      }
    };

    await run(120, 100e6);
    const key = 'heterodyne.process.memory.usage{heterodyne.memory.type="rss",service.name="fit"}';
    const baseline = await store.getBaseline(key);
    expect(baseline).toMatchObject({ method: 'robust', metric: MEMORY });
    expect(baseline!.median).toBeGreaterThan(99e6);
    expect(baseline!.median).toBeLessThan(101e6);
    expect(findings).toEqual([]);

    await run(60, 150e6);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      engine: 'baselines',
      kind: 'drift',
      severity: 'warning',
      state: 'firing',
      labels: { series: key, metric: MEMORY },
    });
    expect(findings[0]!.value).toBeGreaterThan(0.45);
    expect(findings[0]!.threshold).toBe(0.3);
    // The drift started at the first point of the new level (a change point).
    expect(findings[0]!.startsAtMillis).toBe(T0 + 121 * 10_000);
    expect(findings[0]!.evidence).toMatchObject({ test: 'mann-whitney' });
    expect((await store.listDriftEvents()).map((e) => e.seriesKey)).toEqual([key]);

    const text = await telemetry.renderPrometheus();
    expect(text).toMatch(/^heterodyne_baseline_drift_active_ratio\{.*\} 1$/m);
    expect(text).toMatch(
      /^heterodyne_baseline_value\{.*heterodyne_baseline_statistic="p95".*\} 10\d{7}(\.\d+)?$/m,
    );
    expect(text).toMatch(
      /^heterodyne_baseline_drift_events_total\{.*heterodyne_baseline_drift_direction="degraded".*\} 1$/m,
    );

    await run(60, 100e6);
    expect(findings.map((f) => f.state)).toEqual(['firing', 'resolved']);
    // Resolved at an evaluation after memory came back (at T0 + 180 points).
    expect(findings[1]!.endsAtMillis).toBeGreaterThan(T0 + 180 * 10_000);
    expect(findings[1]!.endsAtMillis).toBeLessThanOrEqual(now);
    expect(engine.report()).toMatchObject({
      name: 'baselines',
      healthy: true,
      detail: { series: 1, baselined: 1, drifting: 0 },
    });
    await engine.shutdown?.();
    expect(await telemetry.renderPrometheus()).not.toMatch(/heterodyne_baseline_value/);
  });

  it('follows at most max_series series and counts the others', async () => {
    const config = parse(`baselines:\n  metrics: [${MEMORY}]\n  max_series: 1\n`);
    const series = createSeriesStore({ clock: { now: () => now }, startTimeMillis: T0 });
    const prefix = series.prefix({ 'service.name': 'fit' }, { name: 'scope', version: '' });
    const metric = series.metric(prefix, MEMORY, 'gauge', 'By');
    for (const host of ['a', 'b', 'c']) {
      series.writeNumber(
        metric,
        0,
        {
          attributes: { host },
          startTimeUnixNano: 0,
          timeUnixNano: (now + 1000) * 1e6,
          flags: 0,
          value: 1,
          isInt: false,
        },
        now + 1000,
      );
    }
    now += 2000;
    const engine = createBaselinesEngine({
      config: config.baselines,
      store,
      now: () => now,
      metrics: telemetry.derived,
    });
    const context = { series: createSeriesView(series), emit: () => {} };
    await engine.evaluate(now, context);
    await engine.evaluate(now + 60_000, context);
    expect(engine.report().detail).toMatchObject({ series: 1, ignoredSeries: 2 });
    const text = await telemetry.renderPrometheus();
    expect(text).toMatch(/^heterodyne_baseline_series_tracked\{.*\} 1$/m);
    expect(text).toMatch(/^heterodyne_baseline_series_ignored\{.*\} 2$/m);
    await engine.shutdown?.();
  });

  it('uses the mean of each histogram interval and ignores intervals without observations', async () => {
    const config = parse(
      `baselines:\n  metrics: [heterodyne.operation.duration]\n  min_samples: 10\n`,
    );
    const series = createSeriesStore({ clock: { now: () => now }, startTimeMillis: T0 });
    const prefix = series.prefix({ 'service.name': 'fit' }, { name: 'scope', version: '' });
    const metric = series.metric(prefix, 'heterodyne.operation.duration', 'histogram', 's');
    let count = 0;
    let sum = 0;
    for (let i = 0; i < 30; i++) {
      now += 10_000;
      const n = i % 5 === 0 ? 0 : 4; // every fifth interval has no observations
      count += n;
      sum += n * 2.5;
      series.writeHistogram(
        metric,
        2,
        {
          attributes: {},
          startTimeUnixNano: T0 * 1e6,
          timeUnixNano: now * 1e6,
          flags: 0,
          count,
          sum,
          bucketCounts: [count],
          explicitBounds: [],
          min: undefined,
          max: undefined,
        },
        now,
      );
    }
    const engine = createBaselinesEngine({ config: config.baselines, store, now: () => now });
    await engine.evaluate(now, { series: createSeriesView(series), emit: () => {} });
    const [baseline] = await store.listBaselines();
    expect(baseline).toMatchObject({ method: 'percentile', p50: 2.5, p99: 2.5 });
    expect(baseline!.sampleCount).toBeLessThan(30);
  });
});
