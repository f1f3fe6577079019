/**
 * The anomaly engine's edge cases and bounds: a constant series, one point, NaN values and
 * time gaps give defined scores and no findings; a pass stops at its point budget and the
 * next pass goes on with the series not reached; only the configured metrics are scored;
 * a series the store evicts loses its state and its firing anomaly resolves.
 */
import { describe, expect, it } from 'vitest';
import { createAnomalyEngine } from '../../../src/engines/anomaly/anomaly-engine.js';
import type { SeriesView, ViewSeries } from '../../../src/engines/series-view.js';
import type { Sample } from '../../../src/series/types.js';
import { gaugeStoreHarness } from '../../helpers/gauge-store-harness.js';
import type { GaugeStoreHarness } from '../../helpers/gauge-store-harness.js';

function harness(ringCapacity = 2000): GaugeStoreHarness {
  return gaugeStoreHarness(ringCapacity);
}

describe('anomaly engine edge cases', () => {
  it('gives a constant series, one point, NaN values and gaps defined results without findings', async () => {
    const h = harness();
    for (let i = 1; i <= 300; i++) h.write('constant', i, 7);
    h.write('single', 1, 3);
    for (let i = 1; i <= 300; i++)
      h.write('holes', i < 150 ? i : i + 3600, i % 10 === 0 ? NaN : 5 + (i % 3));
    const engine = createAnomalyEngine();
    await engine.evaluate(h.at(), h.context);
    const byMetric = Object.fromEntries(engine.series().map((s) => [s.metric, s]));
    expect(byMetric.constant).toMatchObject({ points: 300, firing: false });
    expect(byMetric.constant!.lastScore.score).toBe(0);
    expect(byMetric.single).toMatchObject({ points: 1, lastValue: 3 });
    expect(byMetric.single!.lastScore).toMatchObject({ score: 0, anomaly: false });
    // NaN values are gaps: not scored, not counted.
    expect(byMetric.holes!.points).toBe(270);
    for (const s of engine.series()) {
      expect(s.lastScore.score).toBeGreaterThanOrEqual(0);
      expect(s.lastScore.score).toBeLessThanOrEqual(1);
    }
    // No finding for any of them: the regular 5, 6, 7 series with NaN holes and an hour-long
    // gap holds nothing unexpected either.
    expect(h.findings).toEqual([]);
    for (const f of h.findings) expect(['firing', 'resolved']).toContain(f.state);
  });

  it('stops a pass at its point budget and continues with the next series at the next pass', async () => {
    const h = harness();
    for (const m of ['a', 'b', 'c']) for (let i = 1; i <= 200; i++) h.write(m, i, i % 7);
    const engine = createAnomalyEngine({ maxPointsPerPass: 150 });
    await engine.evaluate(h.at(), h.context);
    expect(engine.report().detail).toMatchObject({ scoredPoints: 200, deferredSeries: 2 });
    await engine.evaluate(h.at(), h.context);
    expect(engine.report().detail).toMatchObject({ scoredPoints: 400, deferredSeries: 2 });
    await engine.evaluate(h.at(), h.context);
    expect(engine.report().detail).toMatchObject({ scoredPoints: 600, deferredSeries: 2 });
    // Nothing new: every series is reached.
    await engine.evaluate(h.at(), h.context);
    expect(engine.report().detail).toMatchObject({ scoredPoints: 600, deferredSeries: 0 });
    expect(engine.series().map((s) => s.points)).toEqual([200, 200, 200]);
  });

  it('stops a pass when its time budget is spent', async () => {
    const h = harness();
    for (const m of ['a', 'b']) for (let i = 1; i <= 50; i++) h.write(m, i, 1);
    let clock = 0;
    // Each reading of the clock advances it 600 ms: the budget of 0.5 s is spent after one series.
    const engine = createAnomalyEngine({
      passBudgetMillis: 500,
      elapsedMillis: () => (clock += 600),
    });
    await engine.evaluate(h.at(), h.context);
    expect(engine.report().detail).toMatchObject({ scoredPoints: 50, deferredSeries: 1 });
  });

  it('lets the event loop run between slices of a long pass', async () => {
    const h = harness();
    for (const m of ['a', 'b', 'c', 'd']) for (let i = 1; i <= 50; i++) h.write(m, i, 1);
    let clock = 0;
    // Each reading of the clock advances it 4 ms: a slice passes 10 ms after a few series.
    const engine = createAnomalyEngine({
      passBudgetMillis: 60_000,
      elapsedMillis: () => (clock += 4),
    });
    let finished = false;
    const turns: boolean[] = [];
    setImmediate(() => turns.push(finished));
    await engine.evaluate(h.at(), h.context);
    finished = true;
    await new Promise((r) => setImmediate(r));
    // The pass scored every series, and the event loop turned before it finished.
    expect(engine.report().detail).toMatchObject({ scoredPoints: 200, deferredSeries: 0 });
    expect(turns).toEqual([false]);
  });

  it('scores at least one series per pass even when the budget is spent before the first', async () => {
    const h = harness();
    for (const m of ['a', 'b']) for (let i = 1; i <= 50; i++) h.write(m, i, 1);
    let clock = 0;
    // Every reading of the clock is past the 10 ms budget (as when creating thousands of
    // detectors took longer than the budget): each pass still scores one series.
    const engine = createAnomalyEngine({
      passBudgetMillis: 10,
      elapsedMillis: () => (clock += 600),
    });
    await engine.evaluate(h.at(), h.context);
    expect(engine.report().detail).toMatchObject({ scoredPoints: 50, deferredSeries: 1 });
    await engine.evaluate(h.at(), h.context);
    expect(engine.report().detail).toMatchObject({ scoredPoints: 100 });
  });

  it('scores only the configured metrics', async () => {
    const h = harness();
    for (const m of ['keep', 'skip']) for (let i = 1; i <= 10; i++) h.write(m, i, i);
    const engine = createAnomalyEngine({ metrics: ['keep'] });
    await engine.evaluate(h.at(), h.context);
    expect(engine.series().map((s) => s.metric)).toEqual(['keep']);
  });

  it('drops the state of an evicted series and resolves its firing anomaly', async () => {
    const h = harness();
    for (let i = 1; i <= 400; i++) h.write('m', i, i === 400 ? 1000 : 10 + (i % 5) * 0.1);
    const engine = createAnomalyEngine();
    await engine.evaluate(h.at(), h.context);
    expect(h.findings.map((f) => f.state)).toEqual(['firing']);
    // The store no longer lists the series.
    const empty: SeriesView = {
      select: (): readonly ViewSeries[] => [],
      totals: () => undefined,
      samples: (): readonly Sample[] => [],
    };
    await engine.evaluate(h.at() + 15_000, { series: empty, emit: (f) => h.findings.push(f) });
    expect(h.findings.map((f) => f.state)).toEqual(['firing', 'resolved']);
    expect(engine.series()).toEqual([]);
    expect(engine.anomalies()[0]?.resolvedAtMillis).toBe(h.at() + 15_000);
  });
});
