import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { fakeIo } from './fake-io.js';

const examples = fileURLToPath(new URL('../../../../examples/config/', import.meta.url));
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-check-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('heterodyne-monitor config check', () => {
  it('prints the resolved configuration of a valid file and exits 0', async () => {
    const io = fakeIo();
    const code = await runCli(['config', 'check', '--config', join(examples, 'minimal.yaml')], io);
    expect(io.err()).toMatch(/minimal\.yaml: valid\n$/);
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^# Effective configuration of .*minimal\.yaml/);
    expect(io.out()).toContain('store: sqlite:./monitoring-data/heterodyne.db');
    expect(io.out()).toContain('response_time: 2');
  });

  it('warns about no engine section: each one is acted on', async () => {
    const file = join(dir, 'inactive.yaml');
    await writeFile(
      file,
      [
        'slo:',
        '  targets: { response_time: 2 }',
        'baselines:',
        '  auto_update_enabled: true',
        'alerting: {}',
        'optimization: {}',
        'analytics: {}',
        '',
      ].join('\n'),
    );
    const io = fakeIo();
    expect(await runCli(['config', 'check', '--config', file], io)).toBe(0);
    const warnings = io
      .err()
      .split('\n')
      .filter((l) => l.startsWith('warning: '));
    // baselines, alerting, optimization and analytics are all acted on.
    expect(warnings).toEqual([]);
    // The example written by hand for this version sets no such section: no warning.
    const minimal = fakeIo();
    await runCli(['config', 'check', '--config', join(examples, 'minimal.yaml')], minimal);
    expect(minimal.err()).not.toContain('warning');
  });

  it('checks the built-in defaults without --config', async () => {
    const io = fakeIo();
    expect(await runCli(['config', 'check'], io)).toBe(0);
    expect(io.out()).toContain('endpoint: localhost:4318');
    expect(io.err()).toBe('the built-in defaults: valid\n');
  });

  it('redacts secrets taken from the environment', async () => {
    const env = {
      HETERODYNE_INGEST_TOKEN: 'ingest-secret-1',
      HETERODYNE_API_TOKEN: 'api-secret-2',
      OTLP_BACKEND_TOKEN: 'backend-secret-3',
      SLACK_BOT_TOKEN: 'slack-secret-4',
      SMTP_PASSWORD: 'smtp-secret-5',
      WEBHOOK_SECRET: 'webhook-secret-6',
    };
    const io = fakeIo(env);
    expect(await runCli(['config', 'check', '-c', join(examples, 'full.yaml')], io)).toBe(0);
    for (const secret of Object.values(env)) expect(io.out()).not.toContain(secret);
    expect(io.out()).toContain('<redacted>');
  });

  it('redacts credentials inside URLs in its output and its errors', async () => {
    const good = join(dir, 'good.yaml');
    await writeFile(
      good,
      'exporters:\n  otlp:\n    endpoint: https://user:${EXPORT_PW}@backend/\nstore: postgres://monitor@db/h?password=${PGPW}\n',
    );
    const io = fakeIo({ EXPORT_PW: 'pw-export-1', PGPW: 'pw-store-2' });
    expect(await runCli(['config', 'check', '--config', good], io)).toBe(0);
    expect(io.out()).not.toMatch(/pw-export-1|pw-store-2/);
    expect(io.out()).toContain('https://user:<redacted>@backend/');
    expect(io.out()).toContain('password=<redacted>');
    const bad = join(dir, 'bad-url.yaml');
    await writeFile(bad, 'exporters:\n  otlp:\n    endpoint: ftp://user:${EXPORT_PW}@backend/\n');
    const failed = fakeIo({ EXPORT_PW: 'pw-export-1' });
    expect(await runCli(['config', 'check', '--config', bad], failed)).toBe(1);
    expect(failed.err()).toContain('must be an http:// or https:// URL');
    expect(failed.err()).not.toContain('pw-export-1');
  });

  it('prints every error with file, line and key, and exits 1', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      [
        'exporters:',
        '  otlp:',
        '    endpoint: http://x:4318',
        '    protocol: carrier-pigeon',
        'slo:',
        '  targets:',
        '    response_time: -1',
        '',
      ].join('\n'),
    );
    const io = fakeIo();
    expect(await runCli(['config', 'check', '--config', file], io)).toBe(1);
    const lines = io.err().trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${escape(file)}:4:\\d+: exporters\\.otlp\\.protocol: `));
    expect(lines[1]).toMatch(
      new RegExp(`^${escape(file)}:7:\\d+: slo\\.targets\\.response_time: `),
    );
    expect(lines.at(-1)).toBe(`2 configuration errors in ${file}`);
    expect(io.out()).toBe('');
  });

  it('names a missing file and exits 1', async () => {
    const file = join(dir, 'absent.yaml');
    const io = fakeIo();
    expect(await runCli(['config', 'check', '--config', file], io)).toBe(1);
    expect(io.err()).toContain(`${file}: no such file`);
  });

  it('names a variable the file references but the environment lacks', async () => {
    const io = fakeIo({});
    expect(await runCli(['config', 'check', '--config', join(examples, 'full.yaml')], io)).toBe(1);
    expect(io.err()).toMatch(/HETERODYNE_INGEST_TOKEN/);
  });

  it.each([
    [['config', 'check', '--colour'], /config check: Unknown option '--colour'/],
    [['config', 'check', 'file.yaml'], /config check: unexpected argument 'file.yaml'/],
    [['config', 'lint'], /config: unknown subcommand 'lint'; use 'config check'/],
    [['bogus'], /unknown command 'bogus'/],
    [[], /missing command/],
  ])('treats %j as a usage error (exit 2)', async (argv, message) => {
    const io = fakeIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
  });

  it('prints help and the version with exit 0', async () => {
    const help = fakeIo();
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.out()).toMatch(/^heterodyne-monitor — /);
    expect(help.out()).toContain('Exit codes:');
    const checkHelp = fakeIo();
    expect(await runCli(['config', 'check', '--help'], checkHelp)).toBe(0);
    expect(checkHelp.out()).toMatch(/^Usage: heterodyne-monitor config check/);
    const version = fakeIo();
    expect(await runCli(['--version'], version)).toBe(0);
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
