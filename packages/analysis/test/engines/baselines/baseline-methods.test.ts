import { describe, expect, it } from 'vitest';
import {
  computeBaseline,
  withoutOutliers,
} from '../../../src/engines/baselines/baseline-methods.js';
import { checkQuality } from '../../../src/engines/baselines/data-quality.js';
import { assessDrift, formatRelativeChange } from '../../../src/engines/baselines/drift-test.js';
import { metricProfile } from '../../../src/engines/baselines/metric-profile.js';
import { seasonalProfiles } from '../../../src/engines/baselines/seasonal-profile.js';
import { diffBaselines } from '../../../src/engines/baselines/version-diff.js';
import type { BaselineRecord } from '../../../src/store/baseline-records.js';

describe('baseline methods', () => {
  const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('mean: Student-t interval computed by hand', () => {
    // mean 5.5, s = sqrt(82.5/9) = 3.0277, t(0.975, 9) = 2.2622 (table) → half 2.1659.
    const b = computeBaseline(oneToTen, 'mean');
    expect(b.location).toBe(5.5);
    expect(b.std).toBeCloseTo(3.0276503540974917, 12);
    expect(b.ciUpper - 5.5).toBeCloseTo(2.2621571627 * (3.0276503540974917 / Math.sqrt(10)), 8);
    expect(b.ciLevel).toBe(0.95);
    expect(b.sampleCount).toBe(10);
  });

  it('percentile: P50/P95/P99 and an order-statistic interval of the median', () => {
    const b = computeBaseline(oneToTen, 'percentile');
    expect(b.p50).toBe(5.5);
    expect(b.p95).toBeCloseTo(9.55, 12);
    expect(b.p99).toBeCloseTo(9.91, 12);
    // ranks 5 ∓ 1.96·√10/2 = 5 ∓ 3.099 → order statistics x(2) and x(9). By the exact
    // binomial: (x(2), x(9)) covers the median with 1 − 2·(1 + 10)/1024 = 0.979 >= 0.95,
    // while (x(3), x(8)) covers only 1 − 2·56/1024 = 0.891.
    expect([b.ciLower, b.ciUpper]).toEqual([2, 9]);
    // MAD of 1..10 about 5.5 is 2.5 (unscaled); band = 5.5 ± 2 · 1.4826 · 2.5.
    expect(b.mad).toBe(2.5);
    expect(b.bandUpper).toBeCloseTo(5.5 + 2 * 1.482602218505602 * 2.5, 12);
  });

  it('robust: drops outliers by modified z-score before median and MAD', () => {
    const values = [10, 11, 9, 10, 12, 8, 10, 11, 9, 1000];
    // median 10, MAD 1 → σ̂ 1.4826; 1000 has z ≈ 668 and goes.
    expect(
      withoutOutliers(
        [...values].sort((a, b) => a - b),
        3.5,
      ),
    ).not.toContain(1000);
    const b = computeBaseline(values, 'robust');
    expect(b.outliersRemoved).toBe(1);
    expect(b.sampleCount).toBe(9);
    expect(b.location).toBe(10);
    expect(b.mean).toBeCloseTo(90 / 9, 12);
    const plain = computeBaseline(values, 'mean');
    expect(plain.mean).toBe(109);
  });

  it('gives defined results for tiny and constant samples', () => {
    expect(computeBaseline([], 'mean')).toMatchObject({ sampleCount: 0 });
    expect(computeBaseline([], 'mean').mean).toBeNaN();
    const one = computeBaseline([4], 'robust');
    expect(one).toMatchObject({ p50: 4, p99: 4, std: 0, sampleCount: 1 });
    expect(one.ciLower).toBeNaN();
    const huge = computeBaseline([0.9e300, 1e300, 1.1e300, 1e300], 'mean');
    expect(huge.std / 1e299).toBeCloseTo(Math.sqrt(2 / 3), 10);
    expect(Number.isFinite(huge.ciLower) && Number.isFinite(huge.ciUpper)).toBe(true);
    const flat = computeBaseline(Array(60).fill(3), 'robust');
    expect(flat).toMatchObject({
      location: 3,
      scale: 0,
      bandLower: 3,
      bandUpper: 3,
      outliersRemoved: 0,
    });
  });
});

describe('quality, profiles, seasonality, diff', () => {
  it('refuses too few or too many invalid values', () => {
    expect(checkQuality([1, 2], { minSamples: 3 })).toMatchObject({
      ok: false,
      reason: 'insufficient-data',
    });
    const many = [...Array(50).fill(1), ...Array(10).fill(Number.NaN)];
    expect(checkQuality(many)).toMatchObject({ ok: false, reason: 'invalid-values' });
    expect(checkQuality([...Array(50).fill(1), Number.NaN])).toMatchObject({
      ok: true,
      invalid: 1,
    });
  });

  it('judges drift from a zero baseline (an error rate that was 0) and says so', () => {
    const a = assessDrift(
      Array(30).fill(0.05),
      {
        location: 0,
        mean: 0,
        std: 0,
        sampleCount: 100,
        locationKind: 'median',
        sample: Array(100).fill(0),
      },
      metricProfile('job.error_rate'),
    );
    expect(a).toMatchObject({ drift: true, direction: 'degraded', relativeChange: Infinity });
    expect(a.suggestedAction).toContain('up from zero');
    expect(formatRelativeChange(0.125)).toBe('+12.5%');
    expect(formatRelativeChange(-0.03)).toBe('-3.0%');
  });

  it('maps metric names to categories, thresholds and polarity', () => {
    expect(metricProfile('heterodyne.operation.duration')).toEqual({
      category: 'response_time',
      effectSizeThreshold: 0.2,
      polarity: 'higher-is-worse',
    });
    expect(metricProfile('heterodyne.process.memory.usage').effectSizeThreshold).toBe(0.3);
    expect(metricProfile('heterodyne.accuracy.achieved')).toMatchObject({
      effectSizeThreshold: 0.01,
      polarity: 'higher-is-better',
    });
    expect(metricProfile('job.error_rate').effectSizeThreshold).toBe(0.1);
    expect(metricProfile('x', {}, { x: 0.5 }).effectSizeThreshold).toBe(0.5);
  });

  it('builds hour-of-day profiles only after enough days', () => {
    const hour = 3_600_000;
    const times: number[] = [];
    const values: number[] = [];
    for (let h = 0; h < 24 * 4; h++) {
      times.push(h * hour);
      values.push(h % 24 >= 9 && h % 24 < 17 ? 100 : 10);
    }
    const p = seasonalProfiles(times, values);
    expect(p.hourOfDay?.[12]).toBe(100);
    expect(p.hourOfDay?.[3]).toBe(10);
    expect(p.dayOfWeek).toBeUndefined();
    expect(seasonalProfiles(times.slice(0, 48), values.slice(0, 48))).toEqual({});
  });

  it('diffs two sets of baselines', () => {
    const rec = (key: string, p50: number): BaselineRecord =>
      ({ key, metric: 'm', method: 'robust', p50, p95: 1, p99: 1, mean: 1 }) as BaselineRecord;
    const d = diffBaselines([rec('a', 10), rec('b', 1)], [rec('a', 12), rec('c', 1)]);
    expect(d.map((e) => [e.key, e.change])).toEqual([
      ['a', 'changed'],
      ['b', 'removed'],
      ['c', 'added'],
    ]);
    expect(d[0]!.statistics.p50.relative).toBeCloseTo(0.2, 12);
  });
});
