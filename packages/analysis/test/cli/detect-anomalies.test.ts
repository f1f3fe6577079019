import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { parseSeriesCsv } from '../../src/cli/series-csv.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { fakeIo } from './fake-io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'detect-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A NAB-layout CSV: 5-minute steps, noise around 50, one spike at row `spikeAt`. */
function nabCsv(rows: number, spikeAt: number, seed = 1): string {
  const random = seededRandom(seed);
  const lines = ['timestamp,value'];
  for (let i = 0; i < rows; i++) {
    const t = new Date(Date.UTC(2014, 3, 1) + i * 300_000).toISOString();
    const stamp = `${t.slice(0, 10)} ${t.slice(11, 19)}`;
    lines.push(`${stamp},${i === spikeAt ? 90 : 50 + random()}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('detect anomalies', () => {
  it('writes timestamp,value,anomaly_score with one score per row, highest at the spike', async () => {
    const input = join(dir, 'series.csv');
    const output = join(dir, 'scores.csv');
    await writeFile(input, nabCsv(1000, 900));
    const io = fakeIo();
    expect(await runCli(['detect', 'anomalies', '--input', input, '--output', output], io)).toBe(0);
    const lines = (await readFile(output, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(1001);
    const inputLines = (await readFile(input, 'utf8')).trim().split('\n');
    const scores = lines.slice(1).map((line, i) => {
      const [stamp, value, score] = line.split(',');
      expect(`${stamp},${value}`).toBe(inputLines[i + 1]);
      return Number(score);
    });
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    const best = scores.indexOf(Math.max(...scores));
    expect(best).toBe(900);
  });

  it('gives the same scores as scoring the file alone when it is part of a directory', async () => {
    await mkdir(join(dir, 'in', 'sub'), { recursive: true });
    await writeFile(join(dir, 'in', 'a.csv'), nabCsv(300, 250, 2));
    await writeFile(join(dir, 'in', 'sub', 'b.csv'), nabCsv(400, 350, 3));
    await writeFile(join(dir, 'in', 'notes.txt'), 'not a series');
    const io = fakeIo();
    expect(
      await runCli(['detect', 'anomalies', '-i', join(dir, 'in'), '-o', join(dir, 'out')], io),
    ).toBe(0);
    expect(io.err()).toContain('2 of 2 files');
    const single = fakeIo();
    expect(
      await runCli(['detect', 'anomalies', '-i', join(dir, 'in', 'sub', 'b.csv')], single),
    ).toBe(0);
    expect(await readFile(join(dir, 'out', 'sub', 'b.csv'), 'utf8')).toBe(single.out());
  });

  it('names the file and line of a bad row, and still scores the other files', async () => {
    await mkdir(join(dir, 'in'));
    await writeFile(
      join(dir, 'in', 'bad.csv'),
      'timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,abc\n',
    );
    await writeFile(join(dir, 'in', 'good.csv'), nabCsv(50, 40));
    const io = fakeIo();
    expect(
      await runCli(['detect', 'anomalies', '-i', join(dir, 'in'), '-o', join(dir, 'out')], io),
    ).toBe(1);
    expect(io.err()).toContain(`${join(dir, 'in', 'bad.csv')}:3: value 'abc' is not a number`);
    expect((await readFile(join(dir, 'out', 'good.csv'), 'utf8')).split('\n')[0]).toBe(
      'timestamp,value,anomaly_score',
    );
  });

  it('scores a file whose clock was set back, with a warning naming the line', async () => {
    const input = join(dir, 'back.csv');
    const lines = nabCsv(100, 90).trim().split('\n');
    lines.splice(60, 0, '2014-04-01 00:00:00,50.5');
    await writeFile(input, `${lines.join('\n')}\n`);
    const io = fakeIo();
    expect(await runCli(['detect', 'anomalies', '-i', input], io)).toBe(0);
    expect(io.err()).toContain(`${input}:61: 1 row(s) with a timestamp earlier`);
    expect(io.out().trim().split('\n')).toHaveLength(102);
  });

  it('prints its help', async () => {
    const io = fakeIo();
    expect(await runCli(['detect', 'anomalies', '--help'], io)).toBe(0);
    expect(io.out()).toContain('timestamp,value,anomaly_score');
  });

  it('reports usage errors', async () => {
    const io = fakeIo();
    expect(await runCli(['detect', 'anomalies'], io)).toBe(2);
    expect(io.err()).toContain('missing --input');
    const dirIo = fakeIo();
    expect(await runCli(['detect', 'anomalies', '-i', dir], dirIo)).toBe(2);
    expect(dirIo.err()).toContain('--output <dir> is required');
    const missing = fakeIo();
    expect(await runCli(['detect', 'anomalies', '-i', join(dir, 'nope.csv')], missing)).toBe(1);
    expect(missing.err()).toContain('cannot read --input');
    const sub = fakeIo();
    expect(await runCli(['detect', 'sideways'], sub)).toBe(2);
  });
});

describe('series CSV', () => {
  it('keeps rows whose timestamp goes backwards, in file order, and counts them', () => {
    const parsed = parseSeriesCsv(
      'timestamp,value\n2014-01-07 02:55:00,1\n2014-01-07 02:00:00,2\n2014-01-07 02:05:00,3\n',
      'x.csv',
    );
    expect(parsed.ok && parsed.value.values).toEqual([1, 2, 3]);
    expect(parsed.ok && parsed.value.backwardSteps).toBe(1);
    expect(parsed.ok && parsed.value.firstBackwardLine).toBe(3);
  });

  it('reads NAB, ISO and epoch timestamps, and missing values as NaN', () => {
    const parsed = parseSeriesCsv(
      'timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01T00:05:00Z,\n1396311000,NaN\n',
      'x.csv',
    );
    expect(parsed.ok && parsed.value.timesMillis).toEqual([
      Date.UTC(2014, 3, 1),
      Date.UTC(2014, 3, 1, 0, 5),
      1396311000000,
    ]);
    expect(parsed.ok && parsed.value.values.map(Number.isNaN)).toEqual([false, true, true]);
  });

  it.each([
    ['time,v\n', "x.csv:1: expected the header 'timestamp,value'"],
    ['timestamp,value\nyesterday,1\n', "x.csv:2: timestamp 'yesterday' is not a date"],
  ])('rejects %j naming the line', (text, message) => {
    const parsed = parseSeriesCsv(text, 'x.csv');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });
});
