/**
 * The SLO engine inside the running service: OTLP counters and a histogram arrive over real
 * HTTP on loopback, the scheduler evaluates on an injected clock, and the results come out
 * of `GET /api/v1/slos`, `GET /api/v1/slos/{id}`, `/metrics` and `slo status`. A restart on
 * the same SQLite file keeps the budget history.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sloStatusCommand } from '../../../src/cli/slo-status-command.js';
import { parseConfig } from '../../../src/config/load-config.js';
import type { SloGroupView, SloView } from '../../../src/engines/slo/slo-views.js';
import { createAnalysisService } from '../../../src/service/analysis-service.js';
import type { AnalysisService } from '../../../src/service/types.js';
import { fakeIo } from '../../cli/fake-io.js';
import { trafficRequest } from './otlp-traffic.js';
import type { Totals } from './otlp-traffic.js';
import { manualTimer } from '../../helpers/manual-timer.js';

const INTERVAL = 10_000;
const T0 = Date.UTC(2026, 1, 2, 9);

const CONFIG = (db: string): string =>
  [
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      http: { endpoint: 127.0.0.1:0 }',
    'api: { endpoint: 127.0.0.1:0 }',
    `store: sqlite:${db}`,
    'slo:',
    '  builtin: false',
    '  evaluation_interval: 10s',
    '  history_interval: 0s',
    '  objectives:',
    '    app_errors:',
    '      objective: 0.99',
    '      ratio: { total: { metric: app.ops }, bad: { metric: app.errors } }',
    '    app_latency:',
    '      objective: 0.9',
    '      threshold: { metric: app.duration, le: 0.5 }',
    '    app_latency_interpolated:',
    '      objective: 0.9',
    '      threshold: { metric: app.duration, le: 0.3 }',
    '    never_arrives:',
    '      objective: 0.999',
    '      ratio: { total: { metric: app.missing }, bad: { metric: app.missing.errors } }',
    '',
  ].join('\n');

let dir: string;
let services: AnalysisService[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slo-service-'));
});
afterEach(async () => {
  for (const s of services) await s.shutdown().catch(() => undefined);
  services = [];
  await rm(dir, { recursive: true, force: true });
});

async function startService(now: { value: number }) {
  const parsed = parseConfig(CONFIG(join(dir, 'state.db')), { file: 'slo.yaml' });
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  const timer = manualTimer();
  const service = createAnalysisService(parsed.value, {
    clock: { now: () => now.value },
    schedulerTimer: timer,
  });
  services.push(service);
  const addresses = await service.start();
  return { service, timer, api: addresses.api as string, otlp: addresses.otlpHttp as string };
}

async function send(otlp: string, body: Uint8Array): Promise<void> {
  const res = await fetch(`${otlp}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body,
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

async function slos(api: string): Promise<SloView[]> {
  const res = await fetch(`${api}/api/v1/slos`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { slos: SloView[] }).slos;
}

describe('SLOs in the service', () => {
  it('evaluates ratio and histogram SLOs from OTLP, serves them, exports them and survives a restart', async () => {
    const now = { value: T0 };
    let live = await startService(now);
    // Before any data: every SLO listed, none with groups.
    now.value = T0 + INTERVAL;
    await live.timer.fire();
    expect((await slos(live.api)).map((s) => [s.id, s.groups.length])).toEqual([
      ['app_errors', 0],
      ['app_latency', 0],
      ['app_latency_interpolated', 0],
      ['never_arrives', 0],
    ]);

    // Twelve exports, one per interval: each adds 100 operations, 2 errors, and 100
    // durations of which 50 are <= 0.1 s, 40 in (0.1, 0.5], 5 in (0.5, 1], 5 above.
    const totals: Totals = { ops: 0, errors: 0, buckets: [0, 0, 0, 0] };
    const exportOnce = async (i: number): Promise<void> => {
      totals.ops += 100;
      totals.errors += 2;
      totals.buckets = [
        totals.buckets[0] + 50,
        totals.buckets[1] + 40,
        totals.buckets[2] + 5,
        totals.buckets[3] + 5,
      ];
      now.value = T0 + i * INTERVAL + 5000;
      await send(live.otlp, trafficRequest(totals, now.value, T0));
      now.value = T0 + (i + 1) * INTERVAL;
      await live.timer.fire();
    };
    for (let i = 1; i <= 12; i++) await exportOnce(i);

    const all = await slos(live.api);
    const [errors, latency, interpolated, missing] = all;
    expect(missing?.groups).toEqual([]);
    const group = errors?.groups[0];
    expect(errors?.groups).toHaveLength(1);
    expect(group?.labels).toEqual({ 'service.name': 'fitter', 'heterodyne.operation.name': 'fit' });
    // 24 errors of 1,200 operations: error rate 2 %, burn rate 2 against a 1 % budget, and
    // the 30-day budget (12 bad events allowed) overspent by one budget: -1 left.
    expect(group?.total).toBe(1200);
    expect(group?.sli).toBeCloseTo(0.02, 12);
    expect(group?.burnRates['5m']).toBeCloseTo(2, 12);
    expect(group?.burnRates['3d']).toBeCloseTo(2, 12);
    expect(group?.budgetRemaining).toBeCloseTo(-1, 12);
    expect(group?.timeToExhaustionSeconds).toBe(0);
    // 90 of 100 at or below 0.5 s, a bucket bound: exact.
    expect(latency?.groups[0]).toMatchObject({ total: 1200, approximate: false });
    expect(latency?.groups[0]?.goodRatio).toBeCloseTo(0.9, 12);
    // 0.3 s lies inside (0.1, 0.5]: 50 + 40 × 0.2 / 0.4 = 70 of 100, flagged approximate.
    expect(interpolated?.groups[0]?.approximate).toBe(true);
    expect(interpolated?.groups[0]?.goodRatio).toBeCloseTo(0.7, 12);

    // One group with its history (one record per evaluation with data).
    const id = group?.id as string;
    const detail = (await (
      await fetch(`${live.api}/api/v1/slos/${id}?limit=5`)
    ).json()) as SloGroupView;
    expect(detail.slo.id).toBe('app_errors');
    expect(detail.status.id).toBe(id);
    expect(detail.history).toHaveLength(5);
    expect(detail.history[0]?.budgetRemaining).toBeCloseTo(-1, 12);
    expect(detail.history[0]?.recordedAtMillis).toBe(T0 + 13 * INTERVAL);
    expect((await fetch(`${live.api}/api/v1/slos/nope`)).status).toBe(404);
    expect((await fetch(`${live.api}/api/v1/slos/${id}?limit=0`)).status).toBe(400);

    // Exported on /metrics as gauges, without NaN for the SLO that has no data.
    const text = await (await fetch(`${live.api}/metrics`)).text();
    const value = (name: string, ...labels: string[]): number => {
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
      if (line === undefined) throw new Error(`${name} ${labels.join(',')}: not exported`);
      return Number(line.split(' ').at(-1));
    };
    const app = 'heterodyne_slo_id="app_errors"';
    expect(value('heterodyne_slo_burn_rate_ratio', app, 'heterodyne_slo_window="1h"')).toBeCloseTo(
      2,
      9,
    );
    expect(value('heterodyne_slo_error_budget_remaining_ratio', app)).toBeCloseTo(-1, 9);
    expect(value('heterodyne_slo_sli_ratio', app, 'service_name="fitter"')).toBeCloseTo(0.02, 9);
    expect(
      value('heterodyne_slo_alert_firing_ratio', app, 'heterodyne_slo_alert_severity="page"'),
    ).toBe(0);
    expect(text).not.toContain('never_arrives');
    expect(text).not.toMatch(/heterodyne_slo\w*\{[^}]*\} NaN/);

    // The CLI reads the same from the API.
    const io = fakeIo();
    expect(await sloStatusCommand(['--url', live.api], io)).toBe(0);
    expect(io.out()).toMatch(/^SLO\s+GROUP\s+OBJECTIVE/);
    expect(io.out()).toMatch(/app_errors\s+fitter\/fit\s+99%\s+30d\s+2%\s+-100%\s+2\.00/);
    expect(io.out()).toMatch(/never_arrives\s+-\s+99\.9%\s+30d\s+-\s+-\s+-\s+-\s+-\s+no_data/);
    const json = fakeIo();
    expect(await sloStatusCommand(['--url', live.api, '--json'], json)).toBe(0);
    expect((JSON.parse(json.out()) as { slos: SloView[] }).slos).toHaveLength(4);

    // Restart mid-window: the counters come back from the store.
    await live.service.shutdown();
    now.value = T0 + 14 * INTERVAL;
    live = await startService(now);
    now.value = T0 + 15 * INTERVAL;
    await live.timer.fire();
    const [restored] = await slos(live.api);
    expect(restored?.groups[0]).toMatchObject({ id, total: 1200 });
    expect(restored?.groups[0]?.budgetRemaining).toBeCloseTo(-1, 12);
    // The producer goes on exporting its cumulative totals: only the increase counts.
    await exportOnce(15);
    const [after] = await slos(live.api);
    expect(after?.groups[0]?.total).toBe(1300);
    expect(after?.groups[0]?.good).toBe(1300 - 26);

    // The CLI names the API it could not reach.
    await live.service.shutdown();
    const down = fakeIo();
    expect(await sloStatusCommand(['--url', live.api], down)).toBe(3);
    expect(down.err()).toContain(`slo status: cannot read ${live.api}/api/v1/slos`);
  });

  it('answers 404 with the reason when no SLO is defined', async () => {
    const parsed = parseConfig(
      [
        'receivers: { otlp: { protocols: { http: { endpoint: 127.0.0.1:0 } } } }',
        'api: { endpoint: 127.0.0.1:0 }',
        `store: sqlite:${join(dir, 'none.db')}`,
        'slo: { builtin: false }',
        '',
      ].join('\n'),
      { file: 'none.yaml' },
    );
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    const service = createAnalysisService(parsed.value);
    services.push(service);
    const { api } = await service.start();
    const res = await fetch(`${api as string}/api/v1/slos`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error:
        'no SLO engine runs in this service (slo.builtin is false and no objectives are defined)',
    });
    const io = fakeIo();
    expect(await sloStatusCommand(['--url', api as string], io)).toBe(3);
    expect(io.err()).toContain('HTTP 404: no SLO engine runs in this service');
  });
});
