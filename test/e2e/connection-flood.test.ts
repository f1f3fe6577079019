/**
 * A flood of slow-header connections against the built service in a child process with a
 * small file-descriptor limit (`ulimit -n 256`): more connections than the process can hold
 * open. With the OTLP/HTTP connection cap the oldest idle ones are closed, so OTLP and the
 * API keep answering; without it the process runs out of descriptors and stops accepting.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { sqliteUrl, tempDir, testConfigYaml } from './helpers/service.js';

const ANALYSIS = fileURLToPath(new URL('../../packages/analysis/dist/index.js', import.meta.url));
const cleanup = useCleanup();

/** Starts the service from `yaml` in a child under `ulimit -n`; resolves with its addresses. */
function startChild(
  yaml: string,
  maxFiles: number,
): Promise<{ child: ChildProcess; otlpHttp: string; api: string }> {
  const script = [
    `import { createAnalysisService, parseConfig } from ${JSON.stringify(ANALYSIS)};`,
    'const parsed = parseConfig(process.env.SERVICE_YAML, { file: "flood.yaml" });',
    'if (!parsed.ok) { console.error(parsed.error.map((e) => e.message).join("\\n")); process.exit(2); }',
    'const service = createAnalysisService(parsed.value, { checkpointIntervalMillis: 0 });',
    'const addresses = await service.start();',
    'console.log(JSON.stringify(addresses));',
    'process.on("SIGTERM", () => service.shutdown().then(() => process.exit(0)));',
  ].join('\n');
  const child = spawn(
    'sh',
    ['-c', `ulimit -n ${maxFiles} && exec "$0" --input-type=module -e "$SCRIPT"`, process.execPath],
    {
      env: { ...process.env, SERVICE_YAML: yaml, SCRIPT: script },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) return;
      const addresses = JSON.parse(line) as { otlpHttp: string; api: string };
      resolve({ child, ...addresses });
    });
    child.once('exit', (code) => reject(new Error(`service exited with ${code}: ${err}`)));
  });
}

async function answers(url: string, init?: RequestInit): Promise<number> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return res.status;
}

describe('slow-header flood', () => {
  it('keeps OTLP/HTTP and the API reachable with 400 slow-header connections under ulimit -n 256', async () => {
    const { dir, remove } = await tempDir('e2e-flood-');
    cleanup.push(remove);
    const yaml = testConfigYaml(sqliteUrl(dir)).replace(
      '        endpoint: 127.0.0.1:0\n      grpc:',
      '        endpoint: 127.0.0.1:0\n        max_connections: 100\n      grpc:',
    );
    expect(yaml).toContain('max_connections: 100');
    const { child, otlpHttp, api } = await startChild(yaml, 256);
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    );
    const { port } = new URL(otlpHttp);
    const sockets: Socket[] = [];
    cleanup.push(() => sockets.forEach((s) => s.destroy()));
    for (let i = 0; i < 400; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => {});
      socket.write('POST /v1/metrics HTTP/1.1\r\nHost: x\r\n'); // the headers never end
      sockets.push(socket);
      if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const body = JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'flood.gauge',
                  gauge: { dataPoints: [{ timeUnixNano: String(Date.now() * 1e6), asDouble: 1 }] },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(
      await answers(`${otlpHttp}/v1/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
    ).toBe(200);
    expect(await answers(`${api}/healthz`)).toBe(200);
  });
});
