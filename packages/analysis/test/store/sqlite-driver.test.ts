import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  openSqliteConnection,
  resolveSqliteDriver,
  returnsRows,
} from '../../src/store/sqlite-driver.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { StoreError } from '../../src/store/store-error.js';
import { SQLITE_DRIVERS } from './sqlite-drivers.js';

const DIST = fileURLToPath(new URL('../../dist/store/sqlite-driver.js', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);

describe('sqlite driver', () => {
  it.each([
    ['SELECT 1', true],
    ['  with x AS (SELECT 1) SELECT * FROM x', true],
    ['PRAGMA journal_mode', true],
    ['INSERT INTO t VALUES (?) RETURNING id', true],
    ['UPDATE t SET a = 1 WHERE id = ? RETURNING *', true],
    ['INSERT INTO t VALUES (?)', false],
    ['DELETE FROM t WHERE id = ?', false],
    ['CREATE TABLE selection (a)', false],
  ])('tells from its text whether %j returns rows: %s', (sql, expected) => {
    expect(returnsRows(sql)).toBe(expected);
  });

  it('picks node:sqlite when this Node has it, else better-sqlite3', () => {
    const builtIn = SQLITE_DRIVERS.find((d) => d.driver === 'node:sqlite');
    expect(resolveSqliteDriver('auto')).toBe(builtIn?.available ? 'node:sqlite' : 'better-sqlite3');
  });

  it.skipIf(major < 24)('never loads better-sqlite3 on Node 24 and later', () => {
    expect(() => resolveSqliteDriver('better-sqlite3')).toThrow(
      /better-sqlite3 is not used on Node 2\d.*aborts the process/,
    );
  });

  for (const { driver, available, reason } of SQLITE_DRIVERS) {
    if (available) {
      it(`runs statements on ${driver}, reporting rows and changes`, () => {
        const db = openSqliteConnection(':memory:', driver);
        try {
          db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
          const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
          expect(insert.reader).toBe(false);
          expect(insert.run(['a'])).toBe(1);
          expect(insert.run([null])).toBe(1);
          const select = db.prepare('SELECT id, name FROM t ORDER BY id');
          expect(select.reader).toBe(true);
          expect(select.all([]).map((row) => ({ ...row }))).toEqual([
            { id: 1, name: 'a' },
            { id: 2, name: null },
          ]);
          expect(db.prepare('DELETE FROM t').run([])).toBe(2);
        } finally {
          db.close();
        }
      });
    } else {
      it(`refuses ${driver} when asked for it here, saying why`, async () => {
        const failure = await openSqliteStore({ path: ':memory:', driver }).catch((e) => e);
        expect(failure).toBeInstanceOf(StoreError);
        expect((failure as StoreError).message).toContain(reason.slice(0, 40));
      });
    }
  }

  it.skipIf(!SQLITE_DRIVERS.find((d) => d.driver === 'node:sqlite')?.available)(
    'does not pass node:sqlite’s ExperimentalWarning on to the application',
    async () => {
      if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build first`);
      const script =
        `const { openSqliteConnection } = await import(${JSON.stringify(pathToFileURL(DIST).href)});\n` +
        `openSqliteConnection(':memory:', 'node:sqlite').close();\n` +
        `process.emitWarning('still reported', 'ExperimentalWarning');\n`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      expect(stderr).not.toMatch(/SQLite is an experimental feature/);
      // Other warnings still reach the application.
      expect(stderr).toMatch(/ExperimentalWarning: still reported/);
    },
  );
});
