/**
 * `collectReportData` over a real backend (the service run in-process, fed decoded OTLP):
 * the charted series read as the engines read them, their baseline-free trend and computed
 * forecast, and, when the backend has the trend engine's `analytics` part, that engine's
 * trend and forecast instead; anomaly findings that name their series by key become markers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiBackend } from '../../src/api/types.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { MetricsRequest } from '../../src/otlp/model.js';
import { collectReportData } from '../../src/report/collect-report-data.js';
import { summaryKey } from '../../src/report/report-series.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import type { AnalysisService } from '../../src/service/types.js';

const T0 = Date.UTC(2026, 4, 1, 8);
const STEPS = 50;

function gauge(timeMillis: number, value: number): MetricsRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: { 'service.name': 'collect' }, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { name: 's', version: '', attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics: [
              {
                name: 'heterodyne.process.memory.utilization',
                description: '',
                unit: '1',
                data: {
                  type: 'gauge',
                  points: [
                    {
                      attributes: {},
                      startTimeUnixNano: 0,
                      timeUnixNano: timeMillis * 1e6,
                      flags: 0,
                      value,
                      isInt: false,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

let service: AnalysisService | undefined;
afterEach(async () => {
  await service?.shutdown();
  service = undefined;
});

async function backendWithRisingGauge(): Promise<ApiBackend> {
  const parsed = parseConfig('store: "sqlite::memory:"\n', { file: 'collect.yaml' });
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  let now = T0;
  service = createAnalysisService(parsed.value, { clock: { now: () => now }, inProcess: true });
  // In-process nothing listens.
  expect(await service.start()).toEqual({
    otlpHttp: undefined,
    otlpGrpc: undefined,
    api: undefined,
    metrics: undefined,
  });
  for (let i = 1; i <= STEPS; i++) {
    now = T0 + i * 10_000;
    await service.ingest('metrics', gauge(now, 0.3 + 0.004 * i + 0.001 * (i % 3)));
  }
  return service.backend()!;
}

describe('collectReportData', () => {
  it('charts a series with its trend and a forecast computed from its samples', async () => {
    const backend = await backendWithRisingGauge();
    const data = await collectReportData(backend, { nowMillis: T0 + 600_000 });
    const [s] = data.series;
    expect(s?.metric).toBe('heterodyne.process.memory.utilization');
    expect(s?.values).toHaveLength(STEPS);
    expect(s?.values[0]).toBeCloseTo(0.305, 12);
    expect(s?.trend?.direction).toBe('degrading'); // memory rising is worse
    expect(s?.forecast?.source).toBe('report');
    // (50 - 20) / 4 = 7 sampling steps past the last sample (the backtest holds out 4 horizons
    // + 20 points), with an interval around the prediction.
    expect(s?.forecast?.targetTimeMillis).toBe(T0 + (STEPS + 7) * 10_000);
    expect(s!.forecast!.lower).toBeLessThanOrEqual(s!.forecast!.predicted);
    expect(s!.forecast!.upper).toBeGreaterThanOrEqual(s!.forecast!.predicted);
    expect(data.forecasts).toEqual([s!.forecast]);
    expect(data.health.acceptedPoints).toBe(STEPS);
  });

  it("uses the trend engine's trend and forecast when the backend has them, and keyed anomaly markers", async () => {
    const backend = await backendWithRisingGauge();
    const listed = backend.listSeries({ limit: 10 }).series[0]!;
    const key = summaryKey(listed);
    const target = T0 + 3_600_000;
    const withAnalytics = {
      ...backend,
      analytics: {
        trends: () => [
          { series: key, direction: 'stable', slopePerSecond: 0, pValue: 0.9, relativeChange: 0 },
        ],
        forecasts: () => ({
          horizonSeconds: 3600,
          forecasts: [
            {
              series: key,
              metric: listed.metric,
              model: 'holt_winters',
              targetTime: new Date(target).toISOString(),
              prediction: 0.7,
              lower: 0.6,
              upper: 0.8,
              coverage: 0.9,
            },
          ],
        }),
      },
      listFindings: () => ({
        firing: 1,
        findings: [
          {
            engine: 'anomaly',
            kind: 'anomaly',
            severity: 'warning' as const,
            state: 'firing' as const,
            labels: { metric: listed.metric, series: key },
            summary: 'spike',
            value: 6.5,
            evidence: { value: 0.5 },
            startsAtMillis: T0 + 200_000,
            startsAt: new Date(T0 + 200_000).toISOString(),
          },
        ],
      }),
      // Only the parts of the analytics backend the report reads.
    } as unknown as ApiBackend;
    const data = await collectReportData(withAnalytics);
    const [s] = data.series;
    expect(s?.trend).toEqual({
      direction: 'stable',
      slopePerSecond: 0,
      pValue: 0.9,
      relativeChange: 0,
    });
    expect(s?.forecast).toMatchObject({
      source: 'engine',
      model: 'holt_winters',
      targetTimeMillis: target,
      predicted: 0.7,
      lower: 0.6,
      upper: 0.8,
      coverage: 0.9,
      seriesId: listed.id,
    });
    expect(s?.anomalies).toEqual([
      { timeMillis: T0 + 200_000, value: 0.5, score: 6.5, summary: 'spike' },
    ]);
  });
});
