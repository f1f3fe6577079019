/**
 * Retention on SQLite and PostgreSQL: each kind of history is deleted past its age, in
 * batches, without touching what must stay (open alerts, a delivery still retrying, the
 * newest baseline versions, recent rows); the store's size is measured; and the running
 * service exports the size on /metrics.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_MILLIS } from '../../src/config/retention-config.js';
import type { RetentionConfig } from '../../src/config/retention-config.js';
import { parseConfig } from '../../src/config/load-config.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { runRetention } from '../../src/service/retention-runner.js';
import { openStore } from '../../src/store/open-store.js';
import type { MonitoringStore } from '../../src/store/types.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';
import {
  baselineInput,
  createTestClock,
  deliveryInput,
  driftInput,
  firing,
  sloInput,
} from './fixtures.js';

const PG_URL = process.env.HETERODYNE_TEST_PG_URL;
if (PG_URL === undefined && process.env.CI === 'true') {
  throw new Error(
    'HETERODYNE_TEST_PG_URL is not set (CI=true: the PostgreSQL retention tests must run)',
  );
}
if (PG_URL === undefined)
  console.warn(
    '*** SKIPPING the PostgreSQL retention tests: HETERODYNE_TEST_PG_URL is not set ***',
  );

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Opener = (clock: { now(): number }) => Promise<MonitoringStore>;

async function sqlite(): Promise<Opener> {
  const dir = await mkdtemp(join(tmpdir(), 'retention-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return (clock) => openStore({ kind: 'sqlite', path: join(dir, 'r.db'), now: clock.now });
}

async function postgres(): Promise<Opener> {
  const schema = `heterodyne_retention_${Date.now().toString(36)}_${process.pid}`;
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
  return (clock) =>
    openStore({ kind: 'postgres', connectionString: PG_URL as string, schema, now: clock.now });
}

const backends: [string, () => Promise<Opener>][] = [['sqlite', sqlite]];
if (PG_URL !== undefined) backends.push(['postgres', postgres]);

function config(batchSize: number): RetentionConfig {
  return {
    intervalMillis: 3_600_000,
    batchSize,
    maxAgeMillis: {
      ...DEFAULT_RETENTION_MILLIS,
      alerts: 30 * DAY,
      deliveries: 30 * DAY,
      checkpoints: 30 * DAY,
    },
    baselineVersions: 2,
  };
}

describe.each(backends)('retention on %s', (_name, backend) => {
  it('deletes each kind past its age in batches, keeping what must stay', async () => {
    const open = await backend();
    const clock = createTestClock(NOW - 400 * DAY);
    const store = await open(clock);
    cleanups.push(() => store.close());
    const old = NOW - 200 * DAY;
    const recent = NOW - DAY;

    // Alerts: three resolved long ago, one resolved recently, one still open since long ago.
    const ids: string[] = [];
    for (const fp of ['a', 'b', 'c', 'd', 'open'])
      ids.push((await store.fireAlert(firing(fp, old))).alert.id);
    for (const id of ids.slice(0, 3)) await store.resolveAlert(id, old + 1);
    await store.resolveAlert(ids[3]!, recent);
    await store.acknowledgeAlert({ alertId: ids[0]!, by: 'alice', at: old + 2 });
    // Deliveries: a delivered one and a superseded failure (old), a retry still pending (old).
    await store.recordDeliveryAttempt(
      deliveryInput('n1', 1, { attemptedAt: old, status: 'failed' }),
    );
    await store.recordDeliveryAttempt(
      deliveryInput('n1', 2, { attemptedAt: old + 5, status: 'delivered' }),
    );
    await store.recordDeliveryAttempt(
      deliveryInput('n2', 1, { attemptedAt: old, status: 'failed', nextRetryAt: old + 10 }),
    );
    await store.recordDeliveryAttempt(
      deliveryInput('n3', 1, { attemptedAt: recent, status: 'delivered' }),
    );
    // SLO history and drift events: 5 old and 1 recent each (SLO 400 days, drift 180 days).
    for (let i = 0; i < 5; i++) {
      await store.appendSloRecord(sloInput('s', NOW - 500 * DAY + i));
      await store.recordDriftEvent(driftInput('k', old + i));
    }
    await store.appendSloRecord(sloInput('s', recent));
    await store.recordDriftEvent(driftInput('k', recent));
    // Baseline history: two old upserts, then versions 1..4, then a recent upsert.
    clock.set(old);
    await store.upsertBaseline(baselineInput('k', 1));
    await store.upsertBaseline(baselineInput('k', 2));
    const versions = [];
    for (let i = 1; i <= 4; i++) {
      clock.set(old + i * DAY);
      versions.push(await store.createBaselineVersion({ name: `v${i}` }));
    }
    clock.set(recent);
    await store.upsertBaseline(baselineInput('k', 3));
    // Checkpoints: one written long ago and not since, one recent.
    clock.set(old);
    await store.putCheckpoint({ key: 'stale', version: 1, data: 'x' });
    clock.set(recent);
    await store.putCheckpoint({ key: 'live', version: 1, data: 'y' });
    // Audit log: one entry older than its 400 days, one recent.
    await store.appendAudit({
      at: NOW - 500 * DAY,
      actor: 'alice',
      action: 'proposal.approved',
      subject: 'p1',
      details: {},
    });
    await store.appendAudit({
      at: recent,
      actor: 'bob',
      action: 'proposal.rejected',
      subject: 'p2',
      details: {},
    });
    // Findings (90 days): condition a fired and resolved long ago (both go); b fired long ago
    // and still fires (its firing stays, so the firing set survives); c fired long ago and
    // again recently (the old firing goes); another replica's a, resolved long ago, goes too.
    const finding = (id: string, state: 'firing' | 'resolved', at: number, replica = '') => ({
      replica,
      identity: id,
      engine: 'slo',
      kind: 'k',
      severity: 'warning',
      state,
      labels: { id },
      summary: `${id} ${state}`,
      startsAt: at,
      recordedAt: at,
    });
    await store.appendFindings([
      finding('a', 'firing', old),
      finding('b', 'firing', old + 1),
      finding('a', 'resolved', old + 2),
      finding('c', 'firing', old + 3),
      finding('a', 'firing', old + 4, 'r2'),
      finding('a', 'resolved', old + 5, 'r2'),
      finding('c', 'firing', recent),
    ]);
    const sizeBefore = await store.sizeBytes();
    expect(sizeBefore).toBeGreaterThan(0);

    const cfg = config(2);
    const result = await runRetention({
      store,
      config: cfg,
      nowMillis: NOW,
      yieldBetweenBatches: () => Promise.resolve(),
    });
    expect(result.failed).toEqual({});
    expect(result.deleted).toEqual({
      alerts: 3,
      deliveries: 2,
      slo_history: 5,
      drift_events: 5,
      baseline_history: 2,
      checkpoints: 1,
      audit_log: 1,
      baseline_versions: 2,
      findings: 5,
    });
    // Batches of 2: 5 SLO rows take 3 transactions, 5 drift events 3 more, and so on.
    expect(result.batches).toBeGreaterThanOrEqual(15);

    expect((await store.listAlerts({ status: 'resolved' })).map((a) => a.id)).toEqual([ids[3]]);
    expect((await store.listAlerts({})).map((a) => a.id).sort()).toEqual([ids[3], ids[4]].sort());
    expect(await store.listAcknowledgements(ids[0]!)).toEqual([]);
    const deliveries = await store.listDeliveryAttempts({});
    expect(deliveries.map((d) => `${d.alertId}:${d.status}`).sort()).toEqual([
      'n2:failed',
      'n3:delivered',
    ]);
    expect((await store.listDueRetries(NOW)).map((d) => d.alertId)).toEqual(['n2']);
    expect((await store.listDriftEvents({})).length).toBe(1);
    expect((await store.listBaselineVersions()).map((v) => v.name)).toEqual(['v4', 'v3']);
    expect(await store.getBaselineVersion(versions[0]!.id)).toBeUndefined();
    expect(await store.getCheckpoint('stale')).toBeUndefined();
    expect(await store.getCheckpoint('live')).toBeDefined();
    expect((await store.listAudit({})).map((e) => e.subject)).toEqual(['p2']);
    expect((await store.listFindings()).map((f) => `${f.replica}${f.summary}`)).toEqual([
      'c firing',
      'b firing',
    ]);
    expect((await store.listFiringFindings()).map((f) => f.summary)).toEqual([
      'b firing',
      'c firing',
    ]);

    // A second run finds nothing; a kind set to 0 is kept forever.
    const again = await runRetention({ store, config: cfg, nowMillis: NOW });
    expect(again.deleted).toEqual({});
    const keep = config(100);
    keep.maxAgeMillis.alerts = 0;
    keep.baselineVersions = 0;
    expect(
      (await runRetention({ store, config: keep, nowMillis: NOW + 1000 * DAY })).deleted,
    ).not.toHaveProperty('alerts');
  });
});

describe('the service exports the store size', () => {
  it('heterodyne_monitor_store_size_bytes on /metrics', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'retention-svc-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const parsed = parseConfig(
      `${loopbackServiceYaml(join(dir, 's.db'))}retention: { interval: 1h, alerts: 30d }\n`,
      {
        file: 's.yaml',
      },
    );
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
    expect(parsed.value.retention.maxAgeMillis.alerts).toBe(30 * DAY);
    const service = createAnalysisService(parsed.value);
    const addresses = await service.start();
    cleanups.push(() => service.shutdown());
    const text = await (await fetch(`${addresses.api}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('heterodyne_monitor_store_size_bytes'));
    expect(line).toBeDefined();
    expect(Number(line!.split(' ').at(-1))).toBeGreaterThan(4096);
  });

  it('refuses an age under an hour (a typo for days), naming the key', () => {
    const r = parseConfig('retention:\n  alerts: 90s\n', { file: 's.yaml' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.map((e) => e.message).join('\n')).toMatch(
        /s\.yaml:2:3: retention\.alerts: must be 0 \(keep forever\) or at least 1h/,
      );
  });
});
