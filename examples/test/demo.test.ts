/**
 * `npm start` end to end: the built demo (`examples/dist/start.js`, compiled by
 * `npm run build`) runs in a child process with its own service on loopback ports and a
 * compressed 24-second fault timeline. The test reads the service's API until it has seen
 * what the faults should cause (SLO burn from the latency regression, the loss of accuracy
 * and the cache thrashing, an alert acknowledged and alerts resolved), then stops the demo with SIGINT and
 * expects a clean exit.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const START = fileURLToPath(new URL('../dist/start.js', import.meta.url));
const DEMO_CONFIG = fileURLToPath(new URL('../config/demo.yaml', import.meta.url));

/** The demo configuration with loopback ports chosen by the OS and state in `dir`. */
function loopbackConfig(dir: string): string {
  const text = readFileSync(DEMO_CONFIG, 'utf8')
    .replace('sqlite:./monitoring-data/demo.db', `sqlite:${join(dir, 'demo.db')}`)
    .replace('./monitoring-data/demo-alerts.jsonl', join(dir, 'alerts.jsonl'));
  const path = join(dir, 'demo.yaml');
  writeFileSync(
    path,
    `${text}
receivers:
  otlp:
    protocols:
      http: { endpoint: 127.0.0.1:0 }
      grpc: { endpoint: 127.0.0.1:0 }
api:
  endpoint: 127.0.0.1:0
`,
  );
  return path;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON reply, or `{}` on an error status or a dropped connection (the next poll retries). */
async function getJson(url: string): Promise<Record<string, unknown>> {
  try {
    const res = await fetch(url);
    return res.ok ? ((await res.json()) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

type Finding = { engine: string; kind: string; state: string; labels: Record<string, string> };

let child: ChildProcess | undefined;
let dir: string | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
  child = undefined;
  dir = undefined;
});

describe('npm start, the demo', () => {
  it('shows SLO burn and alerts raised, acknowledged and resolved, then stops on SIGINT', async () => {
    dir = mkdtempSync(join(tmpdir(), 'heterodyne-demo-'));
    const proc = spawn(
      process.execPath,
      [START, '--config', loopbackConfig(dir), '--timeline', '24', '--refresh', '2', '--plain'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', resolve));

    let api: string | undefined;
    const seen = {
      latencyBurn: false,
      accuracyBurn: false,
      cacheBurn: false,
      resolvedAlerts: 0,
      acknowledged: false,
    };
    const deadline = Date.now() + 75_000;
    while (Date.now() < deadline) {
      await sleep(1000);
      expect(proc.exitCode, `the demo exited early:\n${stderr}`).toBeNull();
      api ??= /status\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1\/status/.exec(stdout)?.[1];
      if (api === undefined) continue;
      const findings = ((await getJson(`${api}/api/v1/findings?engine=slo&limit=1000`)).findings ??
        []) as Finding[];
      const burning = (slo: string) =>
        findings.some((f) => f.kind.startsWith('slo.burn_rate') && f.labels.slo === slo);
      seen.latencyBurn ||= burning('dataset_reads');
      seen.accuracyBurn ||= burning('accuracy_preservation');
      seen.cacheBurn ||= burning('cache_hit_rate');
      const resolved = (await getJson(`${api}/api/v1/alerts?state=resolved`)).alerts;
      seen.resolvedAlerts = Array.isArray(resolved) ? resolved.length : 0;
      seen.acknowledged = /acknowledged alert .* via POST/.test(stdout);
      if (
        seen.latencyBurn &&
        seen.accuracyBurn &&
        seen.cacheBurn &&
        seen.resolvedAlerts > 0 &&
        seen.acknowledged
      ) {
        break;
      }
    }
    expect(seen).toEqual({
      latencyBurn: true,
      accuracyBurn: true,
      cacheBurn: true,
      resolvedAlerts: seen.resolvedAlerts,
      acknowledged: true,
    });
    expect(seen.resolvedAlerts).toBeGreaterThan(0);
    // The acknowledged alert is stored as such (acknowledged, or resolved after it).
    const acked = [
      ...(((await getJson(`${api}/api/v1/alerts?state=acknowledged`)).alerts ?? []) as object[]),
      ...(((await getJson(`${api}/api/v1/alerts?state=resolved`)).alerts ?? []) as object[]),
    ].filter((a) => (a as { acknowledgedAt?: number }).acknowledgedAt !== undefined);
    expect(acked.length).toBeGreaterThan(0);

    // The status view was drawn from the API, and the faults were announced.
    expect(stdout).toContain('SLOs (burn rate');
    expect(stdout).toMatch(/BURNING/);
    expect(stdout).toContain('Active alerts');
    expect(stdout).toContain('fault on:  latency regression');
    expect(stdout).toContain('fault on:  loss of accuracy');

    proc.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/stopped cleanly after \d+ s and \d+ analyses/);
  }, 120_000);
});
