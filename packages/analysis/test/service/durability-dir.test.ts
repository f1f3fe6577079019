/**
 * Where the write-ahead log and checkpoint files live, and that one process writes them: two
 * SQLite stores in one directory keep separate series state, and a durability directory held
 * by another process (a second service on the same PostgreSQL store, or a `wal.dir` shared
 * by mistake) is refused with an error naming the holder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { AnalysisConfig } from '../../src/config/types.js';
import { DURABILITY_LOCK_FILE } from '../../src/service/durability-dir-lock.js';
import { SILENT_LOGGER } from '../../src/service/logger.js';
import { durabilityDir, openServiceCore } from '../../src/service/service-core.js';
import { StoreError } from '../../src/store/store-error.js';
import { metric, metricsRequest, ms, numberPoint } from '../series/builders.js';

const LOCK_DIST = fileURLToPath(new URL('../../dist/store/store-lock.js', import.meta.url));
const PG_URL = process.env.HETERODYNE_TEST_PG_URL;

let dir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durability-dir-'));
});
afterEach(async () => {
  await Promise.all(children.splice(0).map(kill));
  await rm(dir, { recursive: true, force: true });
});

function config(yaml: string, env: Record<string, string> = {}): AnalysisConfig {
  const parsed = parseConfig(yaml, { file: 'test.yaml', env });
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  return parsed.value;
}

const clock = { now: () => ms(10) };

/** Takes the lock file `path` in a child process (built code) and holds it until killed. */
async function holdLockInChild(path: string): Promise<ChildProcess> {
  if (!existsSync(LOCK_DIST)) {
    throw new Error(`${LOCK_DIST} is missing: build first (npm run build, or npm test)`);
  }
  const script =
    `import { mkdirSync } from 'node:fs';\n` +
    `import { dirname } from 'node:path';\n` +
    `const { acquireStoreLock } = await import(${JSON.stringify(pathToFileURL(LOCK_DIST).href)});\n` +
    `mkdirSync(dirname(${JSON.stringify(path)}), { recursive: true });\n` +
    `const held = acquireStoreLock(${JSON.stringify(path)});\n` +
    `if (!held.ok) process.exit(2);\n` +
    `process.stdout.write('held\\n');\n` +
    `setInterval(() => {}, 1000);\n`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      if (c.toString().includes('held')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited ${code}: ${err}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Expects opening the core to fail as locked by `holder`. */
async function expectLockedBy(cfg: AnalysisConfig, holder: ChildProcess): Promise<void> {
  const failure = await openServiceCore(cfg, { clock, logger: SILENT_LOGGER }).then(
    async (core) => {
      await core.close();
      return undefined;
    },
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(StoreError);
  expect((failure as StoreError).code).toBe('locked');
  expect((failure as StoreError).message).toMatch(/^write-ahead log directory .* is in use by/);
  expect((failure as StoreError).message).toContain(`process ${holder.pid} (`);
}

describe('durability directory', () => {
  it('keeps the series state of two SQLite stores in one directory apart', async () => {
    const a = config(`store: sqlite:${join(dir, 'a.db')}\n`);
    const b = config(`store: sqlite:${join(dir, 'b.db')}\n`);
    expect(durabilityDir(a)).toBe(join(dir, 'a.db.series-wal'));
    expect(durabilityDir(b)).not.toBe(durabilityDir(a));

    const first = await openServiceCore(a, { clock, logger: SILENT_LOGGER });
    first.pipeline.ingestMetrics(
      metricsRequest([
        metric('jobs.queued', {
          type: 'gauge',
          points: [numberPoint(5, 4)],
        }),
      ]),
    );
    await first.checkpoint();
    await first.close();

    // The other store starts empty, and the first one finds its series again.
    const second = await openServiceCore(b, { clock, logger: SILENT_LOGGER });
    expect(second.restoredSeries).toBe(0);
    await second.close();
    const again = await openServiceCore(a, { clock, logger: SILENT_LOGGER });
    expect(again.restoredSeries).toBe(1);
    await again.close();
  });

  it('refuses a log directory another process writes, naming it, and opens once it is gone', async () => {
    const shared = join(dir, 'shared-wal');
    const cfg = config(
      `processors:\n  series:\n    wal: { dir: ${JSON.stringify(shared)} }\n` +
        `store: sqlite:${join(dir, 'mine.db')}\n`,
    );
    const holder = await holdLockInChild(join(shared, DURABILITY_LOCK_FILE));
    await expectLockedBy(cfg, holder);
    await kill(holder); // SIGKILL: the operating system releases the lock
    const core = await openServiceCore(cfg, { clock, logger: SILENT_LOGGER });
    await core.close();
  });

  it('locks the log directory of a PostgreSQL store (shared stores have one writer per log)', async (ctx) => {
    if (PG_URL === undefined) {
      if (process.env.CI === 'true') throw new Error('HETERODYNE_TEST_PG_URL is not set (CI=true)');
      console.warn('SKIPPED: HETERODYNE_TEST_PG_URL is not set; the PostgreSQL case did not run');
      ctx.skip();
      return;
    }
    const wal = join(dir, 'pg-wal');
    const schema = `durability_dir_${randomBytes(6).toString('hex')}`;
    const base = new URL(PG_URL);
    const url = `${base.protocol}//${base.username}:\${TEST_PG_PASSWORD}@${base.host}${base.pathname}?schema=${schema}`;
    const cfg = config(
      `processors:\n  series:\n    wal: { dir: ${JSON.stringify(wal)} }\nstore: ${url}\n`,
      { TEST_PG_PASSWORD: decodeURIComponent(base.password) },
    );
    ctx.onTestFinished(async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    });
    const holder = await holdLockInChild(join(wal, DURABILITY_LOCK_FILE));
    await expectLockedBy(cfg, holder);
    await kill(holder);
    const core = await openServiceCore(cfg, { clock, logger: SILENT_LOGGER });
    await core.close();
  });
});
