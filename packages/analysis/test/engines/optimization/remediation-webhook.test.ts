import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookSignature } from '../../../src/alerting/notify/webhook.js';
import { createEngineRuntime } from '../../../src/engines/engine-runtime.js';
import { OptimizationEngine } from '../../../src/engines/optimization/optimization-engine.js';
import type { RemediationRequest } from '../../../src/engines/optimization/types.js';
import { createSeriesView } from '../../../src/engines/series-view.js';
import { createSeriesStore } from '../../../src/series/series-store.js';
import type { SeriesStore } from '../../../src/series/series-store.js';
import { openStore } from '../../../src/store/open-store.js';
import type { MonitoringStore } from '../../../src/store/types.js';
import { parse } from '../../config/helpers.js';
import { InstrumentedApp } from './instrumented-app.js';

const T0 = 1_700_000_000_000;
const SECRET = 'tuner-secret';

interface Received {
  request: RemediationRequest;
  signatureValid: boolean;
}

describe('remediation through a signed webhook, and across a restart', () => {
  let now = T0;
  let store: MonitoringStore;
  let series: SeriesStore;
  let server: Server;
  let hookUrl: string;
  let received: Received[];
  let answer: (request: RemediationRequest) => { status: number; body: string };

  beforeEach(async () => {
    now = T0;
    received = [];
    store = await openStore('sqlite::memory:', { now: () => now });
    series = createSeriesStore({
      clock: { now: () => now },
      startTimeMillis: T0,
      ringCapacity: 400,
    });
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const timestamp = String(req.headers['x-heterodyne-timestamp']);
        const signatureValid =
          req.headers['x-heterodyne-signature'] === webhookSignature(SECRET, timestamp, body);
        const request = JSON.parse(body) as RemediationRequest;
        received.push({ request, signatureValid });
        const a = answer(request);
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tune`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  function engineFor(): OptimizationEngine {
    const config = parse(
      [
        'optimization:',
        '  evaluation_interval: 1m',
        '  window: 10m',
        '  auto_remediation_enabled: true',
        '  dry_run: false',
        '  webhooks:',
        `    cache_tune: { url: "${hookUrl}", secret: "\${TUNER_SECRET}", timeout: 5s }`,
      ].join('\n'),
      { TUNER_SECRET: SECRET },
    ).optimization;
    return new OptimizationEngine({ config, store, now: () => now });
  }

  async function run(
    engine: OptimizationEngine,
    app: InstrumentedApp,
    minutes: number,
  ): Promise<void> {
    const runtime = createEngineRuntime({
      engines: [engine],
      clock: { now: () => now },
      series: createSeriesView(series),
    });
    await runtime.scheduler.start();
    const end = now + minutes * 60_000;
    while (now < end) {
      now += 10_000;
      app.tick();
      await runtime.scheduler.runUntil(now);
    }
    await runtime.scheduler.shutdown();
  }

  it('applies the change through the webhook, signed, judges it after a restart and keeps it', async () => {
    const app = new InstrumentedApp({ series, now: () => now, cacheSize: 8 });
    answer = (request) => {
      const before = app.cacheSize;
      app.cacheSize = request.phase === 'apply' ? before * 5 : before / 5;
      return {
        status: 200,
        body: JSON.stringify({ cacheSizeBefore: before, cacheSizeAfter: app.cacheSize }),
      };
    };
    await run(engineFor(), app, 3);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      signatureValid: true,
      request: {
        phase: 'apply',
        action: 'cache_tune',
        opportunity: { id: 'cache_tuning:correlation' },
        parameters: { cache: 'correlation', sizeFactor: 2 },
      },
    });
    const [running] = await store.listRemediations();
    expect(running).toMatchObject({
      status: 'running',
      details: { applied: { cacheSizeBefore: 8, cacheSizeAfter: 40 } },
    });

    // A new engine on the same store (a restart) picks the canary up and judges it.
    const restarted = engineFor();
    expect(restarted.getOptimizationStatus().activeCanaries).toBe(0);
    await run(restarted, app, 10);
    const [judged] = await store.listRemediations();
    expect(judged).toMatchObject({ id: running!.id, status: 'succeeded' });
    expect(received).toHaveLength(1);
    expect(app.cacheSize).toBe(40);
  });

  it('records a failed webhook as failed and leaves nothing running', async () => {
    const app = new InstrumentedApp({ series, now: () => now, cacheSize: 8 });
    answer = () => ({ status: 503, body: 'tuner is down' });
    const engine = engineFor();
    await run(engine, app, 2);
    const [failed] = await store.listRemediations();
    expect(failed).toMatchObject({ status: 'failed', rolledBack: false });
    expect(failed!.error).toMatch(
      /^cache_tune \(apply\): POST http:\/\/127\.0\.0\.1:\d+\/tune: HTTP 503: tuner is down$/,
    );
    const audit = await store.listRemediationAudit({ remediationId: failed!.id });
    expect(audit.map((e) => e.event)).toEqual(['failed']);
    expect(engine.getOptimizationStatus().activeCanaries).toBe(0);
  });

  it('keeps to max_actions_per_hour: further eligible decisions are rate-limited', async () => {
    const app = new InstrumentedApp({ series, now: () => now, cacheSize: 8 });
    // The tuner accepts but changes nothing: every canary ends without improvement, is
    // rolled back, and the opportunity stays open.
    answer = () => ({ status: 200, body: '{}' });
    const config = parse(
      [
        'optimization:',
        '  evaluation_interval: 1m',
        '  window: 10m',
        '  auto_remediation_enabled: true',
        '  dry_run: false',
        '  canary_window: 2m',
        '  rollback_cooldown: 0s',
        '  max_actions_per_hour: 2',
        '  webhooks:',
        `    cache_tune: { url: "${hookUrl}" }`,
      ].join('\n'),
    ).optimization;
    await run(new OptimizationEngine({ config, store, now: () => now }), app, 20);
    const applies = received.filter((r) => r.request.phase === 'apply');
    expect(applies).toHaveLength(2);
    expect(
      received.filter((r) => r.request.phase === 'rollback').map((r) => r.request.reason),
    ).toEqual(['no-improvement', 'no-improvement']);
    const limited = (await store.listRemediationAudit()).find((e) => e.event === 'rate_limited');
    expect(limited?.reason).toBe('2 actions in the last hour (limit 2)');
    // Unsigned without a secret.
    expect(received[0]!.signatureValid).toBe(false);
  });
});
