import { describe, expect, it } from 'vitest';
import type { BaselineRecord } from '../../src/store/baseline-records.js';
import { StoreError } from '../../src/store/store-error.js';
import type { ContractContext } from './contract.js';
import { baselineInput, driftInput } from './fixtures.js';

/** What the store should hold after `upsertBaseline(input)` at `at` (first write of the key). */
function stored(
  input: ReturnType<typeof baselineInput>,
  createdAt: number,
  updatedAt = createdAt,
): BaselineRecord {
  const { updatedAt: _ignored, ...rest } = input;
  return { ...rest, details: input.details ?? {}, createdAt, updatedAt };
}

/** Baselines, versions with rollback, and drift events. */
export function registerBaselineContract(ctx: ContractContext): void {
  describe('baselines', () => {
    it('round-trips a baseline, with NaN and infinite statistics preserved', async () => {
      const store = ctx.store();
      const input = baselineInput('fit|host=a', 1, {
        method: 'robust',
        ciLevel: NaN,
        p99: Infinity,
        std: -Infinity,
      });
      const expected = stored(input, ctx.clock.now());
      expect(await store.upsertBaseline(input)).toEqual(expected);
      expect(await store.getBaseline('fit|host=a')).toEqual(expected);
      expect(await store.getBaseline('missing')).toBeUndefined();
    });

    it('keeps createdAt on update and appends every value to the history, newest first', async () => {
      const store = ctx.store();
      const created = ctx.clock.now();
      await store.upsertBaseline(baselineInput('k', 1));
      const updated = ctx.clock.advance(60_000);
      const second = await store.upsertBaseline(baselineInput('k', 2));
      expect(second).toEqual(stored(baselineInput('k', 2), created, updated));
      expect(await store.getBaseline('k')).toEqual(second);

      const history = await store.listBaselineHistory('k');
      expect(history.map((h) => [h.p50, h.source, h.updatedAt])).toEqual([
        [2.5, 'update', updated],
        [1.25, 'update', created],
      ]);
      expect(history[0]!.id).toBeGreaterThan(history[1]!.id);
      expect(await store.listBaselineHistory('k', { since: updated })).toHaveLength(1);
      expect(await store.listBaselineHistory('k', { until: updated })).toHaveLength(1);
      expect(await store.listBaselineHistory('k', { limit: 1 })).toEqual([history[0]]);
    });

    it('takes updatedAt from the input when given', async () => {
      const at = Date.UTC(2024, 5, 1);
      const record = await ctx.store().upsertBaseline(baselineInput('k', 1, { updatedAt: at }));
      expect([record.createdAt, record.updatedAt]).toEqual([at, at]);
    });

    it('lists current baselines by key, filters by metric, and deletes one', async () => {
      const store = ctx.store();
      await store.upsertBaseline(baselineInput('b'));
      await store.upsertBaseline(baselineInput('a'));
      await store.upsertBaseline(baselineInput('c', 1, { metric: 'heterodyne.memory.usage' }));
      expect((await store.listBaselines()).map((b) => b.key)).toEqual(['a', 'b', 'c']);
      const memory = await store.listBaselines({ metric: 'heterodyne.memory.usage' });
      expect(memory.map((b) => b.key)).toEqual(['c']);
      expect(await store.deleteBaseline('b')).toBe(true);
      expect(await store.deleteBaseline('b')).toBe(false);
      expect((await store.listBaselines()).map((b) => b.key)).toEqual(['a', 'c']);
      expect(await store.listBaselineHistory('b')).toHaveLength(1);
    });
  });

  describe('baseline versions', () => {
    it('snapshots all current baselines and lists versions newest first', async () => {
      const store = ctx.store();
      await store.upsertBaseline(baselineInput('a'));
      await store.upsertBaseline(baselineInput('b'));
      const t1 = ctx.clock.now();
      const v1 = await store.createBaselineVersion({
        name: 'v1.0',
        notes: 'Initial production baseline',
      });
      expect(v1).toEqual({
        id: v1.id,
        name: 'v1.0',
        notes: 'Initial production baseline',
        createdAt: t1,
        baselineCount: 2,
      });
      ctx.clock.advance(1000);
      const v2 = await store.createBaselineVersion({ id: 'fixed-id', name: 'v2' });
      expect(v2.notes).toBe('');
      expect((await store.listBaselineVersions()).map((v) => v.id)).toEqual(['fixed-id', v1.id]);

      const snapshot = await store.getBaselineVersion(v1.id);
      expect(snapshot?.version).toEqual(v1);
      expect(snapshot?.baselines).toEqual(await store.listBaselines());
      expect(await store.getBaselineVersion('missing')).toBeUndefined();
    });

    it('rollback makes exactly the version baselines current and records it in history', async () => {
      const store = ctx.store();
      const t0 = ctx.clock.now();
      await store.upsertBaseline(baselineInput('a', 1));
      await store.upsertBaseline(baselineInput('b', 1));
      const version = await store.createBaselineVersion({ name: 'good' });

      ctx.clock.advance(1000);
      await store.upsertBaseline(baselineInput('a', 3)); // drifted
      await store.upsertBaseline(baselineInput('c', 1)); // added after the version
      const rolledBackAt = ctx.clock.advance(1000);

      const result = await store.rollbackBaselineVersion(version.id);
      expect(result.ok).toBe(true);
      const expected = [
        stored(baselineInput('a', 1), t0, rolledBackAt),
        stored(baselineInput('b', 1), t0, rolledBackAt),
      ];
      expect(result.ok && result.value).toEqual(expected);
      expect(await store.listBaselines()).toEqual(expected);

      const history = await store.listBaselineHistory('a');
      expect(history.map((h) => [h.source, h.p50, h.versionId])).toEqual([
        ['rollback', 1.25, version.id],
        ['update', 3.75, undefined],
        ['update', 1.25, undefined],
      ]);
      // The version itself is untouched and can be restored again.
      expect(
        (await store.getBaselineVersion(version.id))?.baselines.map((b) => b.updatedAt),
      ).toEqual([t0, t0]);
    });

    it('rollback to an unknown version fails with not-found and changes nothing', async () => {
      const store = ctx.store();
      await store.upsertBaseline(baselineInput('a'));
      const result = await store.rollbackBaselineVersion('nope');
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toBeInstanceOf(StoreError);
      expect(!result.ok && result.error.code).toBe('not-found');
      expect((await store.listBaselines()).map((b) => b.key)).toEqual(['a']);
    });
  });

  describe('drift events', () => {
    it('round-trips drift events and filters them by metric, series and time, newest first', async () => {
      const store = ctx.store();
      const first = await store.recordDriftEvent(driftInput('s1', 1000));
      expect(first).toEqual({ ...driftInput('s1', 1000), id: first.id });
      const second = await store.recordDriftEvent(
        driftInput('s2', 2000, { id: 'd2', details: undefined }),
      );
      expect(second.details).toEqual({});
      const third = await store.recordDriftEvent(
        driftInput('s1', 3000, { metric: 'heterodyne.memory.usage' }),
      );

      expect((await store.listDriftEvents()).map((d) => d.id)).toEqual([third.id, 'd2', first.id]);
      expect(await store.listDriftEvents({ seriesKey: 's2' })).toEqual([second]);
      expect(
        (await store.listDriftEvents({ metric: 'heterodyne.memory.usage' })).map((d) => d.id),
      ).toEqual([third.id]);
      expect((await store.listDriftEvents({ since: 2000, until: 3000 })).map((d) => d.id)).toEqual([
        'd2',
      ]);
      expect((await store.listDriftEvents({ limit: 2 })).map((d) => d.id)).toEqual([
        third.id,
        'd2',
      ]);
    });
  });
}
