/**
 * Every command in the README's `sh` blocks is run: either here, literally (with `npx
 * heterodyne-monitor` being the built CLI, against a service this test starts the way the
 * README says), or by the test or CI step named in {@link ELSEWHERE}, which must contain the
 * command's distinctive text. A README command that matches no entry fails the test, so a
 * command cannot be added to the README without being run somewhere.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'packages/analysis/bin/heterodyne-monitor.js');
const run = promisify(execFile);

/** The command lines of the README's `sh` blocks, in order. */
function readmeCommands(): string[] {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (line.startsWith('```')) {
      inside = !inside && line.trim() === '```sh';
      continue;
    }
    const command = line.replace(/\s+#.*$/, '').trim();
    if (inside && command !== '' && !command.startsWith('#')) out.push(command);
  }
  return out;
}

/** Commands run by another test or by `.ci/run`: that file must contain `needle`. */
const ELSEWHERE: readonly { pattern: RegExp; file: string; needle: string }[] = [
  { pattern: /^npm install && npm start$/, file: 'examples/test/demo.test.ts', needle: 'start.js' },
  { pattern: /^npm test$/, file: '.ci/run', needle: 'npm test' },
  { pattern: /^npm run test:node22$/, file: '.ci/run', needle: 'npm run "test:node$version"' },
  { pattern: /^npm run test:node24$/, file: '.ci/run', needle: 'npm run "test:node$version"' },
  {
    pattern: /^node --import @heterodyne\/node\/register --import \.\/telemetry\.mjs app\.mjs$/,
    file: 'test/e2e/packages-install.test.ts',
    needle: "'--import', '@heterodyne/node/register', '--import', './telemetry.mjs'",
  },
  {
    pattern: /^npm pack -w packages\/semconv -w packages\/sdk -w packages\/node /,
    file: 'test/e2e/packages-install.test.ts',
    needle: "'pack', ...workspaces, '--pack-destination'",
  },
  {
    pattern: /python3 examples\/python\/heterodyne_otlp\.py$/,
    file: 'test/e2e/python-sender.test.ts',
    needle: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  },
  {
    pattern: /^npx heterodyne-monitor detect anomalies /,
    file: 'packages/analysis/test/cli/detect-anomalies.test.ts',
    needle: "'--output'",
  },
  {
    pattern: /^npx heterodyne-monitor detect changepoints /,
    file: 'packages/analysis/test/cli/detect-changepoints.test.ts',
    needle: "'--output'",
  },
  {
    pattern: /^npx heterodyne-monitor replay .* --config /,
    file: 'packages/analysis/test/cli/replay.test.ts',
    needle: "'--config'",
  },
  {
    pattern: /^npx heterodyne-monitor baseline (export|check) /,
    file: 'packages/analysis/test/cli/baseline-check.test.ts',
    needle: "'--junit'",
  },
];

/** Commands this file runs against the service it starts. */
const HERE: readonly RegExp[] = [
  /^npx heterodyne-monitor serve --config examples\/config\/minimal\.yaml$/,
  /^npx heterodyne-monitor config check --config examples\/config\/minimal\.yaml$/,
  /^npx heterodyne-monitor (slo status|anomalies|forecasts|trends|opportunities|remediations)$/,
  /^npx heterodyne-monitor report --url http:\/\/localhost:8080 --output report\.html$/,
  /^curl localhost:8080\/api\/v1\/[a-z/]+$/,
];

describe('README commands', () => {
  const commands = readmeCommands();

  it('lists commands, each run here or by a named test that contains it', () => {
    expect(commands.length).toBeGreaterThan(10);
    const orphans: string[] = [];
    for (const command of commands) {
      if (HERE.some((p) => p.test(command))) continue;
      const rule = ELSEWHERE.find((r) => r.pattern.test(command));
      if (rule === undefined) {
        orphans.push(command);
        continue;
      }
      const text = readFileSync(join(ROOT, rule.file), 'utf8');
      expect(text, `${rule.file} should run: ${command}`).toContain(rule.needle);
    }
    expect(orphans, 'README commands that nothing runs').toEqual([]);
  });
});

