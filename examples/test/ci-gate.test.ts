import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const benchmark = join(root, 'examples/ci/benchmark.mjs');
const cli = join(root, 'packages/analysis/dist/cli/main.js');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-gate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function bench(name: string, work: number): Promise<string> {
  const out = join(dir, `${name}.traces.jsonl`);
  await run(
    process.execPath,
    [benchmark, '--out', out, '--iterations', '40', '--work', String(work)],
    { cwd: root },
  );
  return out;
}

async function gate(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [cli, ...args], { cwd: root });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

// The example's own steps: benchmark, record, export the baseline, gate. Work factors of 4
// and 1/4 keep the verdicts clear of a shared machine's timing noise.
describe('examples/ci: the recorded benchmark through the gate', () => {
  it('fails a build doing four times the work and passes one doing a quarter', async () => {
    const baseline = join(dir, 'baseline.json');
    expect(
      (
        await gate(
          'baseline',
          'export',
          '--input',
          await bench('base', 1),
          '--out',
          baseline,
          '--min-samples',
          '30',
        )
      ).code,
    ).toBe(0);
    const file = JSON.parse(await readFile(baseline, 'utf8')) as {
      baselines: Array<{ key: string; sample: number[] }>;
    };
    expect(file.baselines).toHaveLength(1);
    expect(file.baselines[0]!.key).toBe(
      'heterodyne.operation.duration{heterodyne.operation.name="chi_squared_calculation",service.name="heterodyne-ci-benchmark"}',
    );
    // The first, cold-start call is left out.
    expect(file.baselines[0]!.sample).toHaveLength(39);

    const slow = await gate(
      'baseline',
      'check',
      '--input',
      await bench('slow', 4),
      '--baseline',
      baseline,
    );
    expect(slow.code, slow.stdout).toBe(1);
    expect(slow.stdout).toMatch(/^REGRESSION +heterodyne\.operation\.duration/m);

    const fast = await gate(
      'baseline',
      'check',
      '--input',
      await bench('fast', 0.25),
      '--baseline',
      baseline,
    );
    expect(fast.code, fast.stdout).toBe(0);
    expect(fast.stdout).toMatch(/^improvement +heterodyne\.operation\.duration/m);
  });
});
