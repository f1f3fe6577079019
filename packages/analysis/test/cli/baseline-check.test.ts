import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { normalizeSeriesKey, runSeriesKey } from '../../src/cli/baseline-check-input.js';
import { encodeTracesProtobuf } from '../../src/otlp/encode-traces.js';
import type { Span, TracesRequest } from '../../src/otlp/model.js';
import { openStore } from '../../src/store/open-store.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { fakeIo } from './fake-io.js';

const DURATION = 'heterodyne.operation.duration';
const ACCURACY = 'heterodyne.accuracy.achieved';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baseline-check-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Log-normal durations around `median` seconds (20% spread), from `seed`. */
function durations(seed: number, n: number, median: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    // Box-Muller from two uniforms.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return median * Math.exp(0.2 * z);
  });
}

function accuracies(seed: number, n: number, centre: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => centre + (random() - 0.5) * 0.002);
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function writeRun(name: string, samples: Record<string, number[]>): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify({ samples }));
  return path;
}

/** The baseline: 200 durations around 100 ms and accuracies around 0.990. */
async function exportedBaseline(): Promise<string> {
  const run = await writeRun('main.json', {
    [DURATION]: durations(1, 200, 0.1),
    [ACCURACY]: accuracies(2, 200, 0.99),
  });
  const out = join(dir, 'baseline.json');
  const r = await cli('baseline', 'export', '--input', run, '--out', out, '--name', 'main');
  expect(r).toMatchObject({ code: 0 });
  return out;
}

