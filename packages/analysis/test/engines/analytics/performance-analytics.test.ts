import { describe, expect, it } from 'vitest';
import { PerformanceAnalytics } from '../../../src/engines/analytics/performance-analytics.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 6);

describe('PerformanceAnalytics', () => {
  it('detects a spike with its expected range, reason and context', () => {
    const random = seededRandom(3);
    let now = T0;
    const analytics = new PerformanceAnalytics({ clock: () => now });
    for (let i = 0; i < 800; i++) {
      now = T0 + i * MINUTE;
      analytics.addPerformanceData('response_time', i === 790 ? 9 : 1.2 + 0.1 * (random() - 0.5), {
        operation: 'optimization',
      });
    }
    const anomalies = analytics.detectAnomalies('response_time');
    expect(anomalies.map((a) => a.timeMillis)).toContain(T0 + 790 * MINUTE);
    const spike = anomalies.find((a) => a.timeMillis === T0 + 790 * MINUTE)!;
    expect(spike.value).toBe(9);
    expect(spike.expectedHigh).toBeLessThan(9);
    expect(spike.why).toMatch(/^9 is above the expected range/);
    expect(spike.context).toEqual({ operation: 'optimization' });
    expect(analytics.detectAnomalies('response_time', 5)).toHaveLength(0);
    expect(analytics.detectAnomalies('unknown')).toEqual([]);
  });

  it('analyses trends and forecasts from the added data', () => {
    const analytics = new PerformanceAnalytics();
    for (let i = 0; i < 300; i++)
      analytics.addPerformanceData('memory', 100 + i, undefined, T0 + i * MINUTE);
    expect(analytics.analyzeTrends('memory').direction).toBe('degrading');
    const p = analytics.predictPerformance('memory', 600);
    expect(p.metric).toBe('memory');
    expect(p.horizonPoints).toBe(10);
    expect(p.predictedValue).toBeCloseTo(100 + 299 + 10, 0);
    expect(analytics.analyzeTrends('nothing').direction).toBe('insufficient_data');
    expect(analytics.predictPerformance('nothing').reason).toContain('0 points');
  });

  it('ignores non-finite values and out-of-order points, bounds the history and summarises', () => {
    const analytics = new PerformanceAnalytics({ maxPointsPerMetric: 50 });
    expect(analytics.addPerformanceData('a', Number.NaN, undefined, T0)).toBe(false);
    for (let i = 0; i < 80; i++) analytics.addPerformanceData('a', i, undefined, T0 + i * MINUTE);
    expect(analytics.addPerformanceData('a', 1, undefined, T0)).toBe(false);
    analytics.addPerformanceData('b', 1, undefined, T0);
    const summary = analytics.getAnalyticsSummary();
    expect(summary.metrics).toBe(2);
    expect(summary.totalPoints).toBe(51);
    expect(summary.perMetric[0]).toMatchObject({ metric: 'a', points: 50, lastValue: 79 });
  });

  it('discovers operation patterns from the points’ operation context', () => {
    const analytics = new PerformanceAnalytics();
    const ops = { a1: 1, a2: 1.1, b1: 5, b2: 5.2, c1: 20, c2: 21 } as const;
    let t = T0;
    for (const [operation, duration] of Object.entries(ops)) {
      for (let i = 0; i < 5; i++)
        analytics.addPerformanceData('duration', duration, { operation }, (t += MINUTE));
    }
    const patterns = analytics.discoverPatterns(['duration']);
    expect(patterns.k).toBe(3);
    expect(patterns.clusters.map((c) => c.operations.sort().join(',')).sort()).toEqual([
      'a1,a2',
      'b1,b2',
      'c1,c2',
    ]);
  });

  it('rejects invalid options', () => {
    expect(() => new PerformanceAnalytics({ maxPointsPerMetric: 1 })).toThrow('maxPointsPerMetric');
    expect(() => new PerformanceAnalytics({ anomalyDetection: { contamination: 2 } })).toThrow(
      'contamination',
    );
  });
});
