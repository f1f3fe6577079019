/**
 * A real `heterodyne-monitor serve` child process on loopback (built `dist/`), its banner
 * addresses, `kill -9`, and small OTLP/JSON requests, for the crash-recovery suites.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cleanup } from './cleanup.js';

const MAIN = fileURLToPath(new URL('../../../packages/analysis/dist/cli/main.js', import.meta.url));

/** A running `serve` child and the URLs its banner printed. */
export interface Child {
  process: ChildProcess;
  otlp: string;
  /** OTLP/gRPC `host:port`. */
  grpc: string;
  api: string;
  stderr: () => string;
}

function bannerUrl(text: string, label: string): string | undefined {
  return new RegExp(`^  ${label} +(\\S+)$`, 'm').exec(text)?.[1];
}

/** Polls `probe` every 25 ms until it returns a value (15 s at most). */
export async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/**
 * Starts `serve --config configFile` (with `env` added to this process's environment);
 * killed by `cleanup` at the latest.
 */
export async function serve(
  configFile: string,
  cleanup: Cleanup,
  env: Record<string, string> = {},
): Promise<Child> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx tsc --build)`);
  const child = spawn(process.execPath, [MAIN, 'serve', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  cleanup.push(async () => {
    child.kill('SIGKILL');
  });
  const otlp = await until(() => {
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err}`);
    return bannerUrl(out, 'OTLP/HTTP');
  }, 'the serve banner');
  const series = await until(() => bannerUrl(out, 'series'), 'the API address');
  const grpc = await until(() => bannerUrl(out, 'OTLP/gRPC'), 'the gRPC address');
  return {
    process: child,
    otlp,
    grpc,
    api: series.replace(/\/api\/v1\/series$/, ''),
    stderr: () => err,
  };
}

/** `kill -9` and wait for the exit. */
export async function kill9(child: Child): Promise<void> {
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGKILL');
  await exited;
}

/**
 * A configuration with OTLP/HTTP and gRPC, the API, and a SQLite store in `dir` (or `store`,
 * with the write-ahead log in `dir/wal`).
 */
export async function config(
  dir: string,
  checkpointInterval: string,
  store?: string,
): Promise<string> {
  const file = join(dir, 'monitor.yaml');
  await writeFile(
    file,
    [
      'receivers:',
      '  otlp:',
      '    protocols:',
      '      http: { endpoint: 127.0.0.1:0 }',
      '      grpc: { endpoint: 127.0.0.1:0 }',
      'processors:',
      '  queue: {}',
      '  series:',
      `    checkpoint_interval: ${checkpointInterval}`,
      ...(store === undefined ? [] : [`    wal: { dir: ${JSON.stringify(join(dir, 'wal'))} }`]),
      `store: ${store ?? `sqlite:${join(dir, 'monitor.db')}`}`,
      'api: { endpoint: 127.0.0.1:0 }',
    ].join('\n'),
  );
  return file;
}

/** One OTLP/JSON metrics request with one sum point. */
export function sumRequest(
  name: string,
  temporality: 1 | 2,
  value: number,
  startNanos: bigint,
  timeNanos: bigint,
  attributes: Record<string, string> = {},
): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'crash-e2e' } }] },
        scopeMetrics: [
          {
            scope: { name: 'crash' },
            metrics: [
              {
                name,
                sum: {
                  aggregationTemporality: temporality,
                  isMonotonic: true,
                  dataPoints: [
                    {
                      attributes: Object.entries(attributes).map(([key, v]) => ({
                        key,
                        value: { stringValue: v },
                      })),
                      startTimeUnixNano: String(startNanos),
                      timeUnixNano: String(timeNanos),
                      asDouble: value,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

/** POSTs an OTLP/JSON body; resolves with the status. */
export async function send(child: Child, body: string): Promise<number> {
  const res = await fetch(`${child.otlp}/v1/metrics`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  await res.arrayBuffer();
  return res.status;
}

/** Milliseconds to nanoseconds. */
export const nanos = (ms: number): bigint => BigInt(ms) * 1_000_000n;
