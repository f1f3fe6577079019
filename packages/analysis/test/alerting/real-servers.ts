/** Real servers on loopback for the channel tests: an HTTP recorder and Alertmanager. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One request the recorder received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback HTTP server that records requests and answers with `respond`. */
export async function startRecorder(
  respond: (req: RecordedRequest, index: number) => { status: number; body?: string } = () => ({
    status: 200,
  }),
): Promise<{ url: string; requests: RecordedRequest[]; close: () => Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = requests.length;
      requests.push(recorded);
      const answer = respond(recorded, index);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A free loopback port (closed again before returning). */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Path of Debian's Alertmanager. */
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** Whether the Alertmanager binary exists; under CI=true its absence fails the suite. */
export function alertmanagerAvailable(): boolean {
  if (existsSync(ALERTMANAGER_BIN)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`${ALERTMANAGER_BIN} is missing: install the prometheus-alertmanager package`);
  }
  console.warn(
    `SKIPPED: Alertmanager tests need ${ALERTMANAGER_BIN} (Debian package prometheus-alertmanager)`,
  );
  return false;
}

/** A running Alertmanager on loopback with a temporary config and storage. */
export interface AlertmanagerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts Alertmanager with `configYaml`; resolves once `/-/ready` answers 200. */
export async function startAlertmanager(configYaml: string): Promise<AlertmanagerProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'heterodyne-am-'));
  const config = join(dir, 'alertmanager.yml');
  await writeFile(config, configYaml);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited: ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`alertmanager not ready within 20 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
