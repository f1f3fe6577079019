import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract.js';
import { deliveryInput, firing, silenceInput } from './fixtures.js';

/** Alerts, acknowledgements, silences and deliveries. */
export function registerAlertContract(ctx: ContractContext): void {
  describe('alerts', () => {
    it('opens an alert on the first firing and folds later firings of the fingerprint into it', async () => {
      const store = ctx.store();
      const first = await store.fireAlert(firing('fp-1', 1000, { id: 'a1' }));
      expect(first).toEqual({
        created: true,
        alert: {
          id: 'a1',
          ruleId: 'response_time_critical',
          fingerprint: 'fp-1',
          severity: 'critical',
          category: 'performance',
          status: 'firing',
          labels: { alertname: 'ResponseTime', operation: 'fit' },
          annotations: { summary: 'p95 above 3 s' },
          firstSeenAt: 1000,
          lastSeenAt: 1000,
          count: 1,
        },
      });
      const second = await store.fireAlert(
        firing('fp-1', 3000, { severity: 'warning', annotations: { summary: 'p95 above 2 s' } }),
      );
      // A late, out-of-order firing counts but does not move lastSeenAt back.
      const third = await store.fireAlert(
        firing('fp-1', 2000, { severity: 'warning', annotations: { summary: 'p95 above 2 s' } }),
      );
      expect([second.created, third.created]).toEqual([false, false]);
      expect(third.alert).toEqual({
        ...first.alert,
        severity: 'warning',
        annotations: { summary: 'p95 above 2 s' },
        lastSeenAt: 3000,
        count: 3,
      });
      expect(await store.getAlert('a1')).toEqual(third.alert);
      expect(await store.findOpenAlert('fp-1')).toEqual(third.alert);
      // An earlier one moves firstSeenAt back.
      const fourth = await store.fireAlert(firing('fp-1', 500));
      expect(fourth.alert).toMatchObject({ firstSeenAt: 500, lastSeenAt: 3000, count: 4 });
      expect(await store.getAlert('missing')).toBeUndefined();
    });

    it('opens a new alert for a fingerprint whose alert was resolved', async () => {
      const store = ctx.store();
      const { alert } = await store.fireAlert(firing('fp', 1000));
      const resolved = await store.resolveAlert(alert.id, 5000);
      expect(resolved).toEqual({ ...alert, status: 'resolved', resolvedAt: 5000 });
      expect(await store.resolveAlert(alert.id, 9000)).toEqual(resolved); // no-op
      expect(await store.resolveAlert('missing', 9000)).toBeUndefined();
      expect(await store.findOpenAlert('fp')).toBeUndefined();

      const again = await store.fireAlert(firing('fp', 6000));
      expect(again.created).toBe(true);
      expect(again.alert.id).not.toBe(alert.id);
      expect(again.alert.count).toBe(1);
      expect(await store.getAlert(alert.id)).toEqual(resolved);
    });

    it('acknowledging moves a firing alert to acknowledged, and later firings keep it there', async () => {
      const store = ctx.store();
      const { alert } = await store.fireAlert(firing('fp', 1000));
      const ack = await store.acknowledgeAlert({
        alertId: alert.id,
        by: 'bob',
        at: 1500,
        comment: 'looking',
      });
      expect(ack.ok && ack.value).toEqual({
        id: expect.any(Number),
        alertId: alert.id,
        by: 'bob',
        at: 1500,
        comment: 'looking',
      });
      const second = await store.acknowledgeAlert({ alertId: alert.id, by: 'carol', at: 1600 });
      expect(second.ok && second.value.comment).toBeUndefined();

      const refired = await store.fireAlert(firing('fp', 2000));
      expect(refired.alert).toMatchObject({
        id: alert.id,
        status: 'acknowledged',
        acknowledgedAt: 1500,
        count: 2,
      });
      expect((await store.listAcknowledgements(alert.id)).map((a) => a.by)).toEqual([
        'bob',
        'carol',
      ]);

      await store.resolveAlert(alert.id, 3000);
      await store.acknowledgeAlert({ alertId: alert.id, by: 'dave', at: 3500 });
      expect((await store.getAlert(alert.id))?.status).toBe('resolved');
    });

    it('acknowledging an unknown alert fails with not-found', async () => {
      const result = await ctx.store().acknowledgeAlert({ alertId: 'nope', by: 'bob', at: 1 });
      expect(!result.ok && result.error.code).toBe('not-found');
      expect(await ctx.store().listAcknowledgements('nope')).toEqual([]);
    });

    it('lists alerts by status, rule, severity and last-seen time, most recent first', async () => {
      const store = ctx.store();
      const a = (await store.fireAlert(firing('a', 1000))).alert;
      const b = (
        await store.fireAlert(firing('b', 2000, { ruleId: 'memory', severity: 'warning' }))
      ).alert;
      const c = (await store.fireAlert(firing('c', 3000))).alert;
      await store.resolveAlert(a.id, 4000);
      await store.acknowledgeAlert({ alertId: b.id, by: 'bob', at: 2500 });

      const ids = async (q: Parameters<typeof store.listAlerts>[0]): Promise<string[]> =>
        (await store.listAlerts(q)).map((alert) => alert.id);
      expect(await ids({})).toEqual([c.id, b.id, a.id]);
      expect(await ids({ status: 'firing' })).toEqual([c.id]);
      expect(await ids({ status: ['firing', 'acknowledged'] })).toEqual([c.id, b.id]);
      expect(await ids({ status: [] })).toEqual([]);
      expect(await ids({ ruleId: 'memory' })).toEqual([b.id]);
      expect(await ids({ severity: 'critical' })).toEqual([c.id, a.id]);
      expect(await ids({ since: 2000, until: 3000 })).toEqual([b.id]);
      expect(await ids({ limit: 1 })).toEqual([c.id]);
    });
  });

  describe('silences', () => {
    it('finds the silences active at a time: start inclusive, end exclusive', async () => {
      const store = ctx.store();
      const createdAt = ctx.clock.now();
      const s1 = await store.createSilence(silenceInput(1000, 2000, { id: 's1' }));
      expect(s1).toEqual({ ...silenceInput(1000, 2000), id: 's1', createdAt });
      const s2 = await store.createSilence(silenceInput(1500, 3000, { comment: undefined }));
      expect(s2.comment).toBe('');

      const active = async (at: number): Promise<string[]> =>
        (await store.listSilences({ activeAt: at })).map((s) => s.id);
      expect(await active(999)).toEqual([]);
      expect(await active(1000)).toEqual(['s1']);
      expect(await active(1999)).toEqual(['s1', s2.id]);
      expect(await active(2000)).toEqual([s2.id]);
      expect(await active(3000)).toEqual([]);
      expect((await store.listSilences()).map((s) => s.id)).toEqual(['s1', s2.id]);
      expect(await store.getSilence('s1')).toEqual(s1);
    });

    it('expiring a silence ends it at that time, never extends it', async () => {
      const store = ctx.store();
      await store.createSilence(silenceInput(1000, 5000, { id: 's' }));
      expect((await store.expireSilence('s', 2500))?.endsAt).toBe(2500);
      expect((await store.expireSilence('s', 4000))?.endsAt).toBe(2500);
      expect(await store.listSilences({ activeAt: 3000 })).toEqual([]);
      expect(await store.expireSilence('missing', 1)).toBeUndefined();
    });
  });

  describe('deliveries', () => {
    it('records attempts and dead letters, and lists only the latest failed attempt when due', async () => {
      const store = ctx.store();
      const first = await store.recordDeliveryAttempt(deliveryInput('a1', 1));
      expect(first).toEqual({ ...deliveryInput('a1', 1), id: expect.any(Number) });
      const second = await store.recordDeliveryAttempt(deliveryInput('a1', 2)); // retry due at 2500
      const email = await store.recordDeliveryAttempt(
        deliveryInput('a1', 1, { channel: 'email', nextRetryAt: 9000 }),
      );
      const ok = await store.recordDeliveryAttempt(
        deliveryInput('a2', 1, {
          status: 'delivered',
          error: undefined,
          nextRetryAt: undefined,
          payload: undefined,
        }),
      );
      expect(ok).toEqual({
        id: ok.id,
        alertId: 'a2',
        channel: 'slack',
        attempt: 1,
        status: 'delivered',
        attemptedAt: 1000,
      });
      const dead = await store.recordDeliveryAttempt(
        deliveryInput('a3', 5, { status: 'dead-letter', nextRetryAt: undefined }),
      );

      expect(await store.listDueRetries(2499)).toEqual([]);
      expect(await store.listDueRetries(2500)).toEqual([second]);
      expect(await store.listDueRetries(10_000)).toEqual([second, email]);
      expect(await store.listDeliveryAttempts({ status: 'dead-letter' })).toEqual([dead]);
      expect(await store.listDeliveryAttempts({ alertId: 'a1', channel: 'slack' })).toEqual([
        second,
        first,
      ]);
      expect((await store.listDeliveryAttempts({ since: 2000 })).map((d) => d.id)).toEqual([
        dead.id,
        second.id,
      ]);
      expect(await store.listDeliveryAttempts({ limit: 1 })).toEqual([dead]);
      // A queued notification (attempt 0) is due at its first-attempt time, until attempted.
      const queued = await store.recordDeliveryAttempt(
        deliveryInput('q1', 0, { status: 'queued', error: undefined, nextRetryAt: 20_000 }),
      );
      expect(await store.listDueRetries(19_999)).toEqual([second, email]);
      expect(await store.listDueRetries(20_000)).toEqual([second, email, queued]);
      const attempted = await store.recordDeliveryAttempt(
        deliveryInput('q1', 1, {
          status: 'delivered',
          error: undefined,
          nextRetryAt: undefined,
          attemptedAt: 21_000,
        }),
      );
      expect(await store.listDueRetries(30_000)).toEqual([second, email]);
      expect(await store.listDeliveryAttempts({ alertId: 'q1' })).toEqual([attempted, queued]);
    });
  });
}
