/**
 * An independent cross-check of the burn rates: the real Prometheus (2.42, `/usr/bin/
 * prometheus`) scrapes the service's `/metrics` pass-through counters every second and
 * computes the burn rate in PromQL from `increase()`; the SLO engine computes it from its
 * own counters. They agree within 1 %.
 *
 * Compressed scenario (about 25 s of wall time): the SLO's alert windows are 30 s and 10 s.
 * The counters exist at zero for 3 s, then 5 s at 2 % errors, 10 s at 0.5 %, then no traffic
 * until the comparison; so the 30 s window holds both phases whole and the 10 s window only
 * the tail of the 0.5 % phase. Without Prometheus the test skips with the reason, except
 * under CI=true, where it fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import type { SloView } from '../../../src/engines/slo/slo-views.js';
import { createAnalysisService } from '../../../src/service/analysis-service.js';
import type { AnalysisService } from '../../../src/service/types.js';
import { trafficRequest } from './otlp-traffic.js';
import type { Totals } from './otlp-traffic.js';

const PROMETHEUS = '/usr/bin/prometheus';
const probe = spawnSync(PROMETHEUS, ['--version'], { encoding: 'utf8' });
const available = probe.error === undefined && probe.status === 0;
const inCi = process.env.CI === 'true';
if (!available && !inCi) {
  console.warn(
    `SKIPPED Prometheus cross-check: ${PROMETHEUS} is not installed (Debian package "prometheus")`,
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let dir: string | undefined;
let prometheus: ChildProcess | undefined;
let service: AnalysisService | undefined;
afterEach(async () => {
  prometheus?.kill('SIGTERM');
  prometheus = undefined;
  await service?.shutdown();
  service = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function promQuery(base: string, query: string): Promise<number> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as {
    status: string;
    data?: { result: { value: [number, string] }[] };
    error?: string;
  };
  if (body.status !== 'success') throw new Error(`${query}: ${body.error ?? res.status}`);
  const value = body.data?.result[0]?.value[1];
  if (value === undefined) throw new Error(`${query}: no result`);
  return Number(value);
}

describe.skipIf(!available && !inCi)('burn rates against Prometheus', () => {
  it('agree within 1 % with increase() over the same windows', { timeout: 60_000 }, async () => {
    expect(probe.error?.message ?? '', `${PROMETHEUS} must be installed`).toBe('');
    dir = await mkdtemp(join(tmpdir(), 'slo-prometheus-'));
    const yaml = [
      'receivers:',
      '  otlp:',
      '    protocols:',
      '      http: { endpoint: 127.0.0.1:0 }',
      'api: { endpoint: 127.0.0.1:0 }',
      `store: sqlite:${join(dir, 'state.db')}`,
      'slo:',
      '  builtin: false',
      '  evaluation_interval: 1s',
      '  group_by: [service.name]',
      '  alert_windows:',
      '    - { severity: page, long: 30s, short: 10s, budget_consumed: 0.02 }',
      '  objectives:',
      '    app_errors:',
      '      objective: 0.99',
      '      ratio: { total: { metric: app.ops }, bad: { metric: app.errors } }',
      '',
    ].join('\n');
    const parsed = parseConfig(yaml, { file: 'cross-check.yaml' });
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    service = createAnalysisService(parsed.value);
    const addresses = await service.start();
    const api = new URL(addresses.api as string);

    const promPort = await freePort();
    await writeFile(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: heterodyne',
        `    static_configs: [{ targets: ['${api.host}'] }]`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let promErrors = '';
    prometheus.stderr?.on('data', (chunk: Buffer) => (promErrors += chunk.toString()));
    const prom = `http://127.0.0.1:${promPort}`;
    // Wait until Prometheus scrapes the service, so it sees the counters from zero.
    for (let i = 0; ; i++) {
      const up = await promQuery(prom, 'up').catch(() => undefined);
      if (up === 1) break;
      if (i > 100) throw new Error(`Prometheus did not start scraping: ${promErrors}`);
      await sleep(200);
    }

    // The producer: cumulative totals every 250 ms, 200 operations per export.
    const start = Date.now();
    const totals: Totals = { ops: 0, errors: 0, buckets: [0, 0, 0, 0] };
    const otlp = addresses.otlpHttp as string;
    for (;;) {
      const elapsed = Date.now() - start;
      if (elapsed >= 22_000) break;
      if (elapsed >= 3000 && elapsed < 18_000) {
        totals.ops += 200;
        totals.errors += elapsed < 8000 ? 4 : 1; // 2 %, then 0.5 %
      }
      const res = await fetch(`${otlp}/v1/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: trafficRequest(totals, Date.now(), start),
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      await sleep(250);
    }
    await sleep(1500); // one more evaluation and scrape with the final totals

    const [slo] = ((await (await fetch(`${api.origin}/api/v1/slos`)).json()) as { slos: SloView[] })
      .slos;
    const group = slo?.groups[0];
    expect(group?.total).toBe(totals.ops);
    const ours30 = group?.burnRates['30s'] as number;
    const ours10 = group?.burnRates['10s'] as number;
    const budget = 1 - 0.99;
    const promBurn = (window: string): Promise<number> =>
      promQuery(
        prom,
        `sum(increase(app_errors_total[${window}])) / sum(increase(app_ops_total[${window}])) / ${budget}`,
      );
    const theirs30 = await promBurn('30s');
    const theirs10 = await promBurn('10s');
    expect(promErrors).toBe('');
    // By hand: 20 exports at 2 % and 40 at 0.5 % (± one export at each phase edge): the 30 s
    // window burns about (20 × 4 + 40 × 1) / (60 × 200) / 1 % = 1.0; the 10 s one 0.5.
    expect(ours30).toBeGreaterThan(0.8);
    expect(ours30).toBeLessThan(1.2);
    expect(ours10).toBeCloseTo(0.5, 9);
    expect(Math.abs(ours30 - theirs30) / theirs30).toBeLessThan(0.01);
    expect(Math.abs(ours10 - theirs10) / theirs10).toBeLessThan(0.01);
  });
});
