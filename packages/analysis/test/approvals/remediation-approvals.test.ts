/**
 * Optimization actions under approval, on the injected clock: the engine is built as the
 * service builds it (`optimizationEngineFactory` with `approvals.require_approval`), and
 * decisions go through approvals wired as the API's are. A would-execute remediation becomes
 * a proposal and nothing runs; approving runs it and the canary keeps it or rolls it back;
 * rejecting or expiry runs nothing; every step is in both audit logs.
 */
import { describe, expect, it } from 'vitest';
import { createApprovals } from '../../src/approvals/approvals.js';
import type { Approvals } from '../../src/approvals/approvals.js';
import {
  REMEDIATION_KIND,
  remediationApprovalHooks,
} from '../../src/approvals/remediation-approvals.js';
import type { OptimizationEngine } from '../../src/engines/optimization/optimization-engine.js';
import { optimizationEngineFactory } from '../../src/engines/registry.js';
import { parse } from '../config/helpers.js';
import { InstrumentedApp } from '../engines/optimization/instrumented-app.js';
import { useClockedEngines } from '../helpers/clocked-engines.js';

const T0 = 1_700_000_000_000;
const TICK = 10_000;
const OPPORTUNITY = 'cache_tuning:correlation';
const ACTING = `optimization:
  evaluation_interval: 1m
  window: 10m
  auto_remediation_enabled: true
  dry_run: false
  canary_window: 10m
`;
const REVIEWED = `${ACTING}approvals:
  require_approval: true
  expire_after: 1h
`;

const silent = { info() {}, warn() {}, error() {} };

