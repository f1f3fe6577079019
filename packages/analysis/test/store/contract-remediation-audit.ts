import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract.js';

/** The remediation audit log. */
export function registerRemediationAuditContract(ctx: ContractContext): void {
  describe('remediation audit log', () => {
    it('appends entries with their numbers and lists them newest first, by opportunity, remediation and time', async () => {
      const store = ctx.store();
      const decided = await store.appendRemediationAudit({
        at: 1000,
        opportunityId: 'cache_tuning:correlation',
        action: 'cache_tune',
        event: 'decided',
        reason: 'eligible',
        numbers: { confidence: 0.9993, autoExecutionThreshold: 0.9, nested: { p: [0.01, 0.02] } },
      });
      expect(decided.id).toBeGreaterThan(0);
      expect(decided.remediationId).toBeUndefined();
      const rolledBack = await store.appendRemediationAudit({
        at: 2000,
        opportunityId: 'cache_tuning:correlation',
        remediationId: 'r1',
        action: 'cache_tune',
        event: 'rolled_back',
        reason: 'rolled back: accuracy-loss',
        numbers: { accuracyLoss: 0.024, accuracyLossThreshold: 0.01 },
      });
      const other = await store.appendRemediationAudit({
        at: 1500,
        opportunityId: 'jit_warmup:fit',
        event: 'recommended',
        reason: 'risk is medium, not low',
        numbers: {},
      });
      expect(rolledBack.id).toBeGreaterThan(decided.id);

      expect(await store.listRemediationAudit()).toEqual([rolledBack, other, decided]);
      expect(
        await store.listRemediationAudit({ opportunityId: 'cache_tuning:correlation' }),
      ).toEqual([rolledBack, decided]);
      expect(await store.listRemediationAudit({ remediationId: 'r1' })).toEqual([rolledBack]);
      expect(await store.listRemediationAudit({ since: 1500 })).toEqual([rolledBack, other]);
      expect(await store.listRemediationAudit({ until: 1500, limit: 1 })).toEqual([decided]);
      expect(decided.numbers).toEqual({
        confidence: 0.9993,
        autoExecutionThreshold: 0.9,
        nested: { p: [0.01, 0.02] },
      });
    });

    it('keeps the audit log across a restart', async () => {
      if (!ctx.reopenable) return;
      const store = ctx.store();
      await store.appendRemediationAudit({
        at: 1000,
        opportunityId: 'o',
        event: 'executed',
        reason: 'applied',
        numbers: { before: 0.45 },
      });
      await store.close();
      const again = await ctx.open();
      expect((await again.listRemediationAudit()).map((e) => [e.event, e.numbers])).toEqual([
        ['executed', { before: 0.45 }],
      ]);
    });
  });
}
