/**
 * The AlertSystem in process, on an injected clock, over SQLite and PostgreSQL: pushed metric
 * values with `for`, severities, acknowledgements, a restart that keeps alerts, acks and
 * silences without notifying again, a flapping condition through the whole pipeline, and
 * channel tests that name the failure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertSystem } from '../../src/alerting/alert-system.js';
import type { AlertingConfig } from '../../src/alerting/config.js';
import { buildRoute } from '../../src/alerting/dispatch/route.js';
import type { Notifier } from '../../src/alerting/notify/notifier.js';
import { parseMatcher } from '../../src/alerting/matchers.js';
import { openStore } from '../../src/store/open-store.js';
import type { MonitoringStore } from '../../src/store/types.js';
import { recordingNotifier } from './helpers.js';

const PG_URL = process.env.HETERODYNE_TEST_PG_URL;
if (PG_URL === undefined && process.env.CI === 'true') {
  throw new Error(
    'HETERODYNE_TEST_PG_URL is not set (CI=true: the PostgreSQL alerting tests must run)',
  );
}
if (PG_URL === undefined)
  console.warn(
    '*** SKIPPING the PostgreSQL AlertSystem tests: HETERODYNE_TEST_PG_URL is not set ***',
  );

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Opener = () => Promise<MonitoringStore>;

async function sqlite(): Promise<Opener> {
  const dir = await mkdtemp(join(tmpdir(), 'alert-system-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return () => openStore({ kind: 'sqlite', path: join(dir, 'a.db') });
}

let schemas = 0;
async function postgres(): Promise<Opener> {
  const url = PG_URL as string;
  const schema = `heterodyne_alerts_${Date.now().toString(36)}_${process.pid}_${++schemas}`;
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
  return () => openStore({ kind: 'postgres', connectionString: url, schema });
}

function config(): AlertingConfig {
  return {
    enabled: true,
    evaluationIntervalMillis: 15_000,
    defaultRules: false,
    rules: [
      {
        id: 'SlowFit',
        metric: 'fit.duration',
        windowMillis: 60_000,
        reduction: 'avg',
        comparison: 'gt',
        threshold: 3,
        forMillis: 30_000,
        keepFiringForMillis: 0,
        severity: 'critical',
        labels: {},
        annotations: { summary: 'fit took {{ $value }} s' },
      },
    ],
    channels: {},
    route: buildRoute({
      channels: ['rec'],
      groupWaitMillis: 10_000,
      groupIntervalMillis: 60_000,
      repeatIntervalMillis: 3_600_000,
    }),
    inhibitRules: [],
    timeIntervals: {},
    escalationPolicies: {},
    onCall: { users: {}, rotations: {} },
    delivery: { maxAttempts: 3, initialBackoffMillis: 1000, maxBackoffMillis: 10_000 },
    externalUrl: undefined,
  };
}

function clock(start = 1_800_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const backends: [string, () => Promise<Opener>][] = [['sqlite', sqlite]];
if (PG_URL !== undefined) backends.push(['postgres', postgres]);

describe.each(backends)('AlertSystem on %s', (_name, backend) => {
  it('fires after `for`, notifies once, acknowledges, and keeps state across a restart', async () => {
    const open = await backend();
    const c = clock();
    const store = await open();
    const rec = recordingNotifier();
    const system = new AlertSystem({
      config: config(),
      store,
      clock: c,
      notifiers: new Map([['rec', rec]]),
    });
    await system.start();

    expect(system.evaluateMetric('fit.duration', 4, { op: 'fit' })).toEqual([]); // pending
    c.advance(30_000);
    const fired = system.evaluateMetric('fit.duration', 4.5, { op: 'fit' });
    expect(fired.map((a) => a.labels)).toEqual([
      { op: 'fit', metric: 'fit.duration', alertname: 'SlowFit', severity: 'critical' },
    ]);
    expect(fired[0]?.annotations.summary).toBe('fit took 4.5 s');
    expect(system.getActiveAlerts('critical')).toHaveLength(1);
    expect(system.getActiveAlerts('warning')).toHaveLength(0);

    c.advance(10_000);
    await system.tick();
    expect(rec.sent).toHaveLength(1);
    const fp = fired[0]?.fingerprint as string;
    expect(await system.acknowledgeAlert(fp, 'alice', 'on it')).toBe(true);
    expect(await system.acknowledgeAlert('unknown')).toBe(false);
    const silence = await system.createSilence({
      matchers: [(parseMatcher('op="other"') as { ok: true; value: never }).value],
      startsAt: c.now(),
      endsAt: c.now() + 3_600_000,
      createdBy: 'bob',
      comment: 'maintenance of other',
    });
    await system.shutdown();
    await store.close();

    // Restart over the same database.
    const store2 = await open();
    cleanups.push(() => store2.close());
    const rec2 = recordingNotifier();
    const again = new AlertSystem({
      config: config(),
      store: store2,
      clock: c,
      notifiers: new Map([['rec', rec2]]),
    });
    await again.start();
    const active = again.getActiveAlerts();
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({
      fingerprint: fp,
      acknowledged: true,
      startsAtMillis: 1_800_000_000_000,
    });
    const acks = await store2.listAcknowledgements(active[0]?.id as string);
    expect(acks).toMatchObject([{ by: 'alice', comment: 'on it' }]);
    expect((await store2.listSilences({ activeAt: c.now() })).map((s) => s.id)).toEqual([
      silence.id,
    ]);
    // No new notification for what was notified before the restart ...
    for (let i = 0; i < 5; i++) {
      c.advance(30_000);
      await again.tick();
    }
    expect(rec2.sent).toEqual([]);
    // ... and its resolution is notified.
    again.evaluateMetric('fit.duration', 1, { op: 'fit' });
    c.advance(60_000);
    await again.tick();
    expect(rec2.sent.map((n) => n.status)).toEqual(['resolved']);
    await again.shutdown();
    expect((await store2.listAlerts({ status: 'resolved' })).map((a) => a.fingerprint)).toEqual([
      fp,
    ]);
  });
});

describe('AlertSystem', () => {
  it('a flapping value does not flood the channel', async () => {
    const store = await (await sqlite())();
    cleanups.push(() => store.close());
    const c = clock();
    const rec = recordingNotifier();
    const cfg = config();
    cfg.rules = [{ ...cfg.rules[0]!, forMillis: 0 }];
    const system = new AlertSystem({
      config: cfg,
      store,
      clock: c,
      notifiers: new Map([['rec', rec]]),
    });
    await system.start();
    // Above and below the threshold every 5 s for 30 minutes, ticking every second.
    for (let t = 0; t < 1800; t++) {
      if (t % 5 === 0) system.evaluateMetric('fit.duration', t % 10 === 0 ? 5 : 1, { op: 'fit' });
      await system.tick();
      c.advance(1000);
    }
    // group_wait 10 s, group_interval 60 s: at most one notification a minute.
    expect(rec.sent.length).toBeGreaterThan(0);
    expect(rec.sent.length).toBeLessThanOrEqual(31);
    await system.shutdown();
  });

  it('testAlertChannel reports success or the exact cause', async () => {
    const store = await (await sqlite())();
    cleanups.push(() => store.close());
    const failing: Notifier = {
      id: 'down',
      type: 'webhook',
      send: async () => ({ ok: false, error: 'POST http://x: HTTP 503' }),
    };
    const rec = recordingNotifier();
    const system = new AlertSystem({
      config: config(),
      store,
      clock: clock(),
      notifiers: new Map<string, Notifier>([
        ['rec', rec],
        ['down', failing],
      ]),
    });
    expect(await system.testAlertChannel('rec')).toEqual({ ok: true, value: undefined });
    expect(rec.sent[0]).toMatchObject({ test: true, channel: 'rec' });
    expect(await system.testAlertChannel('down')).toEqual({
      ok: false,
      error: 'POST http://x: HTTP 503',
    });
    expect(await system.testAlertChannel('nope')).toEqual({
      ok: false,
      error: 'channel "nope" is not configured (channels: rec, down)',
    });
  });

  it('addAlertRule adds a rule evaluateMetric uses', async () => {
    const store = await (await sqlite())();
    cleanups.push(() => store.close());
    const system = new AlertSystem({
      config: config(),
      store,
      clock: clock(),
      notifiers: new Map(),
    });
    system.addAlertRule({
      ...config().rules[0]!,
      id: 'LowAccuracy',
      metric: 'accuracy',
      comparison: 'lt',
      threshold: 0.995,
      forMillis: 0,
      severity: 'error',
    });
    expect(system.evaluateMetric('accuracy', 0.99).map((a) => a.labels.alertname)).toEqual([
      'LowAccuracy',
    ]);
    expect(system.evaluateMetric('accuracy', 0.999)).toEqual([]);
    expect(system.getActiveAlerts()).toEqual([]);
  });
});
