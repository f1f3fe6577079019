/**
 * `GET /report` is a read route like `/api/v1/*` (bearer token required when configured), and
 * `heterodyne-monitor report` says clearly what went wrong: a service it cannot reach, an
 * error answer, an answer that is not a report, a file it cannot write (leaving nothing
 * behind). Served from an embedded monitor's backend (a real one) on loopback.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiServer } from '../../src/api/api-server.js';
import type { ApiServer } from '../../src/api/api-server.js';
import { reportCommand } from '../../src/cli/report-command.js';
import { ContinuousOptimizationMonitor } from '../../src/embedded/continuous-optimization-monitor.js';
import { classifyFindings } from '../../src/report/report-findings.js';
import type { Finding } from '../../src/engines/findings.js';
import { fakeIo } from '../cli/fake-io.js';

let dir: string;
let monitor: ContinuousOptimizationMonitor;
let server: ApiServer;
let url: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'report-route-'));
  monitor = new ContinuousOptimizationMonitor({ memoryGauge: false });
  await monitor.startMonitoring();
  monitor.monitorOperation('fit', () => 1);
  server = createApiServer({ backend: monitor.backend()!, port: 0, bearerTokens: ['s3cret'] });
  url = (await server.start()).url;
});
afterEach(async () => {
  await server.shutdown();
  await monitor.stopMonitoring();
  await rm(dir, { recursive: true, force: true });
});

describe('GET /report', () => {
  it('needs the bearer token like the other read routes', async () => {
    const anonymous = await fetch(`${url}/report`);
    expect(anonymous.status).toBe(401);
    const res = await fetch(`${url}/report`, { headers: { authorization: 'Bearer s3cret' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await res.text()).toMatch(/^<!doctype html>/);
    const unknown = await fetch(`${url}/report?foo=1`, {
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(unknown.status).toBe(400);
  });
});

describe('heterodyne-monitor report', () => {
  it('reports an error answer with its status and message, and writes nothing', async () => {
    const io = fakeIo();
    const output = join(dir, 'r.html');
    expect(await reportCommand(['--url', url, '-o', output], io)).toBe(3);
    expect(io.err()).toContain('HTTP 401: authorization: missing bearer token');
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a service it cannot reach', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const io = fakeIo();
    expect(await reportCommand(['--url', `127.0.0.1:${port}`, '-o', join(dir, 'r.html')], io)).toBe(
      3,
    );
    expect(io.err()).toMatch(
      /report: cannot read http:\/\/127\.0\.0\.1:\d+\/report: .*ECONNREFUSED/,
    );
  });

  it('refuses an answer that is not an HTML report', async () => {
    const other = createServer((_req, res) => res.end('{"ok":true}'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const io = fakeIo();
      const port = (other.address() as AddressInfo).port;
      expect(
        await reportCommand(['--url', `http://127.0.0.1:${port}`, '-o', join(dir, 'r.html')], io),
      ).toBe(3);
      expect(io.err()).toContain('not an HTML report');
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('names a bad --series and an output it cannot write', async () => {
    const usage = fakeIo();
    expect(await reportCommand(['--url', url, '--series', 'many'], usage)).toBe(2);
    expect(usage.err()).toContain('--series');
    const token = fakeIo();
    const server2 = createApiServer({ backend: monitor.backend()!, port: 0 });
    const open = (await server2.start()).url;
    try {
      const missing = join(dir, 'no-such-dir', 'r.html');
      expect(await reportCommand(['--url', open, '-o', missing], token)).toBe(3);
      expect(token.err()).toContain(`cannot write ${missing}`);
      const ok = fakeIo();
      expect(await reportCommand(['--url', open, '-o', join(dir, 'r.html')], ok)).toBe(0);
      expect(ok.out()).toContain('report written to');
      expect(await readdir(dir)).toEqual(['r.html']);
    } finally {
      await server2.shutdown();
    }
  });
});

describe('classifyFindings', () => {
  const base: Finding = {
    engine: 'anomaly',
    kind: 'anomaly',
    severity: 'warning',
    state: 'firing',
    labels: { series_id: '3' },
    summary: 'spike',
    value: 9,
    startsAtMillis: 1000,
  };
  it('folds a firing and its resolution into one row and sorts findings by what they are', () => {
    const findings: Finding[] = [
      // Newest first, as the finding log lists them.
      { ...base, state: 'resolved', summary: 'back to normal', endsAtMillis: 5000 },
      { ...base, engine: 'optimization', kind: 'cache_tune', labels: {} },
      { ...base, engine: 'baselines', kind: 'drift', labels: { series: 'k' } },
      { ...base, engine: 'trend', kind: 'forecast_breach', labels: {} },
      { ...base, engine: 'slo', kind: 'slo.burn_rate.page', state: 'resolved', labels: {} },
      { ...base, engine: 'slo', kind: 'slo.burn_rate.ticket', labels: {} },
      base,
    ];
    const c = classifyFindings(findings);
    expect(c.anomalies).toEqual([
      expect.objectContaining({
        summary: 'spike',
        value: 9,
        state: 'resolved',
        endsAtMillis: 5000,
      }),
    ]);
    expect(c.opportunities.map((f) => f.kind)).toEqual(['cache_tune']);
    expect(c.drifts.map((f) => f.kind)).toEqual(['drift']);
    expect(c.forecasts.map((f) => f.kind)).toEqual(['forecast_breach']);
    // Only what fires now among the rest.
    expect(c.other.map((f) => f.kind)).toEqual(['slo.burn_rate.ticket']);
  });
});
