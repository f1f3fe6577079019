import { describe, it } from 'vitest';
import { sqliteDriverAvailable, type SqliteDriverName } from '../../src/store/sqlite-driver.js';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);

/**
 * Whether CI must be able to use a binding on this Node: `node:sqlite` from 22.13 (where it
 * needs no flag), `better-sqlite3` on Node 20 (where it is the only one; CI builds it for 20,
 * so on other versions it is absent by design).
 */
function requiredInCi(driver: SqliteDriverName): boolean {
  if (driver === 'node:sqlite') return major > 22 || (major === 22 && minor >= 13);
  return major === 20;
}

/** Both bindings, with whether each can be used here and why not. */
export const SQLITE_DRIVERS = (['node:sqlite', 'better-sqlite3'] as const).map((driver) => {
  const available = sqliteDriverAvailable(driver);
  return { driver, available: available.ok, reason: available.ok ? '' : available.error };
});

/**
 * Registers `register` for each binding usable on this Node. An unusable binding is skipped
 * with a loud reason, except on CI where the Node version needs it: there the skip fails.
 */
export function forEachSqliteDriver(register: (driver: SqliteDriverName) => void): void {
  for (const { driver, available, reason } of SQLITE_DRIVERS) {
    if (available) {
      register(driver);
    } else if (process.env.CI === 'true' && requiredInCi(driver)) {
      describe(`sqlite store on ${driver}`, () => {
        it(`can use ${driver} on Node ${process.versions.node}`, () => {
          throw new Error(`${reason} (CI=true: this Node version must run it)`);
        });
      });
    } else {
      console.warn(`\n*** SKIPPING the sqlite store tests on ${driver}: ${reason} ***\n`);
      describe.skip(`sqlite store on ${driver} (skipped: ${reason})`, () => {
        it('runs the store contract', () => {});
      });
    }
  }
}
