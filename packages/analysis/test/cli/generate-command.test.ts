import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GRAFANA_GENERATOR } from '@heterodyne/dashboards';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultGenerateRoot } from '../../src/cli/generate-files.js';
import { runCli } from '../../src/cli/run-cli.js';
import { fakeIo } from './fake-io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'generate-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo();
  const code = await runCli(['generate', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('heterodyne-monitor generate', () => {
  it('writes the Grafana files under --root, then --check finds them up to date', async () => {
    const written = await cli('all', '--root', dir);
    expect(written.code).toBe(0);
    const files = GRAFANA_GENERATOR.generate();
    expect(written.out).toContain(
      `dashboards: wrote ${files.length} files to ${join(dir, 'grafana')}`,
    );
    for (const f of files) {
      expect(await readFile(join(dir, 'grafana', f.path), 'utf8')).toBe(f.content);
    }
    const check = await cli('all', '--root', dir, '--check');
    expect(check.code).toBe(0);
    expect(check.err).toContain('is up to date');
  });

  it('--check names stale, missing and no longer generated files and exits 1', async () => {
    const out = join(dir, 'g');
    expect((await cli('dashboards', '--out', out)).code).toBe(0);
    const [first, second] = GRAFANA_GENERATOR.generate();
    await writeFile(join(out, first?.path ?? ''), 'edited by hand\n');
    await rm(join(out, second?.path ?? ''));
    await writeFile(join(out, 'dashboards', 'old.json'), '{}\n');
    await writeFile(join(out, 'README.md'), 'hand-written\n');
    const check = await cli('dashboards', '--out', out, '--check');
    expect(check.code).toBe(1);
    expect(check.err).toContain(`stale: ${out}/${first?.path}`);
    expect(check.err).toContain(`missing: ${out}/${second?.path}`);
    expect(check.err).toContain(`not generated any more: ${out}/dashboards/old.json`);
    expect(check.err).not.toContain('README.md');
    expect(check.err).toContain('3 generated files out of date; run: npm run generate');
  });

  it('refuses unknown generators, a missing one, and --out with several', async () => {
    const unknown = await cli('nonsense', '--root', dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown generator 'nonsense'; one of: dashboards");
    const missing = await cli();
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing what to generate');
    const bad = await cli('dashboards', '--bogus');
    expect(bad.code).toBe(2);
  });
});

describe('defaultGenerateRoot', () => {
  it('is the nearest workspace root above, else the directory itself', async () => {
    const nested = join(dir, 'a', 'b');
    await mkdir(nested, { recursive: true });
    expect(defaultGenerateRoot(nested)).toBe(nested);
    await writeFile(join(dir, 'package.json'), '{"workspaces": ["a"]}');
    await writeFile(join(dir, 'a', 'package.json'), '{"name": "a"}');
    expect(defaultGenerateRoot(nested)).toBe(dir);
  });
});
