import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../../src/api/api-server.js';
import type { ApiServer } from '../../src/api/api-server.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createEngineRuntime } from '../../src/engines/engine-runtime.js';
import { OptimizationEngine } from '../../src/engines/optimization/optimization-engine.js';
import { createSeriesView } from '../../src/engines/series-view.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { createOptimizationApi } from '../../src/service/optimization-api.js';
import { openStore } from '../../src/store/open-store.js';
import type { MonitoringStore } from '../../src/store/types.js';
import { fakeIo } from '../cli/fake-io.js';
import { parse } from '../config/helpers.js';
import { InstrumentedApp } from '../engines/optimization/instrumented-app.js';
import { routeBackend } from '../helpers/route-backend.js';

const T0 = 1_700_000_000_000;

/**
 * The API and the CLI over a store the optimization engine filled: a cache change that cost
 * accuracy was made and rolled back, and the cache opportunity is open.
 */
describe('/api/v1/opportunities and /api/v1/remediations, and their CLI', () => {
  let now = T0;
  let store: MonitoringStore;
  let server: ApiServer;
  let url: string;

  beforeAll(async () => {
    store = await openStore('sqlite::memory:', { now: () => now });
    const series = createSeriesStore({
      clock: { now: () => now },
      startTimeMillis: T0,
      ringCapacity: 400,
    });
    const config = parse(
      'optimization:\n  evaluation_interval: 1m\n  window: 10m\n  auto_remediation_enabled: true\n  dry_run: false\n',
    ).optimization;
    const engine = new OptimizationEngine({ config, store, now: () => now });
    const app = new InstrumentedApp({ series, now: () => now, cacheSize: 8 });
    engine.registerRemediationCallback('cache_tune', (r) => {
      app.coarseKeys = r.phase === 'apply';
    });
    const runtime = createEngineRuntime({
      engines: [engine],
      clock: { now: () => now },
      series: createSeriesView(series),
    });
    await runtime.scheduler.start();
    while (now < T0 + 15 * 60_000) {
      now += 10_000;
      app.tick();
      await runtime.scheduler.runUntil(now);
    }
    await runtime.scheduler.shutdown();
    const backend = routeBackend({ optimization: createOptimizationApi(store) });
    server = createApiServer({ backend, host: '127.0.0.1', port: 0, bearerTokens: [] });
    url = (await server.start()).url;
  });
  afterAll(async () => {
    await server.shutdown();
    await store.close();
  });

  async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('lists opportunities by priority with confidence, evidence and predicted impact', async () => {
    const { status, body } = await get('/api/v1/opportunities');
    expect(status).toBe(200);
    expect(body.returned).toBe(1);
    const [o] = body.opportunities as Record<string, unknown>[];
    expect(o).toMatchObject({
      id: 'cache_tuning:correlation',
      template: 'cache_tuning',
      category: 'algorithm',
      status: 'rolled-back',
      subject: 'correlation',
      riskLevel: 'low',
      action: 'cache_tune',
      evidence: { metrics: ['heterodyne.cache.requests'], values: { target: 0.85 } },
    });
    expect(o!.confidence as number).toBeGreaterThan(0.9);
    expect((o!.predictedImpact as { ratio: number }).ratio).toBeGreaterThan(0);
    expect((await get('/api/v1/opportunities?status=open,applied')).body.returned).toBe(0);
    expect((await get('/api/v1/opportunities?category=memory')).body.returned).toBe(0);
  });

  it('shows one opportunity with its remediations and audit log', async () => {
    const { status, body } = await get('/api/v1/opportunities/cache_tuning%3Acorrelation');
    expect(status).toBe(200);
    expect((body.remediations as unknown[]).length).toBe(1);
    expect((body.audit as { event: string }[]).map((e) => e.event).reverse()).toEqual([
      'decided',
      'executed',
      'rolled_back',
      'recommended',
    ]);
  });

  it('lists remediations and the audit log, and one remediation with its entries', async () => {
    const list = await get('/api/v1/remediations?status=rolled-back');
    expect(list.body.returned).toBe(1);
    const [r] = list.body.remediations as { id: string; rolledBack: boolean }[];
    expect(r!.rolledBack).toBe(true);
    const one = await get(`/api/v1/remediations/${r!.id}`);
    expect((one.body.audit as { event: string; reason: string }[]).map((e) => e.reason)).toContain(
      'rolled back: accuracy-loss',
    );
    const audit = await get(
      '/api/v1/remediations/audit?opportunity=cache_tuning:correlation&limit=2',
    );
    expect(audit.body.returned).toBe(2);
  });

  it('answers bad parameters with 400 and unknown ids with 404, naming what was wrong', async () => {
    expect(await get('/api/v1/opportunities?status=closed')).toEqual({
      status: 400,
      body: {
        error:
          'status: must be one of open, accepted, applied, dismissed, rolled-back (got "closed")',
      },
    });
    expect((await get('/api/v1/remediations?colour=red')).status).toBe(400);
    expect((await get('/api/v1/remediations?limit=0')).status).toBe(400);
    expect(await get('/api/v1/opportunities/nope')).toEqual({
      status: 404,
      body: { error: 'opportunity "nope": not found' },
    });
  });

  it('prints them from the CLI, as tables and as JSON', async () => {
    let io = fakeIo({ HETERODYNE_API_URL: url });
    expect(await runCli(['opportunities'], io)).toBe(0);
    expect(io.out()).toMatch(/^PRIORITY\s+CONFIDENCE\s+IMPACT\s+STATUS\s+ID\s+TITLE\n/);
    expect(io.out()).toContain(
      'rolled-back  cache_tuning:correlation  Cache correlation: hit rate under target',
    );

    io = fakeIo({ HETERODYNE_API_URL: url });
    expect(
      await runCli(['remediations', 'audit', '--opportunity', 'cache_tuning:correlation'], io),
    ).toBe(0);
    expect(io.out()).toContain('rolled back: accuracy-loss');

    io = fakeIo();
    expect(
      await runCli(['remediations', '--api', url, '--status', 'rolled-back', '--json'], io),
    ).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ returned: 1 });

    io = fakeIo({ HETERODYNE_API_URL: url });
    expect(await runCli(['opportunities', 'missing'], io)).toBe(1);
    expect(io.err()).toContain('answered 404: opportunity "missing": not found');

    io = fakeIo({ HETERODYNE_API_URL: url });
    expect(await runCli(['opportunities', '--opportunity', 'x'], io)).toBe(2);
    expect(io.err()).toContain('--opportunity does not apply here');

    // A port nothing listens on: one that was just free.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    io = fakeIo({ HETERODYNE_API_URL: `http://127.0.0.1:${port}` });
    expect(await runCli(['remediations'], io)).toBe(3);
    expect(io.err()).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });
});
