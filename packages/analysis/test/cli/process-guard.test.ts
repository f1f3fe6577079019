import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installProcessGuard } from '../../src/cli/process-guard.js';
import type { ProcessErrorKind } from '../../src/cli/process-guard.js';
import { redactCredentials } from '../../src/config/credentials.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function guard(maxUncaught = 3) {
  const target = new EventEmitter();
  const lines: string[] = [];
  const counted: ProcessErrorKind[] = [];
  const fatal: unknown[] = [];
  let now = 0;
  const logger = {
    info: () => undefined,
    warn: () => undefined,
    error: (message: string) => lines.push(message),
  };
  const uninstall = installProcessGuard({
    logger,
    redact: (t) => redactCredentials(t, ['known-secret-77']),
    count: (kind) => counted.push(kind),
    onFatal: (error) => fatal.push(error),
    maxUncaught,
    windowMillis: 60_000,
    target,
    now: () => now,
  });
  return { target, lines, counted, fatal, uninstall, advance: (ms: number) => (now += ms) };
}

describe('process guard', () => {
  it('logs an unhandled rejection redacted, counts it, and keeps serving', () => {
    const g = guard();
    g.target.emit(
      'unhandledRejection',
      new Error('export to https://u:hunter2@backend failed: Bearer tok-secret-9 known-secret-77'),
    );
    g.target.emit('unhandledRejection', { detail: 'Authorization: Basic dXNlcjpwYXNz' });
    expect(g.counted).toEqual(['unhandled_rejection', 'unhandled_rejection']);
    expect(g.fatal).toEqual([]);
    const log = g.lines.join('\n');
    expect(log).toMatch(/unhandled promise rejection \(the service keeps serving\)/);
    for (const secret of ['hunter2', 'tok-secret-9', 'known-secret-77', 'dXNlcjpwYXNz']) {
      expect(log).not.toContain(secret);
    }
  });

  it('survives rare uncaught exceptions and stops on a burst', () => {
    const g = guard(3);
    for (let i = 0; i < 3; i++) {
      g.target.emit('uncaughtException', new Error(`boom ${i}`));
      g.advance(1000);
    }
    expect(g.fatal).toHaveLength(0);
    // Older than the window: they no longer count.
    g.advance(60_000);
    for (let i = 0; i < 3; i++) g.target.emit('uncaughtException', new Error('again'));
    expect(g.fatal).toHaveLength(0);
    g.target.emit('uncaughtException', new Error('one too many'));
    expect(g.fatal).toHaveLength(1);
    g.target.emit('uncaughtException', new Error('while stopping'));
    expect(g.fatal).toHaveLength(1);
    expect(g.counted.filter((k) => k === 'uncaught_exception')).toHaveLength(8);
    expect(g.lines.at(-2)).toMatch(/4 within 60 s \(more than 3\): stopping/);
    g.uninstall();
    expect(g.target.listenerCount('uncaughtException')).toBe(0);
  });

  describe('in serve', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'guard-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps serving after an unhandled rejection and an uncaught exception, counted', async () => {
      if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx tsc --build)`);
      const file = join(dir, 'serve.yaml');
      await writeFile(file, loopbackServiceYaml(join(dir, 'serve.db')));
      // Faults from outside any request handler, as soon as the guard is installed (the
      // service may not have started yet: such errors are counted once it has).
      const preload = join(dir, 'faults.mjs');
      await writeFile(
        preload,
        [
          'const poll = setInterval(() => {',
          '  if (process.listenerCount("uncaughtException") === 0) return;',
          '  clearInterval(poll);',
          '  Promise.reject(new Error("lost https://u:hunter2@h Bearer tok-secret-9"));',
          '  setTimeout(() => { throw new Error("timer failed ?password=pw-77"); }, 10);',
          '}, 5);',
          '',
        ].join('\n'),
      );
      const child = spawn(
        process.execPath,
        ['--import', preload, MAIN, 'serve', '--config', file],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      try {
        for (let i = 0; i < 400 && !(/uncaught exception/.test(err) && /metrics/.test(out)); i++) {
          await new Promise((r) => setTimeout(r, 25));
        }
        expect(err).toMatch(/unhandled promise rejection \(the service keeps serving\)/);
        expect(err).toMatch(/uncaught exception \(the service keeps serving\)/);
        const metrics = /^ {2}metrics +(\S+)$/m.exec(out)?.[1];
        expect(metrics).toBeDefined();
        const text = await (await fetch(metrics as string)).text();
        expect(text).toMatch(
          /heterodyne_monitor_process_errors_total\{[^}]*error_type="unhandled_rejection"[^}]*\} 1/,
        );
        expect(text).toMatch(
          /heterodyne_monitor_process_errors_total\{[^}]*error_type="uncaught_exception"[^}]*\} 1/,
        );
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
      expect(err).not.toMatch(/hunter2|tok-secret-9|pw-77/);
    });
  });
});
