import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/store/open-store.js';
import { baselineInput } from '../store/fixtures.js';
import { fakeIo } from './fake-io.js';

let dir: string;
let file: string;
let db: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baselines-cli-'));
  db = join(dir, 'b.db');
  file = join(dir, 'monitor.yaml');
  await writeFile(file, `store: sqlite:${db}\n`);
  const store = await openStore(`sqlite:${db}`);
  await store.upsertBaseline(baselineInput('k', 1, { p50: 1.5 }));
  await store.close();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo();
  const code = await runCli(['baselines', ...args, '--config', file], io);
  return { code, out: io.out(), err: io.err() };
}

describe('heterodyne-monitor baselines', () => {
  it('lists, saves a version, rolls back and diffs against the store', async () => {
    const list = await cli('list', '--metric', 'heterodyne.operation.duration');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toMatchObject([{ key: 'k', p50: 1.5, method: 'percentile' }]);

    const saved = await cli('save', 'v1.0', '--notes', 'first');
    expect(saved.code).toBe(0);
    const version = JSON.parse(saved.out) as { id: string };
    expect(version).toMatchObject({ name: 'v1.0', notes: 'first', baselineCount: 1 });

    expect(JSON.parse((await cli('versions')).out)).toHaveLength(1);
    expect(JSON.parse((await cli('diff', version.id)).out)).toMatchObject([
      { key: 'k', change: 'unchanged' },
    ]);
    expect(JSON.parse((await cli('rollback', version.id)).out)).toMatchObject([{ key: 'k' }]);
    expect(JSON.parse((await cli('drift', '--days', '3')).out)).toEqual([]);
  });

  it('names errors', async () => {
    expect(await cli('rollback', 'nope')).toMatchObject({
      code: 1,
      err: "baselines rollback: baseline version 'nope' does not exist\n",
    });
    expect((await cli('frobnicate')).err).toMatch(/unknown subcommand 'frobnicate'/);
    expect((await cli('save')).err).toMatch(/baselines save: wrong number of arguments/);
    expect((await cli('drift', '--days', '0')).err).toMatch(/--days must be an integer/);
  });
});
