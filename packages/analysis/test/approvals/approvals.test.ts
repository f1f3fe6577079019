/**
 * Approval of automatic baseline updates, on SQLite and PostgreSQL: with a gate the
 * baselines manager's automatic refresh becomes a proposal instead of a write; approving
 * writes it, rejecting keeps the old baseline, an undecided proposal expires; each step is
 * in the audit log with who and why, and of two decisions only the first counts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createApprovals } from '../../src/approvals/approvals.js';
import {
  BASELINE_UPDATE_KIND,
  baselineUpdateApplier,
  createBaselineApprovalGate,
} from '../../src/approvals/baseline-approvals.js';
import { BaselineManager } from '../../src/engines/baselines/baseline-manager.js';
import { openStore } from '../../src/store/open-store.js';
import type { MonitoringStore } from '../../src/store/types.js';
import { seededRandom } from '../helpers/seeded-random.js';

const PG_URL = process.env.HETERODYNE_TEST_PG_URL;
if (PG_URL === undefined && process.env.CI === 'true') {
  throw new Error(
    'HETERODYNE_TEST_PG_URL is not set (CI=true: the PostgreSQL approval tests must run)',
  );
}
if (PG_URL === undefined)
  console.warn('*** SKIPPING the PostgreSQL approval tests: HETERODYNE_TEST_PG_URL is not set ***');

const HOUR = 3_600_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sqlite(now: () => number): Promise<MonitoringStore> {
  const dir = await mkdtemp(join(tmpdir(), 'approvals-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return openStore({ kind: 'sqlite', path: join(dir, 'a.db'), now });
}

async function postgres(now: () => number): Promise<MonitoringStore> {
  const schema = `heterodyne_approvals_${Date.now().toString(36)}_${process.pid}`;
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
  return openStore({ kind: 'postgres', connectionString: PG_URL as string, schema, now });
}

const backends: [string, (now: () => number) => Promise<MonitoringStore>][] = [['sqlite', sqlite]];
if (PG_URL !== undefined) backends.push(['postgres', postgres]);

describe.each(backends)('approvals on %s', (_name, open) => {
  async function setup() {
    let now = Date.UTC(2026, 2, 1);
    const clock = () => now;
    const store = await open(clock);
    cleanups.push(() => store.close());
    const approvals = createApprovals({
      store,
      now: clock,
      expireAfterMillis: 24 * HOUR,
      appliers: { [BASELINE_UPDATE_KIND]: baselineUpdateApplier(store, clock) },
    });
    const manager = new BaselineManager({
      store,
      now: clock,
      minSamples: 20,
      autoUpdateIntervalMillis: HOUR,
      approvalGate: createBaselineApprovalGate(approvals, clock),
    });
    const random = seededRandom(5);
    const feed = (level: number, n = 40): void => {
      for (let i = 0; i < n; i++) {
        now += 1000;
        manager.addDataPoint(
          'heterodyne.operation.duration',
          level * (1 + 0.05 * (random() - 0.5)),
          now,
        );
      }
    };
    return { store, approvals, manager, feed, advance: (ms: number) => (now += ms), clock };
  }

  it('an automatic refresh becomes a proposal; approving writes it, with the decision audited', async () => {
    const { store, approvals, manager, feed } = await setup();
    feed(2);
    expect(await manager.autoUpdate()).toEqual([]);
    expect(await store.getBaseline('heterodyne.operation.duration')).toBeUndefined();
    const [proposal] = await approvals.list({ status: 'pending' });
    expect(proposal).toMatchObject({
      kind: 'baseline-update',
      subject: 'heterodyne.operation.duration',
      proposedBy: 'system',
      summary: expect.stringMatching(
        /^first baseline of heterodyne\.operation\.duration: P50 /,
      ) as unknown,
    });
    // While it waits, no second proposal.
    feed(2, 5);
    await manager.autoUpdate();
    expect(await approvals.list({})).toHaveLength(1);

    const r = await approvals.decide(proposal!.id, 'approve', 'alice', 'matches last week');
    expect(r).toMatchObject({
      ok: true,
      value: {
        applied: true,
        proposal: { status: 'approved', decidedBy: 'alice', note: 'matches last week' },
      },
    });
    const baseline = await store.getBaseline('heterodyne.operation.duration');
    expect(baseline?.p50).toBeCloseTo((proposal!.payload.proposed as { p50: number }).p50, 12);
    // Of two deciders the first wins.
    expect(await approvals.decide(proposal!.id, 'reject', 'bob')).toMatchObject({
      ok: false,
      error: {
        reason: 'not-pending',
        detail: `proposal '${proposal!.id}' is approved (by alice), not pending`,
      },
    });
    expect(
      (await approvals.audit({ subject: proposal!.id })).map((e) => [
        e.action,
        e.actor,
        e.details.note,
      ]),
    ).toEqual([
      ['proposal.approved', 'alice', 'matches last week'],
      ['proposal.created', 'system', undefined],
    ]);
  });

  it('rejecting keeps the current baseline and is not proposed again until the update interval passed', async () => {
    const { store, approvals, manager, feed, advance } = await setup();
    feed(2);
    await manager.autoUpdate();
    const [first] = await approvals.list({ status: 'pending' });
    await approvals.decide(first!.id, 'approve', 'alice');
    advance(2 * HOUR);
    feed(3);
    await manager.autoUpdate();
    const [refresh] = await approvals.list({ status: 'pending' });
    expect(refresh?.summary).toMatch(
      /^refresh heterodyne\.operation\.duration: P50 .* -> .* \(\+\d+\.\d%\)/,
    );
    expect(refresh?.payload.current).toMatchObject({ key: 'heterodyne.operation.duration' });
    const before = await store.getBaseline('heterodyne.operation.duration');
    expect(
      await approvals.decide(refresh!.id, 'reject', 'bob', 'slow runner, not a new normal'),
    ).toMatchObject({ ok: true });
    expect(await store.getBaseline('heterodyne.operation.duration')).toEqual(before);
    feed(3, 5);
    await manager.autoUpdate();
    expect(await approvals.list({ status: 'pending' })).toEqual([]);
    advance(HOUR);
    feed(3, 5);
    await manager.autoUpdate();
    expect(await approvals.list({ status: 'pending' })).toHaveLength(1);
    const [entry] = await approvals.audit({ action: 'proposal.rejected' });
    expect(entry).toMatchObject({
      actor: 'bob',
      subject: refresh!.id,
      details: { note: 'slow runner, not a new normal' },
    });
  });

  it('an undecided proposal expires, is audited, and can no longer be approved', async () => {
    const { approvals, manager, feed, advance } = await setup();
    feed(2);
    await manager.autoUpdate();
    const [proposal] = await approvals.list({ status: 'pending' });
    advance(25 * HOUR);
    expect(await approvals.get(proposal!.id)).toMatchObject({
      status: 'expired',
      decidedBy: 'system',
    });
    expect(await approvals.decide(proposal!.id, 'approve', 'alice')).toMatchObject({
      ok: false,
      error: { reason: 'not-pending' },
    });
    expect((await approvals.audit({ subject: proposal!.id }))[0]).toMatchObject({
      action: 'proposal.expired',
      actor: 'system',
      at: proposal!.expiresAt,
    });
    expect(await approvals.decide('nope', 'approve', 'alice')).toMatchObject({
      ok: false,
      error: { reason: 'not-found' },
    });
  });

  it('expiring reads only the due proposals, not every pending one on each call', async () => {
    let now = Date.UTC(2026, 2, 1);
    const store = await open(() => now);
    cleanups.push(() => store.close());
    const expiresAt = (i: number): number => now + (i === 0 ? HOUR : 48 * HOUR);
    for (let i = 0; i < 20; i++) {
      await store.createProposal({
        kind: 'test',
        subject: `s${i}`,
        summary: `proposal ${i}`,
        payload: {},
        expiresAt: expiresAt(i),
      });
    }
    const read: number[] = [];
    const counting = {
      ...store,
      listProposals: async (q?: Parameters<typeof store.listProposals>[0]) => {
        const rows = await store.listProposals(q);
        read.push(rows.length);
        return rows;
      },
    };
    const approvals = createApprovals({ store: counting, now: () => now });
    now += 2 * HOUR;
    const expired = await approvals.expireDue();
    expect(expired.map((p) => p.subject)).toEqual(['s0']);
    expect(read).toEqual([1]);
    expect(await approvals.expireDue()).toEqual([]);
    expect(read).toEqual([1, 0]);
    expect(await store.listProposals({ status: 'pending' })).toHaveLength(19);
  });
});
