import { describe, expect, it } from 'vitest';
import { STORE_MIGRATIONS, type Migration } from '../../src/store/migrations.js';
import { StoreError } from '../../src/store/store-error.js';
import type { MonitoringStore } from '../../src/store/types.js';
import type { ContractContext } from './contract.js';
import {
  baselineInput,
  deliveryInput,
  driftInput,
  firing,
  opportunityInput,
  remediation,
  silenceInput,
  sloInput,
} from './fixtures.js';

/** The schema version this code migrates to. */
const LATEST = STORE_MIGRATIONS.at(-1)?.version ?? 0;
/** Every migration as `listAppliedMigrations` reports it, applied at `appliedAt`. */
const appliedAll = (appliedAt: number): { version: number; name: string; appliedAt: number }[] =>
  STORE_MIGRATIONS.map((m) => ({ version: m.version, name: m.name, appliedAt }));
const allVersions = STORE_MIGRATIONS.map((m) => m.version);

const extraMigration = (version: number, statements: string[]): Migration => ({
  version,
  name: `test-${version}`,
  statements: () => statements,
});

/** Writes one record of every kind. */
async function writeEveryKind(store: MonitoringStore): Promise<void> {
  await store.upsertBaseline(baselineInput('k'));
  await store.createBaselineVersion({ id: 'v1', name: 'v1' });
  await store.recordDriftEvent(driftInput('k', 10, { id: 'd1' }));
  await store.fireAlert(firing('fp', 10, { id: 'a1' }));
  await store.acknowledgeAlert({ alertId: 'a1', by: 'bob', at: 20 });
  await store.createSilence(silenceInput(0, 100, { id: 's1' }));
  await store.recordDeliveryAttempt(deliveryInput('a1', 1));
  await store.upsertOpportunity(opportunityInput('o1'));
  await store.saveRemediation(remediation('r1', 'o1'));
  await store.appendSloRecord(sloInput('accuracy', 10));
  await store.putCheckpoint({ key: 'series-store', version: 3, data: { n: 1 } });
  await store.putSloStates([{ sloId: 'error_rate', version: 1, data: { groups: [] } }]);
}

/** Reads everything `writeEveryKind` wrote. */
async function readEveryKind(store: MonitoringStore): Promise<unknown[]> {
  return Promise.all([
    store.listBaselines(),
    store.listBaselineHistory('k'),
    store.getBaselineVersion('v1'),
    store.listDriftEvents(),
    store.listAlerts(),
    store.listAcknowledgements('a1'),
    store.listSilences(),
    store.listDeliveryAttempts(),
    store.listOpportunities(),
    store.listRemediations(),
    store.listSloHistory(),
    store.getCheckpoint('series-store'),
    store.listSloStates(),
  ]);
}