/** Whether `port` on 127.0.0.1 can be bound now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Runs one README CLI line with the built CLI in `cwd`; returns stdout. */
async function cli(line: string, cwd: string): Promise<string> {
  const args = line.replace(/^npx heterodyne-monitor /, '').split(/\s+/);
  const { stdout } = await run(process.execPath, [CLI, ...args], {
    cwd,
    timeout: 60_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  return stdout;
}

describe('README service commands, run as written against `serve --config examples/config/minimal.yaml`', () => {
  const commands = readmeCommands();
  const built = existsSync(join(ROOT, 'packages/analysis/dist/index.js'));
  let dir = '';
  let child: ChildProcess | undefined;
  let skipped = '';

  beforeAll(async () => {
    if (!built) throw new Error('packages/analysis/dist is missing: run `npm run build` first');
    // Another service on this machine (a second run of the suite) may hold them for a while.
    let free = await Promise.all([4317, 4318, 8080].map(portFree));
    for (let waited = 0; free.includes(false) && waited < 90_000; waited += 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      free = await Promise.all([4317, 4318, 8080].map(portFree));
    }
    if (free.includes(false)) {
      skipped = 'ports 4317, 4318 and 8080 (the README defaults) must be free';
      if (process.env.CI === 'true') throw new Error(skipped);
      console.warn(`SKIPPED README service commands: ${skipped}`);
      return;
    }
    dir = await mkdtemp(join(tmpdir(), 'heterodyne-readme-'));
    const serve = commands.find((c) => /^npx heterodyne-monitor serve /.test(c));
    if (serve === undefined) throw new Error('the README has no `serve` command');
    const args = serve.replace(/^npx heterodyne-monitor /, '').split(/\s+/);
    const config = join(ROOT, args[args.indexOf('--config') + 1] as string);
    child = spawn(process.execPath, [CLI, 'serve', '--config', config], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const res = await fetch('http://localhost:8080/readyz');
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`serve did not become ready:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    // Something to show: a few operations over OTLP/JSON.
    const now = BigInt(Date.now()) * 1_000_000n;
    const body = {
      resourceMetrics: [
        {
          resource: {
            attributes: [{ key: 'service.name', value: { stringValue: 'readme-analysis' } }],
          },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'heterodyne.operation.duration',
                  unit: 's',
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: [
                      {
                        attributes: [
                          {
                            key: 'heterodyne.operation.name',
                            value: { stringValue: 'chi_squared_calculation' },
                          },
                        ],
                        startTimeUnixNano: String(now - 10_000_000_000n),
                        timeUnixNano: String(now),
                        count: '3',
                        sum: 0.9,
                        bucketCounts: ['0', '3', '0'],
                        explicitBounds: [0.1, 1],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const sent = await fetch('http://localhost:4318/v1/metrics', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!sent.ok) throw new Error(`OTLP export refused: HTTP ${sent.status}`);
  }, 180_000);

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('config check prints the resolved configuration', async () => {
    if (skipped !== '') return;
    for (const line of commands.filter((c) => /^npx heterodyne-monitor config check /.test(c))) {
      const args = line.replace(/^npx heterodyne-monitor /, '').split(/\s+/);
      const { stdout } = await run(process.execPath, [CLI, ...args], { cwd: ROOT });
      expect(stdout).toMatch(/^# Effective configuration of /);
    }
  });

  it('the CLI reads of a running service show the exported operation and empty analyses', async () => {
    if (skipped !== '') return;
    const reads = commands.filter((c) =>
      /^npx heterodyne-monitor (slo status|anomalies|forecasts|trends|opportunities|remediations)$/.test(
        c,
      ),
    );
    expect(reads).toEqual([
      'npx heterodyne-monitor slo status',
      'npx heterodyne-monitor anomalies',
      'npx heterodyne-monitor forecasts',
      'npx heterodyne-monitor opportunities',
    ]);
    // The SLO engine evaluates every `slo.evaluation_interval` (30 s by default): the group of
    // the operation exported in beforeAll appears after the next evaluation.
    const group = /^response_time\s+readme-analysis\/chi_squared_calculation\s+95%\s+30d\s+100%\s/m;
    /** Runs `line` until its output matches `want` or 75 s pass; returns the last output. */
    const until = async (line: string, want: RegExp): Promise<string> => {
      const deadline = Date.now() + 75_000;
      for (;;) {
        const out = await cli(line, dir);
        if (want.test(out) || Date.now() > deadline) return out;
        await new Promise((r) => setTimeout(r, 2_000));
      }
    };
    const slo = await until('npx heterodyne-monitor slo status', group);
    expect(slo.split('\n')[0]).toMatch(
      /^SLO\s+GROUP\s+OBJECTIVE\s+WINDOW\s+SLI\s+BUDGET LEFT\s+BURN 1h\s+BURN 6h\s+EXHAUSTED IN\s+STATE$/,
    );
    expect(slo, 'slo status should list the exported operation').toMatch(group);
    // Built-in SLOs with no matching series are listed as such, not dropped.
    expect(slo).toMatch(/^accuracy_preservation\s+-\s+99\.9%\s+30d\s.*\sno_data$/m);
    // The forecast engine's pass lists the exported series, too short to forecast.
    const series =
      'heterodyne.operation.duration{heterodyne.operation.name="chi_squared_calculation",service.name="readme-analysis"}';
    const forecasts = await until('npx heterodyne-monitor forecasts', /insufficient_data/);
    expect(forecasts.split('\n')[0]).toMatch(
      /^SERIES\s+STATUS\s+MODEL\s+HORIZON\s+PREDICTION\s+INTERVAL\s+VS NAIVE\s+BREACH$/,
    );
    expect(forecasts).toContain(`${series}  insufficient_data (1 points; at least 8 are needed)`);
    // Three operations within their target are no anomaly, and one healthy group offers
    // nothing to optimize.
    expect(await cli('npx heterodyne-monitor anomalies', dir)).toBe('no anomalies\n');
    expect(await cli('npx heterodyne-monitor opportunities', dir)).toBe('no opportunities\n');
  }, 200_000);

  it('report writes a self-contained HTML file, and curl-style reads answer JSON', async () => {
    if (skipped !== '') return;
    const line = commands.find((c) => /^npx heterodyne-monitor report /.test(c));
    expect(line).toBeDefined();
    await cli(line as string, dir);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html, 'the report should show the exported operation').toContain(
      'chi_squared_calculation',
    );
    for (const curl of commands.filter((c) => c.startsWith('curl '))) {
      const url = `http://${curl.replace(/^curl /, '')}`;
      const res = await fetch(url);
      expect(res.status, curl).toBe(200);
      const body = (await res.json()) as {
        returned?: unknown;
        firing?: unknown;
        findings?: unknown;
      };
      expect(Array.isArray(body.findings), `${curl}: findings should be a list`).toBe(true);
      expect(body.returned, curl).toBe((body.findings as unknown[]).length);
      expect(body.firing, curl).toBeTypeOf('number');
    }
  }, 120_000);
});
