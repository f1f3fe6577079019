/**
 * A real Prometheus (the Debian `prometheus` binary) started by a test: a temporary
 * configuration scraping one target, its TSDB in a temporary directory, its web API on a
 * free loopback port; queries through its HTTP API.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The binary the tests run: `PROMETHEUS_BIN` or `prometheus` on the PATH. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? 'prometheus';

/** Whether the binary runs (`prometheus --version`). */
export function prometheusAvailable(): boolean {
  const probe = spawnSync(PROMETHEUS_BIN, ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
}

/** Options of {@link startPrometheus}. */
export interface PrometheusOptions {
  /** Directory for the configuration and the TSDB (the caller removes it). */
  dir: string;
  /** `host:port` of the scraped target. */
  target: string;
  /** Scrape path. @default '/metrics' */
  metricsPath?: string;
  /** Scrape interval and timeout, in seconds. */
  scrapeIntervalSeconds: number;
  /** Job name of the scrape configuration. @default 'heterodyne' */
  job?: string;
  /**
   * The whole configuration file instead of the one-target scrape built from the options
   * above (several targets, rule files); relative paths in it resolve against `dir`.
   */
  configYaml?: string;
}

/** A running Prometheus. */
export interface RunningPrometheus {
  /** Base URL of its web API. */
  url: string;
  /** An instant query; the result vector's samples as labels and numbers. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  /** The single value of an instant query; NaN when the result is empty. */
  scalar(expr: string): Promise<number>;
  /** Prometheus' own metrics as text (`/metrics`). */
  selfMetrics(): Promise<string>;
  /** The active targets (`/api/v1/targets`). */
  targets(): Promise<{ health: string; lastError: string; scrapePool: string }[]>;
  /** Stops it (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`prometheus exited with ${child.exitCode}: ${log()}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus not ready after 30 s: ${log()}`);
}

/** Starts Prometheus scraping `options.target`; resolves once it is ready. */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const interval = `${options.scrapeIntervalSeconds}s`;
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    'scrape_configs:',
    `  - job_name: ${options.job ?? 'heterodyne'}`,
    // Pass-through series carry job/instance of their producers: keep them.
    '    honor_labels: true',
    `    metrics_path: ${options.metricsPath ?? '/metrics'}`,
    '    static_configs:',
    `      - targets: ['${options.target}']`,
    '',
  ].join('\n');
  const configFile = join(options.dir, 'prometheus.yml');
  await writeFile(configFile, options.configYaml ?? config);
  // The port is probed free then handed over: retry if something took it meanwhile.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(options.dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    try {
      await waitReady(url, child, () => stderr);
    } catch (error) {
      child.kill('SIGKILL');
      await exited(child);
      if (attempt < 3 && /address already in use/.test(stderr)) continue;
      throw error;
    }
    const api = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${url}${path}`);
      const body = (await res.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`);
      return body.data;
    };
    const query = async (expr: string) => {
      const data = await api<{
        result: { metric: Record<string, string>; value: [number, string] }[];
      }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    };
    return {
      url,
      query,
      async scalar(expr) {
        const result = await query(expr);
        return result.length === 1 ? (result[0]?.value ?? NaN) : NaN;
      },
      async selfMetrics() {
        return (await fetch(`${url}/metrics`)).text();
      },
      async targets() {
        const data = await api<{
          activeTargets: { health: string; lastError: string; scrapePool: string }[];
        }>('/api/v1/targets');
        return data.activeTargets;
      },
      async stop() {
        if (child.exitCode !== null) return;
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.kill('SIGTERM');
        await exited(child);
        clearTimeout(timer);
      },
    };
  }
}

/** The value of an unlabelled sample `name` in exposition text; NaN when absent. */
export function sampleValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? NaN : Number(line.slice(name.length + 1));
}
