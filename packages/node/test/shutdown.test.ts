import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { OtlpProtocol } from '../src/types.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TIMEOUT_MILLIS = 1000;

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A loopback port whose connection attempts are refused. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** A loopback port that accepts connections and never answers. */
async function silentPort(): Promise<number> {
  const server = createNetServer((socket) => {
    sockets.push(socket);
    socket.resume(); // read the request, answer nothing
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program that starts monitoring against `port`, records a span and a counter, and
 * awaits `shutdown()`, printing how long it took and whether it resolved.
 */
function runProgram(port: number, protocol: OtlpProtocol, extra = ''): Promise<ChildRun> {
  if (!existsSync(DIST)) {
    throw new Error(`${DIST} is missing: build first (npm run build, or npm test which builds)`);
  }
  const script = `
    import { DiagLogLevel, metrics, trace } from '@opentelemetry/api';
    const { startMonitoring } = await import(${JSON.stringify(pathToFileURL(DIST).href)});
    const monitoring = startMonitoring({
      serviceName: 'finished-analysis',
      protocol: ${JSON.stringify(protocol)},
      endpoint: 'http://127.0.0.1:${port}',
      resourceDetectors: [],
      logLevel: DiagLogLevel.ERROR,
      shutdownTimeoutMillis: ${TIMEOUT_MILLIS},
      ${extra}
    });
    trace.getTracer('analysis').startSpan('fit').end();
    metrics.getMeter('analysis').createCounter('fits').add(1);
    const started = performance.now();
    await monitoring.shutdown();
    console.log('shutdown resolved after ' + Math.round(performance.now() - started) + ' ms');
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: PACKAGE,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

function resolvedAfterMillis(run: ChildRun): number {
  const match = /shutdown resolved after (\d+) ms/.exec(run.stdout);
  if (match === null) throw new Error(`shutdown did not resolve: ${run.stdout}${run.stderr}`);
  return Number(match[1]);
}

describe('shutdown() with the receiver down', () => {
  // The exporter's own retries would take about 8.6 s against a refused port, and its
  // request timeout 10 s against a silent one; shutdown ends at its deadline instead. The
  // bound below is the deadline plus generous start-up slack, far below those.
  const bound = TIMEOUT_MILLIS + 4000;

  it.each<OtlpProtocol>(['http/protobuf', 'grpc'])(
    'resolves within its timeout, reports through diag and exits 0 on a refused port (%s)',
    async (protocol) => {
      const run = await runProgram(await closedPort(), protocol);
      expect(run.code).toBe(0);
      expect(resolvedAfterMillis(run)).toBeLessThan(bound);
      expect(run.stderr).toMatch(/spans and metrics not yet exported were dropped/);
    },
  );

  it('resolves within its timeout and exits 0 when the receiver never answers', async () => {
    const run = await runProgram(await silentPort(), 'http/protobuf');
    expect(run.code).toBe(0);
    expect(resolvedAfterMillis(run)).toBeLessThan(bound);
    expect(run.stderr).toMatch(/shutdown did not finish within 1000 ms \(shutdownTimeoutMillis\)/);
  });

  it('rejects into the program only when asked to', async () => {
    const run = await runProgram(
      await closedPort(),
      'http/protobuf',
      'rejectOnShutdownFailure: true,',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/shutdown resolved/);
    expect(run.stderr).toMatch(/startMonitoring: shutdown/);
  });
});
