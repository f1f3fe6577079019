import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseOtlpHeaders, readReplayTarget, statusMessage } from '../../src/cli/replay-remote.js';
import { runCli } from '../../src/cli/run-cli.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import type { MetricsRequest } from '../../src/otlp/model.js';
import { encodeExportResponse, encodeRpcStatus } from '../../src/otlp/responses.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { sqliteDurabilityDir } from '../../src/service/service-core.js';
import { restoreCheckpoint } from '../../src/wal/checkpoint-reader.js';
import { loopbackServiceYaml, occupyLoopbackPort } from '../helpers/loopback.js';
import { gauge, numberPoint, resource } from '../exporters/model-builders.js';
import { fakeIo } from './fake-io.js';

const RECORDED = { 'service.name': 'recorded' };
const REC_SCOPE = { name: 'rec', version: '' };

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

let dir: string;
const children: ChildProcess[] = [];
const servers: Server[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replay-to-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await rm(dir, { recursive: true, force: true });
});

/** A gauge point at `seconds` after `t0` (ns) as a metrics request. */
function gaugeRequest(value: number, t0: number, seconds: number): MetricsRequest {
  const point = { ...numberPoint(value), startTimeUnixNano: 0, timeUnixNano: t0 + seconds * 1e9 };
  const metric = gauge('rec.temperature', 'Cel', [{ ...point, isInt: false }]);
  return { resourceMetrics: [resource(RECORDED, [metric], REC_SCOPE)] };
}

