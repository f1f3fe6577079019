import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrometheusServer } from '../../src/exporters/prometheus-server.js';
import type { PrometheusServer } from '../../src/exporters/prometheus-server.js';
import { PROMETHEUS_CONTENT_TYPE } from '../../src/exporters/prometheus-text.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createPrometheusServer', () => {
  let server: PrometheusServer | undefined;
  afterEach(async () => {
    await server?.shutdown();
    server = undefined;
  });

  async function start(
    render: () => Promise<string> | AsyncIterable<string>,
    path?: string,
  ): Promise<number> {
    server = createPrometheusServer({ host: '127.0.0.1', port: 0, path, render });
    return (await server.start()).port;
  }

  it('answers a scrape with the rendered text and the 0.0.4 content type', async () => {
    let scrapes = 0;
    const port = await start(async () => `# TYPE up gauge\nup ${++scrapes}\n`);
    const first = await send(port, 'GET', '/metrics');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(first.body.toString()).toBe('# TYPE up gauge\nup 1\n');
    const second = await send(port, 'GET', '/metrics?x=1');
    expect(second.body.toString()).toBe('# TYPE up gauge\nup 2\n');
  });

  it('streams chunks as they are rendered, without a Content-Length, gzip included', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `big{i="${i}"} ${i}\n`);
    async function* chunks(): AsyncGenerator<string> {
      yield '# TYPE big gauge\n';
      for (let i = 0; i < lines.length; i += 100) yield lines.slice(i, i + 100).join('');
    }
    const port = await start(chunks);
    const plain = await send(port, 'GET', '/metrics');
    expect(plain.headers['transfer-encoding']).toBe('chunked');
    expect(plain.headers['content-length']).toBeUndefined();
    expect(plain.body.toString()).toBe(`# TYPE big gauge\n${lines.join('')}`);
    const zipped = await send(port, 'GET', '/metrics', { 'Accept-Encoding': 'gzip' });
    expect(gunzipSync(zipped.body).toString()).toBe(`# TYPE big gauge\n${lines.join('')}`);
  });

  it('aborts a response whose rendering fails after the first chunk, and keeps serving', async () => {
    let fail = true;
    async function* chunks(): AsyncGenerator<string> {
      yield '# TYPE up gauge\n';
      if (fail) throw new Error('store closed');
      yield 'up 1\n';
    }
    const port = await start(chunks);
    // A truncated answer must not look like a complete scrape: the connection is cut.
    await expect(send(port, 'GET', '/metrics')).rejects.toThrow();
    fail = false;
    expect((await send(port, 'GET', '/metrics')).body.toString()).toBe('# TYPE up gauge\nup 1\n');
  });

  it('compresses when the scraper accepts gzip, as Prometheus does', async () => {
    const text = `# TYPE big gauge\n${Array.from({ length: 200 }, (_, i) => `big{i="${i}"} ${i}`).join('\n')}\n`;
    const port = await start(async () => text);
    const reply = await send(port, 'GET', '/metrics', { 'Accept-Encoding': 'gzip' });
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.body.length).toBeLessThan(Buffer.byteLength(text));
    expect(gunzipSync(reply.body).toString()).toBe(text);
  });

  it('answers HEAD without a body, other methods 405 and other paths 404', async () => {
    const port = await start(async () => 'up 1\n', '/custom');
    const head = await send(port, 'HEAD', '/custom');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(head.body.length).toBe(0);
    const post = await send(port, 'POST', '/custom');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await send(port, 'GET', '/metrics')).status).toBe(404);
  });

  it('answers 500 with the reason when rendering fails, and keeps serving', async () => {
    let fail = true;
    const port = await start(async () => {
      if (fail) throw new Error('collection timed out');
      return 'up 1\n';
    });
    const failed = await send(port, 'GET', '/metrics');
    expect(failed.status).toBe(500);
    expect(failed.body.toString()).toBe('error rendering metrics: collection timed out\n');
    fail = false;
    expect((await send(port, 'GET', '/metrics')).status).toBe(200);
  });

  it('ends a keep-alive connection whose scrape is in flight at shutdown, and stops', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let rendering: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (rendering = resolve));
    const port = await start(async () => {
      rendering();
      await gate;
      return 'up 1\n';
    });
    const agent = new Agent({ keepAlive: true });
    try {
      const reply = new Promise<Reply>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/metrics', agent }, (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) }),
          );
        });
        req.on('error', reject);
        req.end();
      });
      await started;
      const stopped = server?.shutdown();
      release();
      const answer = await reply;
      expect(answer.status).toBe(200);
      expect(answer.headers.connection).toBe('close');
      await stopped;
    } finally {
      agent.destroy();
    }
  });

  it('closes connections still open after the grace period', async () => {
    let rendering: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (rendering = resolve));
    server = createPrometheusServer({
      host: '127.0.0.1',
      port: 0,
      // A scrape that never finishes.
      render: () => {
        rendering();
        return new Promise<string>(() => undefined);
      },
      shutdownGraceMillis: 1,
    });
    const { port } = await server.start();
    const outcome = send(port, 'GET', '/metrics').then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await started;
    await server.shutdown();
    expect(await outcome).toBe('ECONNRESET');
  });

  it('refuses a second start and shuts down idempotently', async () => {
    await start(async () => '');
    await expect(server?.start()).rejects.toThrow(/start\(\) called twice/);
    await server?.shutdown();
    await server?.shutdown();
  });
});
