import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/store-error.js';
import { acquireStoreLock } from '../../src/store/store-lock.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { MonitoringStore } from '../../src/store/types.js';

const DIST = fileURLToPath(new URL('../../dist/store/sqlite-store.js', import.meta.url));

/** A child process that opens the store `path` (built code) and keeps it open until killed. */
async function holdInChild(path: string): Promise<ChildProcess> {
  if (!existsSync(DIST)) {
    throw new Error(`${DIST} is missing: build first (npm run build, or npm test which builds)`);
  }
  const script =
    `const { openSqliteStore } = await import(${JSON.stringify(pathToFileURL(DIST).href)});\n` +
    `await openSqliteStore({ path: ${JSON.stringify(path)} });\n` +
    `process.stdout.write('open\\n');\n` +
    `setInterval(() => {}, 1000);\n`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      if (c.toString().includes('open')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`holder exited ${code}: ${err}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('one writer per SQLite store', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  const stores: MonitoringStore[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heterodyne-lock-'));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await Promise.all(children.splice(0).map(kill));
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (path: string): Promise<MonitoringStore> => {
    const store = await openSqliteStore({ path });
    stores.push(store);
    return store;
  };

  it('refuses a second process with a locked error naming the holder pid', async () => {
    const path = join(dir, 'held.db');
    const child = await holdInChild(path);
    children.push(child);
    const failure = await openSqliteStore({ path }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).code).toBe('locked');
    expect((failure as StoreError).message).toContain(path);
    expect((failure as StoreError).message).toContain(`in use by process ${child.pid} (`);
    expect((failure as StoreError).message).toContain(`${path}.lock`);
  });

  it('takes the store over once the holder died without releasing it', async () => {
    const path = join(dir, 'crashed.db');
    const child = await holdInChild(path);
    await kill(child); // SIGKILL: no cleanup ran in the holder
    const store = await open(path);
    await store.putCheckpoint({ key: 'after', version: 1, data: 1 });
    expect((await store.listCheckpoints()).map((c) => c.key)).toEqual(['after']);
  });

  it('is shared by connections of one process and freed when the last one closes', async () => {
    const path = join(dir, 'shared.db');
    const first = await open(path);
    const second = await open(path);
    await first.close();
    // The second connection still holds it: another process is refused.
    await expect(openInChildExitCode(path)).resolves.toBe(2);
    await second.close();
    await expect(openInChildExitCode(path)).resolves.toBe(0);
  });

  it('locks any path, and a second release of one hold does not free another', async () => {
    const path = join(dir, 'wal.lock');
    const a = acquireStoreLock(path);
    const b = acquireStoreLock(path);
    if (!a.ok || !b.ok) throw new Error('the first process could not take its own lock');
    expect(a.value.path).toBe(path);
    a.value.release();
    a.value.release();
    await expect(lockInChildExitCode(path)).resolves.toBe(2);
    b.value.release();
    await expect(lockInChildExitCode(path)).resolves.toBe(0);
  });
});

/** Opens the store in a child process: exits 0 when opened, 2 when locked, 1 otherwise. */
function openInChildExitCode(path: string): Promise<number | null> {
  return runChild(
    `const { openSqliteStore } = await import(${JSON.stringify(pathToFileURL(DIST).href)});\n` +
      `try { const s = await openSqliteStore({ path: ${JSON.stringify(path)} }); await s.close(); }\n` +
      `catch (e) { process.exit(e.code === 'locked' ? 2 : 1); }\n`,
  );
}

/** Takes the lock `path` in a child process: exits 0 when taken, 2 when refused. */
function lockInChildExitCode(path: string): Promise<number | null> {
  const lockModule = pathToFileURL(DIST.replace(/sqlite-store\.js$/, 'store-lock.js')).href;
  return runChild(
    `const { acquireStoreLock } = await import(${JSON.stringify(lockModule)});\n` +
      `process.exit(acquireStoreLock(${JSON.stringify(path)}).ok ? 0 : 2);\n`,
  );
}

function runChild(script: string): Promise<number | null> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
