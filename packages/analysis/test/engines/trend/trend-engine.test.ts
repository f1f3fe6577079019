/**
 * The trend engine on a series store: its own history per series (longer than the store's
 * ring), a series too short says so, constant series and NaN values give defined results,
 * a pass analyses at most `max_series_per_pass` series (the longest-waiting first), a
 * forecast crossing the baseline band raises a `forecast_breach` finding that resolves.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import type { TrendEngineConfig } from '../../../src/config/analytics-config.js';
import { trendEngineFactory } from '../../../src/engines/registry.js';
import { createTrendEngine, isTrendEngine } from '../../../src/engines/trend/trend-engine.js';
import type { BaselineRecord } from '../../../src/store/baseline-records.js';
import { gaugeStoreHarness } from '../../helpers/gauge-store-harness.js';
import type { GaugeStoreHarness } from '../../helpers/gauge-store-harness.js';
import { seededRandom } from '../../helpers/seeded-random.js';

function trendConfig(yaml: string): TrendEngineConfig {
  const parsed = parseConfig(`analytics:\n  trend:\n${yaml}`);
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  return parsed.value.analytics.trend;
}

function harness(): GaugeStoreHarness {
  // The store's ring keeps 60 samples, as by default: the engine keeps its own history.
  return gaugeStoreHarness(60);
}

describe('trend engine', () => {
  it('keeps its own history, says when a series is too short, and handles constant series and NaN', async () => {
    const h = harness();
    const engine = createTrendEngine({
      config: trendConfig(
        '    metrics: [up, flat, one, holes]\n    horizon: 100s\n    evaluation_interval: 2h\n',
      ),
    });
    // 300 points in batches of 50 collected every 50 s: more than the ring holds.
    for (let b = 0; b < 6; b++) {
      for (let i = b * 50; i < (b + 1) * 50; i++) {
        h.write('up', i * 10, 1 + 0.01 * i);
        h.write('flat', i * 10, 4);
        h.write('holes', i * 10, i % 5 === 0 ? NaN : 2);
      }
      if (b === 0) h.write('one', 1, 3);
      await engine.evaluate(h.at(), h.context);
    }
    // The analysis ran at the first pass only (evaluation_interval 2h); collection at every pass.
    const byMetric = Object.fromEntries(engine.series().map((s) => [s.metric, s]));
    expect(byMetric.one).toMatchObject({ status: 'insufficient_data' });
    expect(byMetric.one!.reason).toMatch(/1 point/);
    // The first analysis saw 50 points (too few for a 10-step forecast needs 60).
    expect(byMetric.up!.status).toBe('insufficient_data');
    await engine.evaluate(h.at() + 7_200_000, h.context);
    const later = Object.fromEntries(engine.series().map((s) => [s.metric, s]));
    expect(later.up).toMatchObject({
      status: 'ok',
      trend: { direction: 'increasing', points: 300 },
    });
    expect(later.up!.trend!.slopePerSecond).toBeCloseTo(0.001, 6);
    expect(later.up!.forecast!.predictedValue).toBeCloseTo(1 + 0.01 * 309, 1);
    expect(later.flat).toMatchObject({ status: 'ok', trend: { direction: 'stable' } });
    expect(later.flat!.forecast).toMatchObject({ predictedValue: 4, lower: 4, upper: 4 });
    expect(later.holes!.trend!.points).toBe(240);
    expect(h.findings).toEqual([]);
  });

  it('analyses at most max_series_per_pass series, the longest-waiting first', async () => {
    const h = harness();
    for (const m of ['a', 'b', 'c']) for (let i = 1; i <= 20; i++) h.write(m, i, i);
    const engine = createTrendEngine({
      config: trendConfig(
        '    metrics: [a, b, c]\n    max_series_per_pass: 2\n    evaluation_interval: 1s\n',
      ),
    });
    await engine.evaluate(h.at(), h.context);
    expect(engine.report().detail).toMatchObject({ analyzedLastPass: 2, waitingSeries: 1 });
    const first = engine
      .series()
      .filter((s) => s.analyzedAtMillis !== undefined)
      .map((s) => s.metric);
    await engine.evaluate(h.at() + 1000, h.context);
    const second = engine
      .series()
      .filter((s) => s.analyzedAtMillis === h.at() + 1000)
      .map((s) => s.metric);
    expect(second).toContain(['a', 'b', 'c'].find((m) => !first.includes(m)));
  });

  it('raises a forecast_breach when the forecast leaves the baseline band, and resolves it', async () => {
    const h = harness();
    const band = { lower: 0, upper: 5 };
    const baseline = (): BaselineRecord[] => [
      {
        key: 'latency.seconds{service.name="s"}',
        metric: 'latency.seconds',
        method: 'percentile',
        details: { bandLower: band.lower, bandUpper: band.upper },
        createdAt: 0,
        updatedAt: 0,
      } as unknown as BaselineRecord,
    ];
    const engine = createTrendEngine({
      config: trendConfig(
        '    metrics: [latency.seconds]\n    horizon: 100s\n    evaluation_interval: 1s\n',
      ),
      baselines: { listBaselines: async () => baseline() },
    });
    for (let i = 0; i < 200; i++) h.write('latency.seconds', i * 10, 1 + 0.02 * i);
    await engine.evaluate(h.at(), h.context);
    // Last value 4.98, about 5.18 ten steps later: above the band's upper edge.
    expect(h.findings).toMatchObject([
      {
        engine: 'trend',
        kind: 'forecast_breach',
        state: 'firing',
        labels: { limit: 'baseline_band' },
      },
    ]);
    band.upper = 100;
    await engine.evaluate(h.at() + 1000, h.context);
    expect(h.findings.map((f) => f.state)).toEqual(['firing', 'resolved']);
  });

  it('bounds its forests as analytics.ml_models.performance_prediction says', async () => {
    // An autocorrelated series (AR(1)): Holt-Winters does not beat seasonal-naive widely, so
    // the forest is tried unless the series is shorter than min_points.
    const forestError = async (yaml: string) => {
      const h = harness();
      const parsed = parseConfig(
        `analytics:\n  trend:\n    metrics: [level]\n    horizon: 100s\n${yaml}`,
      );
      if (!parsed.ok) throw new Error(parsed.error.join('\n'));
      const deps = {
        store: { listBaselines: () => Promise.resolve([]) } as never,
        clock: { now: () => 0 },
        logger: { info: () => {}, warn: () => {}, error: () => {} },
      };
      const engine = trendEngineFactory(parsed.value, deps)[0]!;
      if (!isTrendEngine(engine)) throw new Error('not the trend engine');
      const random = seededRandom(2);
      let y = 0;
      for (let b = 0; b < 6; b++) {
        for (let i = b * 50; i < (b + 1) * 50; i++) {
          y = 0.8 * y + random() - 0.5;
          h.write('level', i * 10, 100 + y);
        }
        await engine.evaluate(h.at(), h.context);
      }
      await engine.evaluate(h.at() + 7_200_000, h.context);
      const [state] = engine.series();
      expect(state!.status).toBe('ok');
      return state!.forecast!.backtest!.meanAbsoluteError.random_forest;
    };
    expect(await forestError('')).toBeGreaterThan(0);
    const models = '  ml_models:\n    performance_prediction:\n';
    expect(await forestError(`${models}      min_points: 400\n`)).toBeUndefined();
    expect(await forestError(`${models}      skip_when_holt_winters_below: 2\n`)).toBeUndefined();
  });
});
