/**
 * `heterodyne-monitor generate rules`: the Prometheus SLO rules come from the SLO engine's own
 * definitions (built-in SLOs, or a configuration's), the committed `prometheus/rules/` is what
 * the generator writes today, and Prometheus' own tool accepts the rules and passes the unit
 * tests under `prometheus/tests/` (each burn-rate alert fires and stays quiet on its series).
 * Without promtool those checks skip with the reason, except under CI=true, where they fail.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXIT_INVALID } from '../../src/cli/exit-codes.js';
import { runCli } from '../../src/cli/run-cli.js';
import { fakeIo } from './fake-io.js';

const ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const RULES = join(ROOT, 'prometheus', 'rules', 'heterodyne-slos.rules.yml');
const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
const probe = spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' });
const available = probe.error === undefined && probe.status === 0;
const inCi = process.env.CI === 'true';
if (!available && !inCi) {
  console.warn(
    `\n*** SKIPPING promtool check/test of prometheus/: ${PROMTOOL} is not installed (apt-get install prometheus) ***\n`,
  );
}

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; interval?: string; rules: Rule[] }[];
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gen-rules-'));
  dirs.push(dir);
  return dir;
}

function alertsOf(file: RuleFile, slo: string): Rule[] {
  return file.groups.flatMap((g) => g.rules).filter((r) => r.alert && r.labels?.slo === slo);
}

describe('generate rules', () => {
  it('writes the built-in SLOs with the SRE workbook burn-rate table of a 30-day budget', async () => {
    const out = tempDir();
    const io = fakeIo();
    expect(await runCli(['generate', 'rules', '--out', out], io)).toBe(0);
    const file = parse(
      readFileSync(join(out, 'rules', 'heterodyne-slos.rules.yml'), 'utf8'),
    ) as RuleFile;
    const [page, ticket] = alertsOf(file, 'error_rate');
    // 2 % of the budget in 1 h, 5 % in 6 h; 10 % in 1 d and in 3 d (workbook table 5-8).
    expect(page?.labels?.severity).toBe('page');
    expect(page?.expr).toMatch(/ratio_rate1h\{slo="error_rate"\} \/ 0\.01 > 14\.4 and /);
    expect(page?.expr).toMatch(/ratio_rate5m\{slo="error_rate"\} \/ 0\.01 > 14\.4\)/);
    expect(page?.expr).toMatch(/ratio_rate6h\{slo="error_rate"\} \/ 0\.01 > 6 and /);
    expect(page?.expr).toMatch(/ratio_rate30m\{slo="error_rate"\} \/ 0\.01 > 6\)/);
    expect(ticket?.labels?.severity).toBe('ticket');
    expect(ticket?.expr).toMatch(/ratio_rate1d\{slo="error_rate"\} \/ 0\.01 > 3 and /);
    expect(ticket?.expr).toMatch(/ratio_rate3d\{slo="error_rate"\} \/ 0\.01 > 1 and /);
    const records = new Set(file.groups.flatMap((g) => g.rules.map((r) => r.record)));
    for (const w of ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']) {
      expect(records).toContain(`slo:sli_error:ratio_rate${w}`);
    }
    expect(records).toContain('slo:period_error_budget_remaining:ratio');
    // Throughput (a rate, not an error budget) has no SLO in the engine, so none here either.
    const slos = new Set(file.groups.flatMap((g) => g.rules.map((r) => r.labels?.slo)));
    expect([...slos].sort()).toEqual([
      'accuracy_preservation',
      'cache_hit_rate',
      'error_rate',
      'jit_compilation_overhead',
      'memory_utilization',
      'response_time',
      'security_overhead',
    ]);
  });

  it('takes the SLOs, budget period and alert table of a configuration file', async () => {
    const dir = tempDir();
    const config = join(dir, 'service.yaml');
    writeFileSync(
      config,
      [
        'slo:',
        '  builtin: false',
        '  group_by: [service.name]',
        '  alert_windows:',
        '    - { severity: page, long: 1h, short: 5m, budget_consumed: 0.05 }',
        '  objectives:',
        '    fit_errors:',
        '      title: Fit errors',
        '      objective: 0.995',
        '      window: 7d',
        '      ratio:',
        '        total: { metric: heterodyne.operation.duration, quantity: count }',
        '        bad:',
        '          metric: heterodyne.operation.duration',
        '          quantity: count',
        '          where: { error.type: { present: true } }',
        '    fit_latency:',
        '      objective: 0.99',
        '      threshold: { metric: heterodyne.operation.duration, le: 0.3 }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const io = fakeIo();
    expect(await runCli(['generate', 'rules', '--config', config, '--out', out], io)).toBe(0);
    const text = readFileSync(join(out, 'rules', 'heterodyne-slos.rules.yml'), 'utf8');
    const file = parse(text) as RuleFile;
    const [page, ...rest] = alertsOf(file, 'fit_errors');
    expect(rest).toEqual([]);
    // 5 % of a 7-day budget within 1 h: burn rate 0.05 × 168 = 8.4, budget 0.5 %.
    expect(page?.expr).toBe(
      '(slo:sli_error:ratio_rate1h{slo="fit_errors"} / 0.005 > 8.4 and ' +
        'slo:sli_error:ratio_rate5m{slo="fit_errors"} / 0.005 > 8.4)',
    );
    const ratio7d = file.groups
      .flatMap((g) => g.rules)
      .find((r) => r.record === 'slo:sli_error:ratio_rate7d');
    expect(ratio7d?.expr).toBe(
      'clamp((sum by (job) (rate(heterodyne_operation_duration_seconds_count{error_type!=""}[7d])) or ' +
        '(sum by (job) (rate(heterodyne_operation_duration_seconds_count[7d])) * 0)) / ' +
        'sum by (job) (rate(heterodyne_operation_duration_seconds_count[7d])), 0, 1)',
    );
    // 0.3 s is between bucket bounds: left out, with the reason in the file header.
    expect(text).toMatch(/^# Left out: fit_latency: threshold 0\.3 is not a bucket bound/m);
    expect(alertsOf(file, 'fit_latency')).toEqual([]);
    if (available) {
      const check = spawnSync(
        PROMTOOL,
        ['check', 'rules', join(out, 'rules', 'heterodyne-slos.rules.yml')],
        {
          encoding: 'utf8',
        },
      );
      expect(`${check.stdout}${check.stderr}`).toMatch(/SUCCESS/);
    }
  });

  it('names the file, line and key of a bad configuration and writes nothing', async () => {
    const dir = tempDir();
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'slo:\n  objectives:\n    x:\n      objective: 2\n      ratio: {}\n');
    const io = fakeIo();
    const out = join(dir, 'o');
    expect(await runCli(['generate', 'rules', '--config', config, '--out', out], io)).toBe(
      EXIT_INVALID,
    );
    expect(io.err()).toMatch(/bad\.yaml:4:\d+: slo\.objectives\.x\.objective/);
    expect(existsSync(out)).toBe(false);
  });

  it('matches the committed prometheus/ (run `npm run generate` after changing SLOs)', async () => {
    const io = fakeIo();
    const code = await runCli(['generate', 'rules', '--check', '--root', ROOT], io);
    expect(io.err()).toMatch(/rules: .*prometheus is up to date/);
    expect(code).toBe(0);
  });
});

describe.skipIf(!available && !inCi)('promtool on prometheus/', () => {
  it('is installed (required under CI=true)', () => {
    expect(probe.error?.message ?? '', `${PROMTOOL} must be installed`).toBe('');
  });

  it('checks the generated rules', () => {
    const run = spawnSync(PROMTOOL, ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toMatch(/SUCCESS: \d+ rules found/);
    expect(run.status).toBe(0);
  });

  it('checks the example Prometheus configuration with its rule files, and the Alertmanager one', () => {
    const prometheus = spawnSync(PROMTOOL, ['check', 'config', 'prometheus.yml'], {
      cwd: join(ROOT, 'prometheus'),
      encoding: 'utf8',
    });
    const output = `${prometheus.stdout}${prometheus.stderr}`;
    expect(output, output).toMatch(/SUCCESS: 1 rule files found/);
    expect(prometheus.status, output).toBe(0);
    const amtool = spawnSync(join(PROMTOOL, '..', 'amtool'), ['check-config', 'alertmanager.yml'], {
      cwd: join(ROOT, 'prometheus'),
      encoding: 'utf8',
    });
    if (amtool.error !== undefined && !inCi) return; // amtool comes with prometheus-alertmanager
    expect(`${amtool.stdout}${amtool.stderr}`).toMatch(/SUCCESS/);
    expect(amtool.status).toBe(0);
  });

  it('passes the unit tests: each alert fires on its burn rate and not below it', () => {
    const tests = ['error-rate.test.yml', 'builtin-slos.test.yml'];
    const run = spawnSync(PROMTOOL, ['test', 'rules', ...tests], {
      cwd: join(ROOT, 'prometheus', 'tests'),
      encoding: 'utf8',
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(output, output).not.toMatch(/FAILED/);
    expect(output.match(/SUCCESS/g)).toHaveLength(tests.length);
    expect(run.status).toBe(0);
  }, 120_000);
});
