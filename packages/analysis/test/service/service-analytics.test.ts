/**
 * The anomaly and trend engines inside the running service, fed over real OTLP/HTTP on
 * loopback with an injected clock: a spike raises an `anomaly` finding that resolves once
 * the series is ordinary again; a rising series gets a trend, a forecast that crosses its
 * limit (a `forecast_breach` finding), and a series too short says so; the three routes and
 * `/metrics` show what the engines found.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyticsCommand } from '../../src/cli/analytics-commands.js';
import { parseConfig } from '../../src/config/load-config.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { SILENT_LOGGER } from '../../src/service/logger.js';
import type { AnalysisService } from '../../src/service/types.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';
import { manualTimer } from '../helpers/manual-timer.js';
import type { ManualTimer } from '../helpers/manual-timer.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { fakeIo } from '../cli/fake-io.js';

const T0 = 1_700_000_000_000;
const ANALYTICS = [
  'analytics:',
  '  anomaly: { resolve_after_points: 5 }',
  '  trend:',
  '    metrics: [lab.queue.depth, lab.short]',
  '    evaluation_interval: 15s',
  '    horizon: 10m',
  '    limits: { lab.queue.depth: { upper: 53 } }',
  '',
].join('\n');

let dir: string;
let service: AnalysisService;
let timer: ManualTimer;
let now = T0;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'service-analytics-'));
  const parsed = parseConfig(loopbackServiceYaml(join(dir, 's.db')) + ANALYTICS, {
    file: 'service.yaml',
  });
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  now = T0;
  timer = manualTimer();
  service = createAnalysisService(parsed.value, {
    logger: SILENT_LOGGER,
    clock: { now: () => now },
    schedulerTimer: timer,
  });
  await service.start();
});
afterEach(async () => {
  await service.shutdown();
  await rm(dir, { recursive: true, force: true });
});

/** Posts a gauge with one point per [time in ms, value] over OTLP/HTTP JSON. */
async function postGauge(name: string, points: Array<[number, number]>): Promise<void> {
  const body = JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'lab' } }] },
        scopeMetrics: [
          {
            scope: { name: 's' },
            metrics: [
              {
                name,
                gauge: {
                  dataPoints: points.map(([t, v]) => ({
                    timeUnixNano: `${t}000000`,
                    asDouble: v,
                    attributes: [
                      { key: 'heterodyne.operation.name', value: { stringValue: 'fit' } },
                    ],
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  });
  const res = await fetch(`${service.addresses.otlpHttp}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  expect(res.status).toBe(200);
}

/** Moves the clock to `at` and runs the engines due then. */
async function evaluateAt(at: number): Promise<void> {
  now = at;
  await timer.fire();
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${service.addresses.api}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface FindingsBody {
  findings: Array<{ engine: string; kind: string; state: string; labels: Record<string, string> }>;
}

describe('analytics in the service', () => {
  it('raises an anomaly finding for an injected spike and resolves it when the series is ordinary again', async () => {
    const random = seededRandom(11);
    // One point a second; 60 per request, so the store's ring keeps every point until read.
    let t = 0;
    const batch = async (n: number, spikeAt?: number) => {
      const points: Array<[number, number]> = [];
      for (let i = 0; i < n; i++, t++) {
        points.push([T0 + t * 1000, t === spikeAt ? 95 : 50 + 2 * (random() - 0.5)]);
      }
      await postGauge('lab.temperature', points);
      await evaluateAt(T0 + t * 1000 + 15_000);
    };
    for (let b = 0; b < 6; b++) await batch(59);
    await batch(59, t + 58);
    const firing = await get<{ anomalies: Array<Record<string, unknown>> }>(
      '/api/v1/anomalies?metric=lab.temperature',
    );
    expect(firing.anomalies.length).toBeGreaterThanOrEqual(1);
    const spike = firing.anomalies.find((a) => a.value === 95)!;
    expect(spike).toMatchObject({
      metric: 'lab.temperature',
      attributes: { 'heterodyne.operation.name': 'fit' },
    });
    expect(spike.score as number).toBeGreaterThan(0.5);
    expect(spike.expectedHigh as number).toBeLessThan(95);
    expect(spike.reason).toBeTypeOf('string');
    expect(spike.resolvedAt).toBeUndefined();
    const open = await get<FindingsBody>('/api/v1/findings?engine=anomaly');
    expect(open.findings.some((f) => f.kind === 'anomaly' && f.state === 'firing')).toBe(true);

    await batch(30);
    const after = await get<{ anomalies: Array<Record<string, unknown>> }>(
      '/api/v1/anomalies?operation=fit',
    );
    expect(after.anomalies.find((a) => a.value === 95)?.resolvedAt).toBeTypeOf('string');
    const closed = await get<FindingsBody>('/api/v1/findings?engine=anomaly');
    expect(closed.findings.some((f) => f.kind === 'anomaly' && f.state === 'resolved')).toBe(true);
    // Filters: another metric has none, `since` past the spike has none.
    expect(
      (await get<{ anomalies: unknown[] }>('/api/v1/anomalies?metric=other')).anomalies,
    ).toEqual([]);
    const since = T0 + t * 1000;
    expect(
      (await get<{ anomalies: unknown[] }>(`/api/v1/anomalies?since=${since}`)).anomalies,
    ).toEqual([]);
    const scrape = await (await fetch(`${service.addresses.api}/metrics`)).text();
    expect(scrape).toMatch(
      /heterodyne_anomaly_score_ratio\{.*heterodyne_analytics_metric="lab.temperature"/,
    );
    expect(scrape).toMatch(/heterodyne_anomaly_events_total\{.*lab.temperature/);

    // The CLI prints the same anomalies as a table, or the API's JSON.
    const io = fakeIo();
    const url = service.addresses.api!;
    expect(
      await analyticsCommand('anomalies', ['--url', url, '--metric', 'lab.temperature'], io),
    ).toBe(0);
    const table = io.out().split('\n');
    expect(table[0]).toMatch(/^TIME\s+SERIES\s+VALUE\s+EXPECTED\s+SCORE\s+WHY\s+RESOLVED$/);
    expect(
      table.some((l) => /lab\.temperature.*\b95\b.*spike|lab\.temperature.*\b95\b/.test(l)),
    ).toBe(true);
    const json = fakeIo();
    expect(
      await analyticsCommand('anomalies', ['--url', url, '--json', '--limit', '1'], json),
    ).toBe(0);
    expect((JSON.parse(json.out()) as { anomalies: unknown[] }).anomalies).toHaveLength(1);
  });

  it('forecasts a rising series past its limit, and says when a series is too short', async () => {
    const random = seededRandom(5);
    // One point every 10 s rising 0.1 per point; 50 points per request.
    let i = 0;
    for (let b = 0; b < 8; b++) {
      const points: Array<[number, number]> = [];
      for (let k = 0; k < 50; k++, i++) {
        points.push([T0 + i * 10_000, 10 + 0.1 * i + 0.3 * (random() - 0.5)]);
      }
      await postGauge('lab.queue.depth', points);
      if (b === 0)
        await postGauge('lab.short', [
          [T0, 1],
          [T0 + 10_000, 2],
        ]);
      await evaluateAt(T0 + i * 10_000 + 15_000);
    }
    const { trends } = await get<{ trends: Array<Record<string, unknown>> }>('/api/v1/trends');
    const rising = trends.find((s) => s.metric === 'lab.queue.depth')!;
    // A queue growing is bad: the direction follows the metric's polarity.
    expect(rising).toMatchObject({
      status: 'ok',
      direction: 'degrading',
      polarity: 'lower_is_better',
      significant: true,
    });
    // 0.1 per 10 s is 0.01 per second.
    expect(rising.slopePerSecond as number).toBeCloseTo(0.01, 3);
    const short = trends.find((s) => s.metric === 'lab.short')!;
    expect(short.status).toBe('insufficient_data');
    expect(short.reason).toMatch(/points/);

    interface ForecastBody {
      status: string;
      model: string;
      prediction: number;
      lower: number;
      upper: number;
      backtest: { relativeToSeasonalNaive: number };
      breach: unknown;
    }
    const body = await get<{ horizonSeconds: number; forecasts: ForecastBody[] }>(
      '/api/v1/forecasts?metric=lab.queue.depth',
    );
    expect(body.horizonSeconds).toBe(600);
    const [forecast] = body.forecasts;
    // Last value about 49.9; 60 steps later about 55.9.
    expect(forecast).toMatchObject({ status: 'ok', horizonSeconds: 600 });
    expect(['holt_winters', 'random_forest', 'seasonal_naive']).toContain(forecast!.model);
    expect(forecast!.prediction).toBeGreaterThan(54);
    expect(forecast!.prediction).toBeLessThan(58);
    expect(forecast!.lower).toBeLessThan(forecast!.prediction);
    expect(forecast!.upper).toBeGreaterThan(forecast!.prediction);
    expect(forecast!.backtest.relativeToSeasonalNaive).toBeLessThan(1);
    expect(forecast!.breach).toMatchObject({ side: 'upper', limit: 53 });

    const { findings } = await get<FindingsBody>('/api/v1/findings?engine=trend');
    const breach = findings.find((f) => f.kind === 'forecast_breach');
    expect(breach).toMatchObject({
      state: 'firing',
      labels: { metric: 'lab.queue.depth', limit: 'analytics.trend.limits' },
    });
    const shortForecast = (
      await get<{ forecasts: Array<Record<string, unknown>> }>('/api/v1/forecasts?metric=lab.short')
    ).forecasts[0]!;
    expect(shortForecast).toMatchObject({
      status: 'insufficient_data',
      model: null,
      prediction: null,
    });

    const scrape = await (await fetch(`${service.addresses.api}/metrics`)).text();
    expect(scrape).toMatch(/heterodyne_forecast_value\{.*heterodyne_forecast_bound="upper"/);
    expect(scrape).toMatch(/heterodyne_trend_slope[a-z_]*\{.*lab.queue.depth/);
    const io = fakeIo();
    const url = service.addresses.api!;
    expect(await analyticsCommand('forecasts', ['--url', url], io)).toBe(0);
    expect(io.out()).toMatch(
      /^SERIES\s+STATUS\s+MODEL\s+HORIZON\s+PREDICTION\s+INTERVAL\s+VS NAIVE\s+BREACH/,
    );
    expect(io.out()).toMatch(/lab\.queue\.depth.*ok.*600s.*upper 53 \(analytics\.trend\.limits\)/);
    expect(io.out()).toMatch(/lab\.short.*insufficient_data \(\d+ points/);
    const trendsIo = fakeIo();
    expect(
      await analyticsCommand('trends', ['--url', url, '--metric', 'lab.queue.depth'], trendsIo),
    ).toBe(0);
    expect(trendsIo.out()).toMatch(/lab\.queue\.depth.*ok\s+degrading\s+0\.01/);
    expect(scrape).toMatch(/heterodyne_forecast_breach_active_ratio\{.*lab.queue.depth.*\} 1$/m);
  });

  it('answers 400 for bad filters and lists the engines in the status', async () => {
    const bad = await fetch(`${service.addresses.api}/api/v1/anomalies?limit=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^limit:/);
    const unknown = await fetch(`${service.addresses.api}/api/v1/trends?since=5`);
    expect(unknown.status).toBe(400);
    const status = await service.status();
    expect(status.engines.map((e) => e.name)).toEqual(
      expect.arrayContaining(['anomaly', 'trend', 'baselines']),
    );
  });
});
