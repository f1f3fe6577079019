import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/store-error.js';
import type { ContractContext } from './contract.js';
import {
  baselineInput,
  deliveryInput,
  driftInput,
  firing,
  opportunityInput,
  remediation,
  sloInput,
} from './fixtures.js';

/** Opportunities, remediations, SLO history, checkpoints, batches and pruning. */
export function registerRecordContract(ctx: ContractContext): void {
  describe('optimization', () => {
    it('upserts opportunities keeping createdAt, and orders them by priority then impact', async () => {
      const store = ctx.store();
      const t0 = ctx.clock.now();
      const o1 = await store.upsertOpportunity(opportunityInput('o1'));
      const { at: _at, ...fields } = opportunityInput('o1');
      expect(o1).toEqual({ ...fields, status: 'open', createdAt: t0, updatedAt: t0 });
      await store.upsertOpportunity(
        opportunityInput('o2', { priority: 9, category: 'memory', seriesKey: undefined }),
      );
      await store.upsertOpportunity(
        opportunityInput('o3', { estimatedImpact: 0.5, details: undefined }),
      );
      const t1 = ctx.clock.advance(1000);
      const updated = await store.upsertOpportunity(
        opportunityInput('o1', { title: 'Renamed', estimatedImpact: 0.75 }),
      );
      expect(updated).toMatchObject({ title: 'Renamed', createdAt: t0, updatedAt: t1 });

      const ids = async (q?: Parameters<typeof store.listOpportunities>[0]): Promise<string[]> =>
        (await store.listOpportunities(q)).map((o) => o.id);
      expect(await ids()).toEqual(['o2', 'o1', 'o3']);
      expect((await store.getOpportunity('o2'))?.seriesKey).toBeUndefined();
      expect((await store.getOpportunity('o3'))?.details).toEqual({});

      const dismissed = await store.updateOpportunityStatus('o1', 'dismissed', 7000);
      expect(dismissed).toEqual({ ...updated, status: 'dismissed', updatedAt: 7000 });
      expect(await store.updateOpportunityStatus('missing', 'applied', 1)).toBeUndefined();
      expect(await ids({ status: 'open' })).toEqual(['o2', 'o3']);
      expect(await ids({ status: ['open', 'dismissed'], category: 'algorithm' })).toEqual([
        'o1',
        'o3',
      ]);
      expect(await ids({ template: 'vectorize-loop', limit: 1 })).toEqual(['o2']);
    });

    it('saves remediation executions, replaces them by id, and lists them newest first', async () => {
      const store = ctx.store();
      const running = remediation('r1', 'o1');
      expect(await store.saveRemediation(running)).toEqual(running);
      const done = {
        ...running,
        status: 'rolled-back' as const,
        accuracyAfter: 0.97,
        rolledBack: true,
        finishedAt: 6000,
        error: 'accuracy loss',
      };
      expect(await store.saveRemediation(done)).toEqual(done);
      expect(await store.getRemediation('r1')).toEqual(done);
      const later = await store.saveRemediation(
        remediation('r2', 'o1', { startedAt: 8000, accuracyBefore: undefined }),
      );
      await store.saveRemediation(remediation('r3', 'o2', { status: 'succeeded' }));

      expect((await store.listRemediations({ opportunityId: 'o1' })).map((r) => r.id)).toEqual([
        'r2',
        'r1',
      ]);
      expect(await store.listRemediations({ status: 'rolled-back' })).toEqual([done]);
      expect(later.accuracyBefore).toBeUndefined();
      expect(await store.listRemediations({ limit: 1 })).toEqual([later]);
      expect(await store.getRemediation('missing')).toBeUndefined();
    });
  });

  describe('SLO history', () => {
    it('appends evaluations and queries them by SLI, window and time, newest first', async () => {
      const store = ctx.store();
      const first = await store.appendSloRecord(sloInput('response_time', 1000));
      expect(first).toEqual({
        ...sloInput('response_time', 1000),
        sloId: 'response_time',
        id: expect.any(Number),
      });
      const breach = await store.appendSloRecord(
        sloInput('response_time', 2000, {
          value: 0.99,
          compliant: false,
          errorBudgetRemaining: -0.5,
          burnRates: undefined,
        }),
      );
      expect(breach.burnRates).toEqual({});
      const daily = await store.appendSloRecord(
        sloInput('response_time', 2000, { windowSeconds: 86_400 }),
      );
      const other = await store.appendSloRecord(sloInput('accuracy', 3000));

      expect(await store.listSloHistory()).toEqual([other, daily, breach, first]);
      expect(await store.listSloHistory({ sliId: 'response_time', windowSeconds: 3600 })).toEqual([
        breach,
        first,
      ]);
      expect(await store.listSloHistory({ since: 2000, until: 3000 })).toEqual([daily, breach]);
      expect(await store.listSloHistory({ limit: 1 })).toEqual([other]);
    });

    it('keeps history per SLO group, written several at a time', async () => {
      const store = ctx.store();
      await store.appendSloRecords([
        sloInput('error_rate', 1000, { sloId: 'error_rate-aaaa0001' }),
        sloInput('error_rate', 1000, { sloId: 'error_rate-aaaa0002', value: 0.02 }),
      ]);
      await store.appendSloRecords([]);
      await store.appendSloRecords([
        sloInput('error_rate', 2000, { sloId: 'error_rate-aaaa0001' }),
      ]);
      const one = await store.listSloHistory({ sloId: 'error_rate-aaaa0001' });
      expect(one.map((r) => [r.sloId, r.recordedAt])).toEqual([
        ['error_rate-aaaa0001', 2000],
        ['error_rate-aaaa0001', 1000],
      ]);
      const two = await store.listSloHistory({ sloId: 'error_rate-aaaa0002' });
      expect(two).toEqual([
        {
          ...sloInput('error_rate', 1000, { sloId: 'error_rate-aaaa0002', value: 0.02 }),
          id: expect.any(Number),
        },
      ]);
    });
  });

  describe('SLO state', () => {
    it('replaces each SLO state on write and lists them by SLO id', async () => {
      const store = ctx.store();
      const t0 = ctx.clock.now();
      await store.putSloStates([
        { sloId: 'latency', version: 1, data: { tiers: [[1, 2.5]], since: {} } },
        { sloId: 'error_rate', version: 1, data: { groups: [] } },
      ]);
      const t1 = ctx.clock.advance(1000);
      await store.putSloStates([{ sloId: 'latency', version: 2, data: { tiers: [] } }]);
      expect(await store.listSloStates()).toEqual([
        { sloId: 'error_rate', version: 1, data: { groups: [] }, updatedAt: t0 },
        { sloId: 'latency', version: 2, data: { tiers: [] }, updatedAt: t1 },
      ]);
      expect(await store.deleteSloState('latency')).toBe(true);
      expect(await store.deleteSloState('latency')).toBe(false);
      expect((await store.listSloStates()).map((s) => s.sloId)).toEqual(['error_rate']);
    });

    it('writes all states of one call or none', async () => {
      const store = ctx.store();
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      await expect(
        store.putSloStates([
          { sloId: 'a', version: 1, data: { ok: true } },
          { sloId: 'b', version: 1, data: circular },
        ]),
      ).rejects.toThrow();
      expect(await store.listSloStates()).toEqual([]);
    });
  });

  describe('checkpoints', () => {
    it('overwrites a checkpoint under the same key and lists checkpoints without data', async () => {
      const store = ctx.store();
      const t0 = ctx.clock.now();
      const data = {
        series: [{ key: 'k', values: [1.5, 2, null] }],
        text: 'ünïcødé ✓',
        nested: { deep: [[]] },
      };
      expect(await store.putCheckpoint({ key: 'series-store', version: 1, data })).toEqual({
        key: 'series-store',
        version: 1,
        data,
        updatedAt: t0,
      });
      const t1 = ctx.clock.advance(500);
      await store.putCheckpoint({ key: 'series-store', version: 2, data: ['replaced'] });
      await store.putCheckpoint({ key: 'a-first', version: 1, data: null });
      expect(await store.getCheckpoint('series-store')).toEqual({
        key: 'series-store',
        version: 2,
        data: ['replaced'],
        updatedAt: t1,
      });
      expect(await store.getCheckpoint('a-first')).toEqual({
        key: 'a-first',
        version: 1,
        data: null,
        updatedAt: t1,
      });
      expect(await store.listCheckpoints()).toEqual([
        { key: 'a-first', version: 1, updatedAt: t1 },
        { key: 'series-store', version: 2, updatedAt: t1 },
      ]);
      expect(await store.deleteCheckpoint('a-first')).toBe(true);
      expect(await store.deleteCheckpoint('a-first')).toBe(false);
      expect(await store.getCheckpoint('a-first')).toBeUndefined();
    });
  });

  describe('batch', () => {
    it('applies every write of a batch', async () => {
      const store = ctx.store();
      await store.batch((b) => {
        b.upsertBaseline(baselineInput('k'));
        b.recordDriftEvent(driftInput('k', 10));
        b.fireAlert(firing('fp', 10, { id: 'a1' }));
        b.fireAlert(firing('fp', 20));
        b.recordDeliveryAttempt(deliveryInput('a1', 1));
        b.upsertOpportunity(opportunityInput('o1'));
        b.saveRemediation(remediation('r1', 'o1'));
        b.appendSloRecord(sloInput('accuracy', 10));
        b.putCheckpoint({ key: 'c', version: 1, data: 1 });
        b.putCheckpoint({ key: 'gone', version: 1, data: 1 });
        b.deleteCheckpoint('gone');
        b.resolveAlert('a1', 30);
      });
      expect((await store.getBaseline('k'))?.p50).toBe(1.25);
      expect(await store.listDriftEvents()).toHaveLength(1);
      expect(await store.getAlert('a1')).toMatchObject({
        count: 2,
        status: 'resolved',
        resolvedAt: 30,
      });
      expect(await store.listDeliveryAttempts()).toHaveLength(1);
      expect(await store.getOpportunity('o1')).toBeDefined();
      expect(await store.getRemediation('r1')).toBeDefined();
      expect(await store.listSloHistory()).toHaveLength(1);
      expect((await store.listCheckpoints()).map((c) => c.key)).toEqual(['c']);
      await store.batch(() => {}); // an empty batch is fine
    });

    it('writes nothing when a statement of the batch fails', async () => {
      const store = ctx.store();
      const failing = store.batch((b) => {
        b.upsertBaseline(baselineInput('k'));
        b.putCheckpoint({ key: 'c', version: 1, data: 1 });
        // NOT NULL column: the database rejects it after the first two writes ran.
        b.recordDeliveryAttempt(deliveryInput('a1', 1, { channel: null as unknown as string }));
      });
      await expect(failing).rejects.toSatisfy(
        (e) => e instanceof StoreError && e.code === 'query-failed',
      );
      expect(await store.getBaseline('k')).toBeUndefined();
      expect(await store.listBaselineHistory('k')).toEqual([]);
      expect(await store.getCheckpoint('c')).toBeUndefined();
    });

    it('writes nothing when the collecting function throws', async () => {
      const store = ctx.store();
      const failing = store.batch((b) => {
        b.putCheckpoint({ key: 'c', version: 1, data: 1 });
        throw new Error('collector bug');
      });
      await expect(failing).rejects.toThrow('collector bug');
      expect(await store.getCheckpoint('c')).toBeUndefined();
    });
  });

  describe('pruning', () => {
    it('deletes history before a time but keeps current state, open alerts, pending retries and dead letters', async () => {
      const store = ctx.store();
      ctx.clock.set(1000);
      await store.upsertBaseline(baselineInput('k', 1));
      ctx.clock.set(3000);
      await store.upsertBaseline(baselineInput('k', 2));
      await store.recordDriftEvent(driftInput('k', 1000));
      await store.recordDriftEvent(driftInput('k', 3000));
      await store.appendSloRecord(sloInput('accuracy', 1000));
      const old = (await store.fireAlert(firing('old', 500))).alert;
      await store.acknowledgeAlert({ alertId: old.id, by: 'bob', at: 600 });
      await store.resolveAlert(old.id, 1000);
      const open = (await store.fireAlert(firing('open', 500))).alert;
      await store.recordDeliveryAttempt(deliveryInput('x', 1)); // failed at 1000
      // Its retry, failed too and due again: the delivery queue resumes from this attempt.
      await store.recordDeliveryAttempt(deliveryInput('x', 2, { attemptedAt: 1500 }));
      await store.recordDeliveryAttempt(
        deliveryInput('x', 1, { status: 'dead-letter', channel: 'email' }),
      );

      expect(await store.pruneHistory(2000)).toEqual({
        baselineHistory: 1,
        driftEvents: 1,
        sloHistory: 1,
        deliveryAttempts: 1,
        resolvedAlerts: 1,
      });
      expect((await store.getBaseline('k'))?.p50).toBe(2.5);
      expect(await store.listBaselineHistory('k')).toHaveLength(1);
      expect(await store.getAlert(old.id)).toBeUndefined();
      expect(await store.listAcknowledgements(old.id)).toEqual([]);
      expect(await store.getAlert(open.id)).toBeDefined();
      expect(
        (await store.listDeliveryAttempts())
          .map((d) => `${d.channel} ${d.attempt} ${d.status}`)
          .sort(),
      ).toEqual(['email 1 dead-letter', 'slack 2 failed']);
    });
  });
}
