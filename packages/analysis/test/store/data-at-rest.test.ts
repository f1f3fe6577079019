/**
 * Stored data is the owner's alone: the data directory 0700, the SQLite database, its
 * write-ahead log and lock file 0600 whatever the umask, existing loose files tightened, and
 * a world-writable data directory refused with an error that names it.
 */
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { openStore } from '../../src/store/open-store.js';
import { ensurePrivateDir } from '../../src/store/private-files.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';

const posix = process.platform !== 'win32';
let dir: string;
let umask: number;
afterEach(async () => {
  process.umask(umask);
  if (dir) {
    chmodSync(dir, 0o700);
    await rm(dir, { recursive: true, force: true });
  }
});

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe.skipIf(!posix)('data at rest: file modes', () => {
  it('creates the data directory 0700 and the database, its -wal/-shm and lock 0600, even under umask 000', async () => {
    umask = process.umask(0o000);
    dir = await mkdtemp(join(tmpdir(), 'at-rest-'));
    const data = join(dir, 'monitoring-data', 'nested');
    const store = await openStore(`sqlite:${join(data, 'h.db')}`);
    await store.upsertBaseline({
      key: 'k',
      metric: 'm',
      method: 'mean',
      p50: 1,
      p95: 1,
      p99: 1,
      mean: 1,
      std: 0,
      median: 1,
      mad: 0,
      ciLower: 1,
      ciUpper: 1,
      ciLevel: 0.95,
      sampleCount: 1,
    });
    expect(mode(join(dir, 'monitoring-data'))).toBe(0o700);
    expect(mode(data)).toBe(0o700);
    const files = await readdir(data);
    expect(files).toEqual(expect.arrayContaining(['h.db', 'h.db-wal']));
    for (const f of files) expect([f, mode(join(data, f))]).toEqual([f, 0o600]);
    await store.close();
  });

  it('tightens an existing database file readable by others', async () => {
    umask = process.umask(0o022);
    dir = await mkdtemp(join(tmpdir(), 'at-rest-'));
    const db = join(dir, 'h.db');
    writeFileSync(db, '');
    chmodSync(db, 0o644);
    const store = await openStore(`sqlite:${db}`);
    expect(mode(db)).toBe(0o600);
    await store.close();
  });

  it('refuses a world-writable data directory, naming it and the fix', async () => {
    umask = process.umask(0o022);
    dir = await mkdtemp(join(tmpdir(), 'at-rest-'));
    const data = join(dir, 'shared');
    mkdirSync(data);
    chmodSync(data, 0o777);
    await expect(openStore(`sqlite:${join(data, 'h.db')}`)).rejects.toThrow(
      `data directory ${data} is writable by every user (mode 0777): anyone on this machine could replace the stored data; refusing to start. Use a directory of its own (chmod 700 ${data})`,
    );
    // Nothing was created in it.
    expect(await readdir(data)).toEqual([]);
    chmodSync(data, 0o1777); // sticky, like /tmp: still refused
    expect(() => ensurePrivateDir(data, 'write-ahead log directory')).toThrow(
      /^write-ahead log directory .* \(mode 1777\)/,
    );
  });

  it('the running service leaves only owner-only files: store, write-ahead log, checkpoints, locks', async () => {
    umask = process.umask(0o000);
    dir = await mkdtemp(join(tmpdir(), 'at-rest-'));
    const data = join(dir, 'monitoring-data');
    const parsed = parseConfig(loopbackServiceYaml(join(data, 'h.db')), { file: 's.yaml' });
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
    const service = createAnalysisService(parsed.value);
    const { otlpHttp } = await service.start();
    const body = JSON.stringify({
      resourceMetrics: [
        {
          resource: { attributes: [] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'g',
                  gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: String(Date.now() * 1e6) }] },
                },
              ],
            },
          ],
        },
      ],
    });
    const res = await fetch(`${otlpHttp}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    await service.shutdown();
    const entries = await readdir(data, { recursive: true });
    expect(entries).toEqual(
      expect.arrayContaining([
        'h.db',
        'h.db.lock',
        'h.db.series-wal',
        expect.stringMatching(/^h\.db\.series-wal\/checkpoint-\d+\.ckpt$/) as unknown,
        'h.db.series-wal/writer.lock',
      ]),
    );
    for (const entry of entries) {
      const path = join(data, entry);
      const isDir = statSync(path).isDirectory();
      expect([entry, mode(path)]).toEqual([entry, isDir ? 0o700 : 0o600]);
    }
    expect(mode(data)).toBe(0o700);
  });
});
