import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteDurabilityDir } from '../../src/service/service-core.js';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { listCheckpoints } from '../../src/wal/checkpoint-files.js';
import { loopbackServiceYaml, occupyLoopbackPort } from '../helpers/loopback.js';
import { fakeIo } from './fake-io.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loopbackConfig(apiPort = 0): Promise<{ file: string; db: string }> {
  const db = join(dir, 'serve.db');
  const file = join(dir, 'serve.yaml');
  await writeFile(file, loopbackServiceYaml(db, apiPort));
  return { file, db };
}

/** The URL printed on the banner line starting with `label`. */
function bannerUrl(text: string, label: string): string | undefined {
  return new RegExp(`^  ${label} +(\\S+)$`, 'm').exec(text)?.[1];
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('gave up waiting');
}

describe('heterodyne-monitor serve', () => {
  it('serves until asked to stop, then checkpoints into the store and exits 0', async () => {
    const { file, db } = await loopbackConfig();
    let stop: (signal: string) => void = () => undefined;
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    const io = fakeIo({}, () => stopped);
    const running = runCli(['serve', '--config', file], io);
    const status = await until(() => bannerUrl(io.out(), 'status'));
    expect(io.out()).toMatch(/^heterodyne-monitor \d+\.\d+\.\d+ serving\n/);
    const res = await fetch(status);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { health: string }).health).toBe('ok');
    stop('SIGTERM');
    expect(await running).toBe(0);
    expect(io.err()).toMatch(/SIGTERM received, shutting down/);
    expect(io.err()).toMatch(/series checkpoint saved series=0/);
    expect((await listCheckpoints(sqliteDurabilityDir(db))).length).toBe(1);
  });

  it('redacts a store password from the start-up error', async () => {
    const file = join(dir, 'pg.yaml');
    await writeFile(
      file,
      [
        'receivers:',
        '  otlp:',
        '    protocols:',
        '      http: { endpoint: 127.0.0.1:0 }',
        '      grpc: { endpoint: 127.0.0.1:0 }',
        'api: { endpoint: 127.0.0.1:0 }',
        // Port 1 on loopback refuses at once.
        'store: postgres://monitor@127.0.0.1:1/db?password=${PGPW}',
        '',
      ].join('\n'),
    );
    const io = fakeIo({ PGPW: 'topsecret-123' }, () => new Promise(() => undefined));
    expect(await runCli(['serve', '--config', file], io)).toBe(3);
    expect(io.err()).toMatch(
      /serve: the service could not start: postgres store .*password=<redacted>/,
    );
    expect(io.err()).not.toContain('topsecret-123');
  });

  it('exits 3 naming the address when a port is taken', async () => {
    const blocker = await occupyLoopbackPort();
    const { port } = blocker;
    const { file } = await loopbackConfig(port);
    const io = fakeIo({}, () => new Promise(() => undefined));
    try {
      expect(await runCli(['serve', '--config', file], io)).toBe(3);
    } finally {
      blocker.release();
    }
    expect(io.err()).toMatch(
      new RegExp(
        `serve: the service could not start: api: cannot listen on 127\\.0\\.0\\.1:${port}`,
      ),
    );
  });

  it('runs as an executable and shuts down gracefully on SIGTERM', async () => {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: build first (npm run build, or npm test which builds)`);
    }
    const { file, db } = await loopbackConfig();
    const child = spawn(process.execPath, [MAIN, 'serve', '--config', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const api = await until(() => bannerUrl(out, 'series'));
      expect((await fetch(api)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    expect(err).toMatch(/SIGTERM received/);
    expect(err).toMatch(/analysis service stopped/);
    expect((await listCheckpoints(sqliteDurabilityDir(db))).length).toBe(1);
  });
});
