import { afterEach, beforeEach, describe } from 'vitest';
import type { CommonStoreOptions } from '../../src/store/open-store.js';
import type { MonitoringStore } from '../../src/store/types.js';
import { registerAlertContract } from './contract-alerts.js';
import { registerBaselineContract } from './contract-baselines.js';
import { registerFindingContract } from './contract-findings.js';
import { registerLifecycleContract } from './contract-lifecycle.js';
import { registerRecordContract } from './contract-records.js';
import { registerRemediationAuditContract } from './contract-remediation-audit.js';
import { createTestClock, type TestClock } from './fixtures.js';

/** One fresh database for one test. */
export interface StoreTarget {
  /** Opens a new connection to this database. */
  open(options: CommonStoreOptions): Promise<MonitoringStore>;
  /** Removes the database (after every store was closed). */
  dispose(): Promise<void>;
}

/** Makes fresh databases of one kind. */
export interface StoreHarness {
  /**
   * Whether a second `open` of a target reaches the same data (false for a private in-memory
   * database). The restart, migration and two-connection cases are registered only when it
   * does.
   */
  readonly reopenable: boolean;
  /** A new, empty target. */
  createTarget(): Promise<StoreTarget>;
}

/** What the contract tests see. */
export interface ContractContext {
  /** The clock every store of the test uses. */
  readonly clock: TestClock;
  /** The store opened before the test. */
  store(): MonitoringStore;
  /** Whether `open` reaches the same data (see {@link StoreHarness.reopenable}). */
  readonly reopenable: boolean;
  /** Opens another connection to the test's database (closed after the test). */
  open(options?: CommonStoreOptions): Promise<MonitoringStore>;
}

/**
 * Registers the store contract: the behaviour every {@link MonitoringStore} implementation
 * must have, run against fresh databases from `harness`.
 */
export function describeStoreContract(name: string, harness: StoreHarness): void {
  describe(name, () => {
    const clock = createTestClock();
    let target: StoreTarget | undefined;
    let current: MonitoringStore | undefined;
    let opened: MonitoringStore[] = [];

    const open = async (options: CommonStoreOptions = {}): Promise<MonitoringStore> => {
      if (target === undefined) throw new Error('contract: no target (used outside a test?)');
      const store = await target.open({ now: clock.now, ...options });
      opened.push(store);
      return store;
    };

    beforeEach(async () => {
      clock.set(Date.UTC(2025, 0, 1));
      target = await harness.createTarget();
      current = await open();
    });

    afterEach(async () => {
      await Promise.all(opened.map((store) => store.close()));
      opened = [];
      current = undefined;
      await target?.dispose();
      target = undefined;
    });

    const context: ContractContext = {
      clock,
      store: () => {
        if (current === undefined) throw new Error('contract: no store (used outside a test?)');
        return current;
      },
      reopenable: harness.reopenable,
      open,
    };

    registerBaselineContract(context);
    registerAlertContract(context);
    registerRecordContract(context);
    registerRemediationAuditContract(context);
    registerFindingContract(context);
    registerLifecycleContract(context);
  });
}
