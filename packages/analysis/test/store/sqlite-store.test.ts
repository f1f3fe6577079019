import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { StoreError } from '../../src/store/store-error.js';
import { openSqliteConnection } from '../../src/store/sqlite-driver.js';
import { openSqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite-store.js';
import type { MonitoringStore } from '../../src/store/types.js';
import { describeStoreContract } from './contract.js';
import { forEachSqliteDriver } from './sqlite-drivers.js';

let counter = 0;

// A second writer in another thread holds SQLite's write lock while this thread writes.
const LOCK_HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
process.emitWarning = () => {}; // node:sqlite's ExperimentalWarning on Node 22
const db =
  workerData.driver === 'node:sqlite'
    ? new (require('node:sqlite').DatabaseSync)(workerData.path)
    : new (require('better-sqlite3'))(workerData.path);
const signal = new Int32Array(workerData.signal);
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT INTO checkpoints VALUES ('from-worker', 1, '1', 0)").run();
parentPort.postMessage('locked');
// Wait until the main thread is about to write (or is told to release), then hold a little longer.
Atomics.wait(signal, 0, 0);
Atomics.wait(signal, 1, 0, workerData.holdMillis);
db.exec('COMMIT');
db.close();
`;

forEachSqliteDriver((driver) => {
  describeStoreContract(`sqlite store on ${driver} (file)`, {
    reopenable: true,
    async createTarget() {
      const dir = mkdtempSync(join(tmpdir(), 'heterodyne-store-'));
      // A nested path: opening must create the directories.
      const path = join(dir, 'nested', `db-${++counter}.db`);
      return {
        open: (options) => openStore({ kind: 'sqlite', path, driver, ...options }),
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  });

  describeStoreContract(`sqlite store on ${driver} (:memory:)`, {
    reopenable: false,
    async createTarget() {
      return {
        open: (options) => openStore({ kind: 'sqlite', path: ':memory:', driver, ...options }),
        dispose: async () => {},
      };
    },
  });

  describe(`sqlite store on ${driver}`, () => {
    let dir: string;
    const stores: MonitoringStore[] = [];

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'heterodyne-sqlite-'));
    });

    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      rmSync(dir, { recursive: true, force: true });
    });

    const open = async (options: SqliteStoreOptions): Promise<MonitoringStore> => {
      const store = await openSqliteStore({ driver, ...options });
      stores.push(store);
      return store;
    };

    /** Starts a worker holding the write lock on `path`; resolves once it holds it. */
    const holdWriteLock = async (path: string, holdMillis: number) => {
      const signal = new SharedArrayBuffer(8);
      const worker = new Worker(LOCK_HOLDER, {
        eval: true,
        workerData: {
          path,
          signal,
          holdMillis,
          driver,
        },
      });
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
      const flags = new Int32Array(signal);
      const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
      return {
        /** Lets the worker commit `holdMillis` after this call. */
        releaseSoon: () => {
          Atomics.store(flags, 0, 1);
          Atomics.notify(flags, 0);
        },
        /** Lets the worker commit now. */
        releaseNow: () => {
          Atomics.store(flags, 1, 1);
          Atomics.store(flags, 0, 1);
          Atomics.notify(flags, 0);
          Atomics.notify(flags, 1);
        },
        exited,
      };
    };

    it('creates the directory and uses the WAL journal', async () => {
      const path = join(dir, 'a', 'b', 'store.db');
      const store = await open({ path });
      expect(existsSync(path)).toBe(true);
      expect(store.location).toBe(path);
      const raw = openSqliteConnection(path, driver);
      try {
        expect(raw.prepare('PRAGMA journal_mode').all([])).toEqual([{ journal_mode: 'wal' }]);
        expect(raw.driver).toBe(driver);
      } finally {
        raw.close();
      }
    });

    // Open file descriptors are listed in /proc on Linux, where CI runs.
    it.skipIf(!existsSync('/proc/self/fd'))(
      'closes the file again when it is not a database',
      async () => {
        const path = join(dir, 'garbage.db');
        writeFileSync(path, Buffer.alloc(4096, 7));
        const failure = await openSqliteStore({ path, driver }).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(StoreError);
        expect(String(failure)).toMatch(/cannot open: file is not a database/);
        const open = readdirSync('/proc/self/fd').filter((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`).startsWith(path);
          } catch {
            return false; // closed meanwhile (e.g. the descriptor readdir itself used)
          }
        });
        expect(open).toEqual([]);
      },
    );

    it('opens ./monitoring-data/heterodyne.db under the working directory by default', async () => {
      const previous = process.cwd();
      process.chdir(dir);
      try {
        const store = await openStore();
        stores.push(store);
        expect(store.location).toBe(join(dir, 'monitoring-data', 'heterodyne.db'));
        expect(existsSync(join(dir, 'monitoring-data', 'heterodyne.db'))).toBe(true);
      } finally {
        process.chdir(previous);
      }
    });

    it('waits for another writer holding the lock, within the busy timeout', async () => {
      const path = join(dir, 'busy.db');
      const store = await open({ path, busyTimeoutMillis: 30_000 });
      const worker = await holdWriteLock(path, 100);
      worker.releaseSoon();
      // Blocks in SQLite's busy handler until the worker commits, then succeeds.
      await store.putCheckpoint({ key: 'from-main', version: 1, data: 2 });
      expect(await worker.exited).toBe(0);
      expect((await store.listCheckpoints()).map((c) => c.key)).toEqual([
        'from-main',
        'from-worker',
      ]);
    });

    it('fails with query-failed naming the file when the lock outlasts the busy timeout', async () => {
      const path = join(dir, 'locked.db');
      const store = await open({ path, busyTimeoutMillis: 10 });
      const worker = await holdWriteLock(path, 0);
      const write = store.putCheckpoint({ key: 'from-main', version: 1, data: 2 });
      worker.releaseNow();
      await expect(write).rejects.toSatisfy(
        (e) =>
          e instanceof StoreError &&
          e.code === 'query-failed' &&
          e.message.includes(path) &&
          /locked|busy/i.test(e.message),
      );
      expect(await worker.exited).toBe(0);
      expect((await store.listCheckpoints()).map((c) => c.key)).toEqual(['from-worker']);
    });

    it('refuses invalid migration lists before touching the file', async () => {
      const path = join(dir, 'never.db');
      const bad = [
        { version: 2, name: 'b', statements: () => [] },
        { version: 2, name: 'c', statements: () => [] },
      ];
      await expect(openSqliteStore({ path, migrations: bad, driver })).rejects.toThrow(
        /version 2 \(c\) must be an integer above 2/,
      );
      expect(existsSync(path)).toBe(false);
    });
  });
});