/** Starts `serve` in a child process; resolves with it and its OTLP/HTTP URL. */
async function serveInChild(db: string): Promise<{ child: ChildProcess; otlpHttp: string }> {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: build first (npm run build, or npm test which builds)`);
  }
  const file = join(dir, 'serve.yaml');
  await writeFile(file, loopbackServiceYaml(db));
  const child = spawn(process.execPath, [MAIN, 'serve', '--config', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const otlpHttp = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /^ {2}OTLP\/HTTP +(\S+)$/m.exec(out)?.[1];
      if (url !== undefined) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, otlpHttp };
}

async function stopChild(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('heterodyne-monitor replay into a running service', () => {
  it('refuses the store a service holds, naming its pid, and --to delivers to it', async () => {
    const db = join(dir, 'service.db');
    const { child, otlpHttp } = await serveInChild(db);
    const t0 = Date.now() * 1e6;
    const first = join(dir, 'rec-metrics-1.pb');
    const second = join(dir, 'rec-metrics-2.pb');
    await writeFile(first, encodeMetricsProtobuf(gaugeRequest(21.5, t0, 1)));
    await writeFile(second, encodeMetricsProtobuf(gaugeRequest(22, t0, 2)));

    const config = join(dir, 'replay.yaml');
    await writeFile(config, `store: sqlite:${db}\n`);
    const direct = fakeIo();
    expect(await runCli(['replay', first, '--config', config], direct)).toBe(3);
    expect(direct.err()).toContain(`is in use by process ${child.pid} (`);
    expect(direct.err()).toMatch(/replay --to http:\/\/HOST:4318/);

    const io = fakeIo();
    expect(await runCli(['replay', first, second, '--to', otlpHttp], io)).toBe(0);
    expect(io.out()).toMatch(/^replayed 2 files: 2 requests, 2 points accepted, 0 rejected/);
    expect(io.out()).toContain(`sent to ${otlpHttp}`);
    expect(io.err()).toContain(`[2/2] ${second}: 1 requests, 1 points accepted, 0 rejected`);

    // The service checkpoints what it received when it stops (a checkpoint file beside it).
    expect(await stopChild(child)).toBe(0);
    const series = createSeriesStore();
    const restored = await restoreCheckpoint(sqliteDurabilityDir(db), series);
    expect(restored.path).toBeDefined();
    const [info] = series.listSeries({ metric: 'rec.temperature' });
    expect((series.recentSamples(info?.id ?? -1, 10) ?? []).map((s) => s.value)).toEqual([
      21.5, 22,
    ]);
  });

  it('stops with exit 3 when nothing listens at --to', async () => {
    const closed = await occupyLoopbackPort();
    closed.release(); // a port that was just free: connections are refused
    await new Promise((r) => setTimeout(r, 50));
    const file = join(dir, 'rec-metrics.pb');
    await writeFile(file, encodeMetricsProtobuf(gaugeRequest(1, Date.now() * 1e6, 1)));
    const io = fakeIo();
    const code = await runCli(
      ['replay', file, file, '--to', `http://127.0.0.1:${closed.port}`],
      io,
    );
    expect(code).toBe(3);
    expect(io.err()).toMatch(/cannot send to http:\/\/127\.0\.0\.1:\d+\/v1\/metrics: ECONNREFUSED/);
    expect(io.err()).toMatch(/replay: stopped: /);
    // It stopped at the first file instead of failing every request the same way.
    expect(io.out()).toMatch(
      /^replayed 2 files: 0 requests, 0 points accepted, 0 rejected.*1 error\n/,
    );
  });

  it('retries 503 with Retry-After, counts partial success as rejected, sends OTLP headers', async () => {
    const seen: { path: string; type: string; auth: string }[] = [];
    let calls = 0;
    const server = createServer((req: IncomingMessage, res) => {
      req.resume();
      req.on('end', () => {
        seen.push({
          path: req.url ?? '',
          type: req.headers['content-type'] ?? '',
          auth: req.headers.authorization ?? '',
        });
        calls++;
        if (calls === 1) {
          res.writeHead(503, { 'Retry-After': '0', 'Content-Type': 'application/x-protobuf' });
          res.end(encodeRpcStatus({ code: 14, message: 'draining' }, 'protobuf'));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/x-protobuf' });
        res.end(
          encodeExportResponse('metrics', 'protobuf', { rejected: 1, errorMessage: 'too old' }),
        );
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const file = join(dir, 'rec-metrics.pb');
    await writeFile(file, encodeMetricsProtobuf(gaugeRequest(1, Date.now() * 1e6, 1)));
    const io = fakeIo({ OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20s3cret' });
    expect(await runCli(['replay', file, '--to', `http://127.0.0.1:${port}/`], io)).toBe(0);
    expect(seen).toEqual([
      { path: '/v1/metrics', type: 'application/x-protobuf', auth: 'Bearer s3cret' },
      { path: '/v1/metrics', type: 'application/x-protobuf', auth: 'Bearer s3cret' },
    ]);
    expect(io.out()).toMatch(/^replayed 1 file: 1 requests, 0 points accepted, 1 rejected/);
    expect(io.err()).toContain(`${file}: 1 points rejected: too old`);
  });

  it('refuses --to together with --config, and a URL that is not http', async () => {
    const io = fakeIo();
    expect(await runCli(['replay', 'x.pb', '--to', 'http://h:4318', '-c', 'c.yaml'], io)).toBe(2);
    expect(io.err()).toMatch(/--to sends to a running service.*drop --config/);
    const bad = fakeIo();
    expect(await runCli(['replay', 'x.pb', '--to', 'grpc://h:4317'], bad)).toBe(2);
    expect(bad.err()).toMatch(/must be an http:\/\/ or https:\/\/ OTLP\/HTTP endpoint/);
  });
});

describe('replay --to helpers', () => {
  it.each([
    ['http://h:4318', 'http://h:4318/'],
    ['http://h:4318/', 'http://h:4318/'],
    ['https://h/otlp/v1/metrics', 'https://h/otlp'],
    ['http://h:4318/v1/logs/', 'http://h:4318/'],
  ])('reads %s as the base %s', (text, base) => {
    const read = readReplayTarget(text);
    expect(read.ok && read.value.toString()).toBe(base);
  });

  it('parses OTEL_EXPORTER_OTLP_HEADERS', () => {
    expect(parseOtlpHeaders('a=1, Authorization=Bearer%20x ,bad,=y')).toEqual({
      a: '1',
      Authorization: 'Bearer x',
    });
    expect(parseOtlpHeaders(undefined)).toEqual({});
  });

  it('reads the message of a google.rpc.Status body', () => {
    expect(statusMessage(encodeRpcStatus({ code: 3, message: 'bad' }, 'protobuf'), false)).toBe(
      'bad',
    );
    expect(statusMessage(encodeRpcStatus({ code: 3, message: 'bad' }, 'json'), true)).toBe('bad');
    expect(statusMessage(new Uint8Array([0xff]), false)).toBeUndefined();
  });
});
