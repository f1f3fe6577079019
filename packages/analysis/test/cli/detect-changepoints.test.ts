import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseChangePointInput } from '../../src/cli/changepoint-input.js';
import { runCli } from '../../src/cli/run-cli.js';
import { fakeIo } from './fake-io.js';

function stepSeries(n1: number, n2: number): number[] {
  // Deterministic wiggle around two levels.
  return Array.from({ length: n1 + n2 }, (_, i) => (i < n1 ? 10 : 16) + ((i * 7) % 5) * 0.3);
}

describe('detect changepoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a TCPD file and prints the change points', async () => {
    const file = join(dir, 'a.json');
    const raw: Array<number | null> = stepSeries(90, 70);
    raw[5] = null;
    writeFileSync(file, JSON.stringify({ name: 'a', n_obs: 160, series: [{ label: 'V1', raw }] }));
    const io = fakeIo();
    expect(await runCli(['detect', 'changepoints', '--input', file], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ changepoints: [90] });
  });

  it('writes one output per file of a directory and reports bad files', async () => {
    mkdirSync(join(dir, 'in', 'sub'), { recursive: true });
    writeFileSync(
      join(dir, 'in', 'sub', 'b.json'),
      JSON.stringify({ series: [{ raw: stepSeries(50, 80) }] }),
    );
    writeFileSync(join(dir, 'in', 'flat.json'), JSON.stringify(Array(40).fill(3)));
    writeFileSync(join(dir, 'in', 'bad.json'), '{"series": [{"raw": [1, "x"]}]}');
    const io = fakeIo();
    const code = await runCli(
      ['detect', 'changepoints', '--input', join(dir, 'in'), '--output', join(dir, 'out')],
      io,
    );
    expect(code).toBe(1);
    expect(io.err()).toContain('series[0].raw[1]: not a number: "x"');
    expect(io.err()).toContain('2 of 3 files written');
    const read = (p: string): unknown => JSON.parse(readFileSync(join(dir, 'out', p), 'utf8'));
    expect(read('sub/b.json')).toEqual({ changepoints: [50] });
    expect(read('flat.json')).toEqual({ changepoints: [] });
  });

  it('draws a progress bar on a terminal, with the share of the file done', async () => {
    const file = join(dir, 'long.json');
    writeFileSync(file, JSON.stringify(stepSeries(3000, 3000)));
    const err: string[] = [];
    const io = {
      ...fakeIo(),
      stderr: { write: (s: string) => err.push(s), isTTY: true, columns: 100 },
    };
    expect(await runCli(['detect', 'changepoints', '--input', file], io)).toBe(0);
    const drawn = err.join('');
    expect(drawn).toMatch(/\[#+\] 100% 1\/1 /);
    expect(drawn).toMatch(/0\/1 \S*long\.json \d+%/);
    expect(drawn).toContain('\r');
  });

  it('names usage errors', async () => {
    const io = fakeIo();
    expect(await runCli(['detect', 'changepoints'], io)).toBe(2);
    expect(io.err()).toMatch(/missing --input/);
    const io2 = fakeIo();
    expect(await runCli(['detect', 'nothing'], io2)).toBe(2);
    expect(io2.err()).toMatch(/unknown subcommand 'nothing'/);
    const io3 = fakeIo();
    expect(
      await runCli(['detect', 'changepoints', '--input', join(dir, 'missing.json')], io3),
    ).toBe(1);
    expect(io3.err()).toMatch(/missing\.json/);
  });
});

describe('change-point input', () => {
  it.each([
    ['not json', /not valid JSON/],
    ['{"series": []}', /"series" must be a non-empty array/],
    [
      '{"series": [{"raw": [1, 2]}, {"raw": [1]}]}',
      /series\[1\].raw has 1 points, series\[0\].raw has 2/,
    ],
    ['{"n_obs": 3, "series": [{"raw": [1, 2]}]}', /n_obs is 3 but the series have 2 points/],
    ['"text"', /expected an object/],
  ])('rejects %s', (text, message) => {
    const r = parseChangePointInput(text, 'f.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('reads several dimensions and missing values', () => {
    const r = parseChangePointInput('{"series": [{"raw": [1, null]}, {"raw": [3, 4]}]}', 'f');
    expect(r.ok && r.value.dims).toEqual([
      [1, Number.NaN],
      [3, 4],
    ]);
  });
});
