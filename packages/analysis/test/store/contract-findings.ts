import { describe, expect, it } from 'vitest';
import type { FindingRecordInput } from '../../src/store/finding-records.js';
import type { ContractContext } from './contract.js';

/** A finding record of condition `id` (the identity) on `replica`. */
function record(
  id: string,
  state: 'firing' | 'resolved',
  recordedAt: number,
  extra: Partial<FindingRecordInput> = {},
): FindingRecordInput {
  return {
    replica: '',
    identity: `slo|page|${id}`,
    engine: 'slo',
    kind: 'slo.burn_rate.page',
    severity: 'critical',
    state,
    labels: { slo: id },
    summary: `${id} ${state}`,
    startsAt: 1000,
    ...(state === 'resolved' ? { endsAt: recordedAt } : {}),
    recordedAt,
    ...extra,
  };
}

/** The findings history. */
export function registerFindingContract(ctx: ContractContext): void {
  describe('findings', () => {
    it('appends findings with every field and lists them newest recorded first, filtered', async () => {
      const store = ctx.store();
      const full = record('latency', 'firing', 2000, {
        value: 15.5,
        threshold: 14.4,
        windowSeconds: 3600,
        evidence: { burnRates: { '1h': 15.5, '5m': 20 }, nested: [1, 'two', null] },
        suggestedAction: 'look at the fit',
        labels: { slo: 'latency', 'service.name': 'fit' },
      });
      const anomaly = record('x', 'firing', 2500, {
        engine: 'anomaly',
        kind: 'anomaly',
        severity: 'warning',
        identity: 'anomaly|x',
        startsAt: 2400,
      });
      // Recorded later than the anomaly, although its condition started earlier.
      const resolved = record('latency', 'resolved', 3000, {
        labels: { slo: 'latency', 'service.name': 'fit' },
      });
      await store.appendFindings([full, anomaly]);
      await store.appendFindings([resolved]);

      const all = await store.listFindings();
      expect(all.map((f) => f.summary)).toEqual(['latency resolved', 'x firing', 'latency firing']);
      expect(all[0]!.id).toBeGreaterThan(all[1]!.id);
      const { id, ...stored } = all[2]!;
      expect(id).toBeGreaterThan(0);
      expect(stored).toEqual(full);
      // Absent optional fields stay absent.
      expect(Object.keys(all[1]!).sort()).toEqual(
        Object.keys({ ...anomaly, id: 0 })
          .filter((k) => k !== 'endsAt')
          .sort(),
      );
      expect(all[0]!.endsAt).toBe(3000);

      expect((await store.listFindings({ engine: 'anomaly' })).map((f) => f.summary)).toEqual([
        'x firing',
      ]);
      expect((await store.listFindings({ state: 'firing' })).map((f) => f.summary)).toEqual([
        'x firing',
        'latency firing',
      ]);
      expect((await store.listFindings({ limit: 1 })).map((f) => f.summary)).toEqual([
        'latency resolved',
      ]);
      expect(
        (await store.listFindings({ since: 2500, until: 3000 })).map((f) => f.summary),
      ).toEqual(['x firing']);
    });

    it('lists the conditions firing: the latest finding of each, when it fires, per replica', async () => {
      const store = ctx.store();
      await store.appendFindings([
        record('a', 'firing', 1000, { startsAt: 900 }),
        record('b', 'firing', 1100, { startsAt: 800 }),
        record('a', 'resolved', 1200),
        record('c', 'firing', 1300, { startsAt: 1300 }),
        record('c', 'resolved', 1400),
        // Fires again after its resolution.
        record('c', 'firing', 1500, { startsAt: 1500, summary: 'c again' }),
        // Another replica's condition a is still firing: not this replica's.
        record('a', 'firing', 1600, { replica: 'r2', startsAt: 700, summary: 'a on r2' }),
        record('d', 'firing', 1700, { engine: 'anomaly', identity: 'anomaly|d', startsAt: 1000 }),
      ]);
      expect((await store.listFiringFindings({ replica: '' })).map((f) => f.summary)).toEqual([
        'b firing',
        'd firing',
        'c again',
      ]);
      expect(
        (await store.listFiringFindings({ replica: '', engine: 'slo' })).map((f) => f.summary),
      ).toEqual(['b firing', 'c again']);
      expect((await store.listFiringFindings({ replica: 'r2' })).map((f) => f.summary)).toEqual([
        'a on r2',
      ]);
      expect((await store.listFiringFindings()).map((f) => f.summary)).toEqual([
        'a on r2',
        'b firing',
        'd firing',
        'c again',
      ]);
      expect((await store.listFindings({ replica: 'r2' })).map((f) => f.summary)).toEqual([
        'a on r2',
      ]);
    });

    it('stores non-ASCII text, quotes and infinite values as they were', async () => {
      const store = ctx.store();
      const odd = record('inf', 'firing', 1000, {
        value: Number.POSITIVE_INFINITY,
        threshold: -0.5,
        summary: 'burn rate ∞ — «quoted» \'single\' "double"',
        labels: { slo: 'inf', emoji: '🔥', empty: '' },
      });
      await store.appendFindings([odd]);
      const [stored] = await store.listFindings();
      expect(stored).toMatchObject({
        value: Number.POSITIVE_INFINITY,
        threshold: -0.5,
        summary: odd.summary,
        labels: odd.labels,
      });
    });

    it('keeps findings across a restart', async () => {
      if (!ctx.reopenable) return;
      await ctx.store().appendFindings([record('a', 'firing', 1000)]);
      await ctx.store().close();
      const again = await ctx.open();
      expect((await again.listFiringFindings()).map((f) => f.summary)).toEqual(['a firing']);
    });
  });
}