describe('optimization actions under approval', () => {
  const clocked = useClockedEngines({ startMillis: T0, tickMillis: TICK, ringCapacity: 400 });

  /** The engine as the service builds it, and approvals as the API decides with them. */
  async function setUp(yaml: string): Promise<{ engine: OptimizationEngine; api: Approvals }> {
    const config = parse(yaml);
    const [engine] = optimizationEngineFactory(config, {
      store: clocked.store,
      clock: { now: clocked.now },
      logger: silent,
    }) as OptimizationEngine[];
    await clocked.start([engine!]);
    const hooks = remediationApprovalHooks(() => engine);
    const api = createApprovals({
      store: clocked.store,
      now: clocked.now,
      expireAfterMillis: config.approvals.expireAfterMillis,
      appliers: { [REMEDIATION_KIND]: hooks.applier },
      observers: { [REMEDIATION_KIND]: hooks.observer },
    });
    return { engine: engine!, api };
  }

  async function run(app: InstrumentedApp, minutes: number): Promise<void> {
    await clocked.run(minutes, () => app.tick());
  }

  async function events(): Promise<string[]> {
    return (await clocked.store.listRemediationAudit({ opportunityId: OPPORTUNITY }))
      .map((e) => e.event)
      .reverse();
  }

  function cacheApp(): InstrumentedApp {
    return new InstrumentedApp({ series: clocked.series, now: clocked.now, cacheSize: 8 });
  }

  it('turns a would-execute decision into one proposal, and runs nothing', async () => {
    const { engine, api } = await setUp(REVIEWED);
    const app = cacheApp();
    let called = 0;
    engine.registerRemediationCallback('cache_tune', () => void called++);
    await run(app, 20);
    expect(called).toBe(0);
    expect(app.cacheSize).toBe(8);
    expect(await clocked.store.listRemediations()).toEqual([]);
    const proposals = await api.list({ kind: REMEDIATION_KIND });
    expect(proposals).toHaveLength(1);
    const [p] = proposals;
    expect(p).toMatchObject({ status: 'pending', subject: OPPORTUNITY });
    expect(p!.expiresAt - p!.createdAt).toBe(3_600_000);
    expect(p!.summary).toMatch(
      /^run cache_tune for ".+": confidence (0\.9\d\d|1\.000), risk low, predicted impact \d+\.\d%/,
    );
    const payload = p!.payload as {
      decision: { outcome: string; numbers: Record<string, number> };
      opportunity: { confidence: number; evidence: { values: Record<string, number> } };
      action: string;
      parameters: Record<string, unknown>;
    };
    expect(payload.action).toBe('cache_tune');
    expect(payload.decision.outcome).toBe('execute');
    expect(payload.decision.numbers.confidence).toBeGreaterThan(0.9);
    expect(payload.opportunity.evidence.values.hitRate).toBeLessThan(0.75);
    expect(payload.parameters).toMatchObject({ cache: 'correlation', sizeFactor: 2 });
    expect(await events()).toEqual(['decided', 'awaiting_approval']);
    const awaiting = (await clocked.store.listRemediationAudit({ opportunityId: OPPORTUNITY }))[0]!;
    expect(awaiting.numbers.proposalId).toBe(p!.id);
    expect((await api.audit()).map((a) => a.action)).toEqual(['proposal.created']);
  });

  it('runs the action once approved, and the canary keeps the improvement', async () => {
    const { engine, api } = await setUp(REVIEWED);
    const app = cacheApp();
    const phases: string[] = [];
    const parameters: unknown[] = [];
    engine.registerRemediationCallback('cache_tune', (request) => {
      phases.push(request.phase);
      parameters.push(request.parameters);
      app.cacheSize = request.phase === 'apply' ? app.cacheSize * 5 : app.cacheSize / 5;
    });
    await run(app, 3);
    const [p] = await api.list({ status: 'pending' });
    const decided = await api.decide(p!.id, 'approve', 'alice', 'looks right');
    expect(decided).toMatchObject({ ok: true, value: { applied: true } });
    expect(phases).toEqual(['apply']);
    // The action gets the parameters that were approved.
    expect(parameters).toEqual([p!.payload.parameters]);
    expect(app.cacheSize).toBe(40);

    await run(app, 12);
    const [remediation] = await clocked.store.listRemediations();
    expect(remediation).toMatchObject({ status: 'succeeded', rolledBack: false });
    expect((remediation!.details.decision as Record<string, unknown>).approvedBy).toBe('alice');
    expect(phases).toEqual(['apply']);
    expect(await events()).toEqual([
      'decided',
      'awaiting_approval',
      'approved',
      'executed',
      'kept',
    ]);
    const approved = (await clocked.store.listRemediationAudit()).find(
      (e) => e.event === 'approved',
    )!;
    expect(approved.reason).toBe(`proposal ${p!.id} approved by alice: looks right`);
    expect((await api.audit()).map((a) => [a.action, a.actor])).toEqual([
      ['proposal.approved', 'alice'],
      ['proposal.created', 'system'],
    ]);
  });

  it('rolls an approved change back when it costs accuracy', async () => {
    const { engine, api } = await setUp(REVIEWED);
    const app = cacheApp();
    const phases: string[] = [];
    engine.registerRemediationCallback(
      'cache_tune',
      () => {
        phases.push('apply');
        app.coarseKeys = true;
      },
      (request) => {
        phases.push(`rollback:${request.reason}`);
        app.coarseKeys = false;
      },
    );
    await run(app, 3);
    const [p] = await api.list({ status: 'pending' });
    await api.decide(p!.id, 'approve', 'bob');
    await run(app, 12);
    expect(phases).toEqual(['apply', 'rollback:accuracy-loss']);
    expect(app.coarseKeys).toBe(false);
    expect((await clocked.store.listRemediations())[0]).toMatchObject({ status: 'rolled-back' });
    expect(await events()).toEqual([
      'decided',
      'awaiting_approval',
      'approved',
      'executed',
      'rolled_back',
      // Within the rollback cooldown it is only recommended, not proposed again.
      'recommended',
    ]);
    expect(await api.list({ status: 'pending' })).toEqual([]);
  });

  it('runs nothing on rejection, audits it, and does not propose again within the cooldown', async () => {
    const { engine, api } = await setUp(REVIEWED);
    const app = cacheApp();
    let called = 0;
    engine.registerRemediationCallback('cache_tune', () => void called++);
    await run(app, 3);
    const [p] = await api.list({ status: 'pending' });
    const decided = await api.decide(p!.id, 'reject', 'carol', 'not during the campaign');
    expect(decided).toMatchObject({ ok: true, value: { proposal: { status: 'rejected' } } });
    await run(app, 30);
    expect(called).toBe(0);
    expect(await clocked.store.listRemediations()).toEqual([]);
    expect(await api.list({ kind: REMEDIATION_KIND })).toHaveLength(1);
    expect(await events()).toEqual(['decided', 'awaiting_approval', 'rejected']);
    const rejected = (await clocked.store.listRemediationAudit({ opportunityId: OPPORTUNITY }))[0]!;
    expect(rejected.reason).toBe(
      `proposal ${p!.id} rejected by carol: not during the campaign; nothing was run`,
    );
    expect(rejected.numbers.proposalId).toBe(p!.id);
    expect(rejected.numbers.confidence as number).toBeGreaterThan(0.9);
    const [entry] = await api.audit();
    expect(entry).toMatchObject({
      action: 'proposal.rejected',
      actor: 'carol',
      details: { note: 'not during the campaign' },
    });
    // A second decision does not count.
    expect(await api.decide(p!.id, 'approve', 'dave')).toMatchObject({
      ok: false,
      error: { reason: 'not-pending' },
    });
    expect(called).toBe(0);
  });

  it('runs nothing once a proposal expired, and refuses a late approval', async () => {
    const { engine, api } = await setUp(REVIEWED);
    const app = cacheApp();
    let called = 0;
    engine.registerRemediationCallback('cache_tune', () => void called++);
    await run(app, 3);
    const [p] = await api.list({ status: 'pending' });
    await run(app, 62);
    expect(await api.decide(p!.id, 'approve', 'erin')).toMatchObject({
      ok: false,
      error: { reason: 'not-pending', proposal: { status: 'expired' } },
    });
    expect(called).toBe(0);
    expect(await clocked.store.listRemediations()).toEqual([]);
    expect(await events()).toEqual(['decided', 'awaiting_approval', 'expired']);
    const expired = (await clocked.store.listRemediationAudit({ opportunityId: OPPORTUNITY }))[0]!;
    expect(expired.at).toBe(p!.expiresAt);
    expect(expired.reason).toMatch(/expired at .+ without a decision; nothing was run$/);
    expect((await api.audit()).map((a) => a.action)).toContain('proposal.expired');
  });

  it('runs nothing when approved while the engine is stopped', async () => {
    const { engine, api } = await setUp(REVIEWED);
    const app = cacheApp();
    let called = 0;
    engine.registerRemediationCallback('cache_tune', () => void called++);
    await run(app, 3);
    const [p] = await api.list({ status: 'pending' });
    engine.stop();
    const decided = await api.decide(p!.id, 'approve', 'frank');
    expect(decided).toMatchObject({
      ok: true,
      value: { applied: false, error: 'the optimization engine is stopped; nothing was run' },
    });
    expect(called).toBe(0);
    expect(await events()).toEqual(['decided', 'awaiting_approval', 'approved', 'not_run']);
    expect((await api.audit())[0]).toMatchObject({ action: 'proposal.apply_failed' });
  });

  it('executes at once without require_approval, as before', async () => {
    const { engine, api } = await setUp(ACTING);
    const app = cacheApp();
    let called = 0;
    engine.registerRemediationCallback('cache_tune', () => void called++);
    await run(app, 3);
    expect(called).toBe(1);
    expect(await api.list()).toEqual([]);
    expect(await events()).toEqual(['decided', 'executed']);
  });
});