describe('baseline check (the CI gate)', () => {
  it('fails a seeded regression with exit 1, and writes Markdown and JUnit', async () => {
    const baseline = await exportedBaseline();
    const run = await writeRun('pr.json', {
      [DURATION]: durations(3, 60, 0.14), // 40% slower: beyond the 20% threshold
      [ACCURACY]: accuracies(4, 60, 0.99),
    });
    const md = join(dir, 'report.md');
    const junit = join(dir, 'junit.xml');
    const r = await cli(
      'baseline',
      'check',
      '--input',
      run,
      '--baseline',
      baseline,
      '--markdown',
      md,
      '--junit',
      junit,
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/REGRESSION\s+heterodyne\.operation\.duration\{\}/);
    expect(r.out).toMatch(/ok\s+heterodyne\.accuracy\.achieved\{\}/);
    expect(r.out).toMatch(/^FAIL: 1 regression\(s\), 0 improvement\(s\), 1 unchanged$/m);
    const markdown = await readFile(md, 'utf8');
    expect(markdown).toMatch(/^### ❌ Performance gate: FAIL/);
    expect(markdown).toContain('| REGRESSION | heterodyne.operation.duration{} |');
    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain('tests="2" failures="1" errors="0" skipped="0"');
    expect(xml).toMatch(
      /<testcase classname="heterodyne\.operation\.duration"[^>]*>\s*<failure message="regression \+\d+\.\d%"/,
    );
  });

  it('passes a seeded improvement with exit 0 and reports it as an improvement', async () => {
    const baseline = await exportedBaseline();
    const run = await writeRun('pr.json', {
      [DURATION]: durations(5, 60, 0.06), // 40% faster
      [ACCURACY]: accuracies(6, 60, 0.99),
    });
    const r = await cli('baseline', 'check', '--input', run, '--baseline', baseline);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /improvement\s+heterodyne\.operation\.duration\{\}\s+0\.1\d+\s+0\.06\d*\s+-4\d\.\d%/,
    );
    expect(r.out).toMatch(/^PASS: 0 regression\(s\), 1 improvement\(s\), 1 unchanged$/m);
  });

  it('passes noise only with exit 0', async () => {
    const baseline = await exportedBaseline();
    for (const seed of [7, 9, 11]) {
      const run = await writeRun(`noise-${seed}.json`, {
        [DURATION]: durations(seed, 60, 0.1),
        [ACCURACY]: accuracies(seed + 1, 60, 0.99),
      });
      const r = await cli('baseline', 'check', '--input', run, '--baseline', baseline);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/^PASS: 0 regression\(s\), 0 improvement\(s\), 2 unchanged$/m);
    }
  });

  it('a lower accuracy is a regression: the direction follows the metric', async () => {
    const baseline = await exportedBaseline();
    const run = await writeRun('pr.json', {
      [DURATION]: durations(12, 60, 0.1),
      [ACCURACY]: accuracies(13, 60, 0.97),
    });
    const r = await cli('baseline', 'check', '--input', run, '--baseline', baseline);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/REGRESSION\s+heterodyne\.accuracy\.achieved/);
  });

  it('reads recorded OTLP spans as the pipeline times operations, and CSV', async () => {
    const baseline = join(dir, 'spans-baseline.json');
    const spans = (seed: number, median: number): Uint8Array => {
      const values = durations(seed, 80, median);
      const start = 1_700_000_000_000_000_000;
      const request: TracesRequest = {
        resourceSpans: [
          {
            resource: {
              attributes: { 'service.name': 'bench', 'service.instance.id': `i-${seed}` },
              droppedAttributesCount: 0,
            },
            schemaUrl: '',
            scopeSpans: [
              {
                scope: { name: 's', version: '', attributes: {}, droppedAttributesCount: 0 },
                schemaUrl: '',
                spans: values.map((v, i): Span => ({
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: (i + 1).toString(16).padStart(16, '0'),
                  parentSpanId: '',
                  traceState: '',
                  name: 'fit',
                  kind: 1,
                  startTimeUnixNano: start + i * 1e9,
                  endTimeUnixNano: start + i * 1e9 + Math.round(v * 1e9),
                  attributes: { 'heterodyne.operation.name': 'fit' },
                  eventsCount: 0,
                  linksCount: 0,
                  status: { code: 0, message: '' },
                })),
              },
            ],
          },
        ],
      };
      return encodeTracesProtobuf(request);
    };
    await writeFile(join(dir, 'base.traces.pb'), spans(21, 0.2));
    await writeFile(join(dir, 'slow.traces.pb'), spans(22, 0.3));
    expect(
      (await cli('baseline', 'export', '--input', join(dir, 'base.traces.pb'), '--out', baseline))
        .code,
    ).toBe(0);
    const file = JSON.parse(await readFile(baseline, 'utf8')) as {
      baselines: Array<{ key: string; method: string }>;
    };
    // The instance id differs from run to run: it is not part of the key.
    expect(file.baselines).toMatchObject([
      {
        key: `${DURATION}{heterodyne.operation.name="fit",service.name="bench"}`,
        method: 'percentile',
      },
    ]);
    const slow = await cli(
      'baseline',
      'check',
      '--input',
      join(dir, 'slow.traces.pb'),
      '--baseline',
      baseline,
    );
    expect(slow.code, slow.out).toBe(1);
    const csv = join(dir, 'run.csv');
    const same = durations(23, 40, 0.2);
    await writeFile(
      csv,
      `metric,value\n${same.map((v) => `"${DURATION}{heterodyne.operation.name=""fit"",service.name=""bench""}",${v}`).join('\n')}\n`,
    );
    // One column per metric works too; the quoted key form above is the long layout.
    const wide = join(dir, 'wide.csv');
    await writeFile(wide, `${DURATION}\n${same.join('\n')}\n`);
    const r = await cli('baseline', 'check', '--input', wide, '--baseline', baseline);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(
      /ok\s+heterodyne\.operation\.duration\{heterodyne\.operation\.name="fit"/,
    );
  });

  it('compares with a version in the configured store (Welch t on stored statistics)', async () => {
    const db = join(dir, 'store.db');
    const config = join(dir, 'monitor.yaml');
    await writeFile(config, `store: sqlite:${db}\n`);
    const base = durations(31, 300, 0.1);
    const store = await openStore(`sqlite:${db}`);
    const sorted = [...base].sort((a, b) => a - b);
    const mean = base.reduce((s, v) => s + v, 0) / base.length;
    const std = Math.sqrt(base.reduce((s, v) => s + (v - mean) ** 2, 0) / (base.length - 1));
    await store.upsertBaseline({
      key: `${DURATION}{heterodyne.operation.name="fit",service.instance.id="abc",service.name="bench"}`,
      metric: DURATION,
      method: 'percentile',
      p50: sorted[150]!,
      p95: sorted[285]!,
      p99: sorted[297]!,
      mean,
      std,
      median: sorted[150]!,
      mad: Number.NaN,
      ciLower: Number.NaN,
      ciUpper: Number.NaN,
      ciLevel: 0.95,
      sampleCount: base.length,
    });
    const version = await store.createBaselineVersion({ name: 'release-1' });
    await store.close();
    const key = runSeriesKey(DURATION, {
      'heterodyne.operation.name': 'fit',
      'service.name': 'bench',
    });
    const slow = await writeRun('slow.json', { [key]: durations(32, 60, 0.15) });
    const same = await writeRun('same.json', { [key]: durations(33, 60, 0.1) });
    const r1 = await cli(
      'baseline',
      'check',
      '--input',
      slow,
      '--baseline',
      `release-1@${version.id.slice(0, 8)}`,
      '--config',
      config,
    );
    expect(r1.code, r1.out + r1.err).toBe(1);
    expect(r1.out).toContain(`against baseline release-1@${version.id.slice(0, 8)}`);
    const r2 = await cli(
      'baseline',
      'check',
      '--input',
      same,
      '--baseline',
      'release-1',
      '--config',
      config,
    );
    expect(r2.code, r2.out + r2.err).toBe(0);
    // Exported from the store, checked without it.
    const file = join(dir, 'release.json');
    expect(
      (
        await cli(
          'baseline',
          'export',
          '--baseline',
          'release-1',
          '--config',
          config,
          '--out',
          file,
        )
      ).code,
    ).toBe(0);
    expect(
      (await cli('baseline', 'check', '--input', slow, '--baseline', `${file}@release-1`)).code,
    ).toBe(1);
    expect(
      (await cli('baseline', 'check', '--input', slow, '--baseline', `${file}@other`)).err,
    ).toMatch(/holds version 'release-1' .*, not 'other'/);
  });

  it('exits 2 naming the problem: missing series, unknown baseline, bad input', async () => {
    const baseline = await exportedBaseline();
    const partial = await writeRun('partial.json', { [DURATION]: durations(41, 60, 0.1) });
    const missing = await cli('baseline', 'check', '--input', partial, '--baseline', baseline);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/MISSING\s+heterodyne\.accuracy\.achieved/);
    expect(
      (
        await cli(
          'baseline',
          'check',
          '--input',
          partial,
          '--baseline',
          baseline,
          '--allow-missing',
        )
      ).code,
    ).toBe(0);
    const few = await writeRun('few.json', {
      [DURATION]: [0.1, 0.2],
      [ACCURACY]: accuracies(1, 30, 0.99),
    });
    expect((await cli('baseline', 'check', '--input', few, '--baseline', baseline)).out).toMatch(
      /TOO FEW/,
    );
    const bad = await writeRun('bad.json', { [DURATION]: [0.1, 'fast'] as unknown as number[] });
    expect(await cli('baseline', 'check', '--input', bad, '--baseline', baseline)).toMatchObject({
      code: 2,
      err: expect.stringMatching(
        /bad\.json: 'heterodyne\.operation\.duration'\[1\]: "fast" is not a number/,
      ) as unknown,
    });
    const unknown = await cli(
      'baseline',
      'check',
      '--input',
      partial,
      '--baseline',
      'nightly',
      '--config',
      join(dir, 'none.yaml'),
    );
    expect(unknown.code).toBe(2);
    expect((await cli('baseline', 'check', '--baseline', baseline)).err).toMatch(
      /--input <run> is required/,
    );
    expect((await cli('baseline', 'frob')).code).toBe(2);
    const corrupt = join(dir, 'corrupt.json');
    await writeFile(
      corrupt,
      JSON.stringify({
        format: 'heterodyne-baseline/1',
        name: 'x',
        baselines: [{ key: 'k', metric: 'm', method: 'median' }],
      }),
    );
    expect((await cli('baseline', 'check', '--input', partial, '--baseline', corrupt)).err).toMatch(
      /corrupt\.json: baselines\[0\]\.method: unknown method "median"/,
    );
  });

  it('normalizes stored keys without host-specific attributes', () => {
    expect(normalizeSeriesKey('m{a="1",host.name="h",service.instance.id="x\\"y"}')).toBe(
      'm{a="1"}',
    );
    expect(normalizeSeriesKey('m')).toBe('m{}');
    expect(normalizeSeriesKey('m{a=1}')).toBeUndefined();
  });
});
