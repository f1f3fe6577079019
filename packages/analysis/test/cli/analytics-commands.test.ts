/**
 * `heterodyne-monitor anomalies|trends|forecasts` without a service: usage errors name the
 * flag, an unreachable API or an error answer exits 3 with the reason. (The tables against a
 * running service are tested in test/service/service-analytics.test.ts.)
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { analyticsCommand } from '../../src/cli/analytics-commands.js';
import { runCli } from '../../src/cli/run-cli.js';
import { fakeIo } from './fake-io.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(status: number, body: string, seen: string[] = []): Promise<string> {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('analytics commands', () => {
  it('reject a bad --since and --limit, and --since on trends', async () => {
    const io = fakeIo();
    expect(await analyticsCommand('anomalies', ['--since', 'soon'], io)).toBe(2);
    expect(io.err()).toMatch(/^anomalies: --since: /);
    const limit = fakeIo();
    expect(await analyticsCommand('forecasts', ['--limit', '0'], limit)).toBe(2);
    expect(limit.err()).toMatch(/--limit: must be a whole number/);
    const since = fakeIo();
    expect(await analyticsCommand('trends', ['--since', '1h'], since)).toBe(2);
  });

  it('send the filters and --since as ms since the epoch', async () => {
    const seen: string[] = [];
    const url = await serve(200, '{"anomalies": []}', seen);
    const io = fakeIo();
    const code = await analyticsCommand(
      'anomalies',
      ['--url', url, '--metric', 'm', '--operation', 'fit', '--since', '1h', '--limit', '5'],
      io,
      { nowMillis: () => 10_000_000 },
    );
    expect(code).toBe(0);
    expect(seen).toEqual(['/api/v1/anomalies?metric=m&operation=fit&limit=5&since=6400000']);
    expect(io.out()).toBe('no anomalies\n');
  });

  it('exit 3 with the API error, or when nothing listens', async () => {
    const url = await serve(404, '{"error": "no trend engine runs in this service"}');
    const io = fakeIo();
    expect(await analyticsCommand('trends', ['--url', url], io)).toBe(3);
    expect(io.err()).toMatch(/HTTP 404: no trend engine runs/);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const down = fakeIo();
    expect(await analyticsCommand('forecasts', ['--url', url], down)).toBe(3);
    expect(down.err()).toMatch(/cannot read .*ECONNREFUSED/);
  });

  it('are reachable from the command line', async () => {
    const io = fakeIo();
    expect(await runCli(['forecasts', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: heterodyne-monitor forecasts/);
  });
});