/** Health, closing, restarts, migrations and concurrent writers. */
export function registerLifecycleContract(ctx: ContractContext): void {
  describe('lifecycle', () => {
    it('reports health with the schema version, and rejects calls after close', async () => {
      const store = ctx.store();
      const health = await store.health();
      expect(health).toMatchObject({
        ok: true,
        backend: store.backend,
        location: store.location,
        schemaVersion: LATEST,
      });
      expect(health.ok && health.latencyMillis).toBeGreaterThanOrEqual(0);
      await store.close();
      await store.close(); // idempotent
      expect(await store.health()).toMatchObject({ ok: false, error: 'the store is closed' });
      await expect(store.getBaseline('k')).rejects.toSatisfy(
        (e) => e instanceof StoreError && e.code === 'closed',
      );
    });

    it('records the migrations it applied', async () => {
      expect(await ctx.store().listAppliedMigrations()).toEqual(appliedAll(ctx.clock.now()));
    });

    // Restarts and second connections need a database a second open reaches; a harness
    // that cannot reopen (a private in-memory database) does not get these cases at all.
    if (ctx.reopenable) {
      it('keeps every record across a restart of the same database', async () => {
        const store = ctx.store();
        await writeEveryKind(store);
        const before = await readEveryKind(store);
        expect(
          before.every(
            (value) => value !== undefined && (!Array.isArray(value) || value.length > 0),
          ),
        ).toBe(true);
        await store.close();
        ctx.clock.advance(60_000);
        const reopened = await ctx.open();
        expect(await readEveryKind(reopened)).toEqual(before);
      });

      it('runs each migration once: reopening does not apply it again', async () => {
        const appliedAt = ctx.clock.now();
        await ctx.store().close();
        ctx.clock.advance(60_000);
        const reopened = await ctx.open();
        expect(await reopened.listAppliedMigrations()).toEqual(appliedAll(appliedAt));
      });

      it('applies newer migrations in order on restart, then refuses older code', async () => {
        await ctx.store().close();
        const upgraded = [
          ...STORE_MIGRATIONS,
          extraMigration(LATEST + 1, [
            'CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY, note TEXT)',
          ]),
          extraMigration(LATEST + 2, ['ALTER TABLE upgrade_probe ADD COLUMN added INTEGER']),
        ];
        const newer = await ctx.open({ migrations: upgraded });
        expect((await newer.listAppliedMigrations()).map((m) => m.version)).toEqual([
          ...allVersions,
          LATEST + 1,
          LATEST + 2,
        ]);
        expect(await newer.health()).toMatchObject({ ok: true, schemaVersion: LATEST + 2 });
        await newer.close();

        const refused = ctx.open();
        await expect(refused).rejects.toSatisfy(
          (e) =>
            e instanceof StoreError &&
            e.code === 'schema-too-new' &&
            new RegExp(`schema version ${LATEST + 2}\\b`).test(e.message) &&
            e.message.includes(`knows (${LATEST})`),
        );
      });

      it('rolls back a failing migration, leaving the schema at the previous version', async () => {
        await ctx.store().close();
        const broken = [
          ...STORE_MIGRATIONS,
          extraMigration(LATEST + 1, ['CREATE TABLE half_done (id INTEGER)', 'NOT VALID SQL']),
        ];
        await expect(ctx.open({ migrations: broken })).rejects.toSatisfy(
          (e) =>
            e instanceof StoreError &&
            e.code === 'migration-failed' &&
            e.message.includes(`migration ${LATEST + 1} (test-${LATEST + 1})`),
        );
        const fixed = [
          ...STORE_MIGRATIONS,
          extraMigration(LATEST + 1, ['CREATE TABLE half_done (id INTEGER)']),
        ];
        // Would fail with "table already exists" had the first statement survived.
        const store = await ctx.open({ migrations: fixed });
        expect((await store.listAppliedMigrations()).map((m) => m.version)).toEqual([
          ...allVersions,
          LATEST + 1,
        ]);
      });

      it('loses no write when two connections write concurrently', async () => {
        const one = ctx.store();
        const two = await ctx.open();
        const rounds = 40;
        const writes = [one, two].flatMap((store, writer) =>
          Array.from({ length: rounds }, async (_, i) => {
            await store.fireAlert(firing('shared', 1000 + i));
            await store.upsertBaseline(baselineInput(`w${writer}-${i}`, i + 1));
            await store.upsertBaseline(baselineInput('contended', writer * 100 + i + 1));
            await store.batch((b) => {
              b.recordDriftEvent(driftInput(`w${writer}`, i));
              b.appendSloRecord(sloInput(`w${writer}`, i));
            });
          }),
        );
        await Promise.all(writes);

        for (const store of [one, two]) {
          const alerts = await store.listAlerts();
          expect(alerts).toHaveLength(1);
          expect(alerts[0]).toMatchObject({
            count: 2 * rounds,
            firstSeenAt: 1000,
            lastSeenAt: 1000 + rounds - 1,
          });
          expect(await store.listBaselines()).toHaveLength(2 * rounds + 1);
          expect(await store.listBaselineHistory('contended', { limit: 10_000 })).toHaveLength(
            2 * rounds,
          );
          expect(await store.listDriftEvents({ seriesKey: 'w0' })).toHaveLength(rounds);
          expect(await store.listSloHistory({ sliId: 'w1' })).toHaveLength(rounds);
        }
      });
    }
  });
}
