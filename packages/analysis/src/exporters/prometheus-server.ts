/**
 * Serving Prometheus scrapes: a request handler any `node:http` server can mount (the API
 * server mounts it at `/metrics` by default), and a small server of its own for
 * `exporters.prometheus.endpoint`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js';

/** Renders the exposition text of one scrape, whole or as chunks. */
export type RenderMetrics = () => Promise<string> | AsyncIterable<string>;

/** Resolves once `sink` drains or the response closes (a scraper that went away). */
function drained(sink: Writable, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      sink.off('drain', done);
      res.off('close', done);
      resolve();
    };
    sink.on('drain', done);
    res.on('close', done);
  });
}

async function* once(text: Promise<string>): AsyncGenerator<string> {
  yield await text;
}

/**
 * Writes a scrape's chunks as they come (chunked transfer encoding, gzip when the scraper
 * accepts it, as Prometheus does), waiting for the socket to drain between chunks. A failure
 * before the first chunk is a 500 with the reason; a failure after it aborts the response,
 * so the scraper records a failed scrape rather than a truncated one. A scraper that goes
 * away ends the rendering.
 */
export async function writeScrape(
  req: IncomingMessage,
  res: ServerResponse,
  chunks: AsyncIterable<string>,
  headers: Record<string, string> = {},
): Promise<void> {
  const iterator = chunks[Symbol.asyncIterator]();
  let next: IteratorResult<string>;
  try {
    next = await iterator.next();
  } catch (error) {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`error rendering metrics: ${error instanceof Error ? error.message : String(error)}\n`);
    return;
  }
  const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const head: Record<string, string> = { ...headers, 'Content-Type': PROMETHEUS_CONTENT_TYPE };
  if (acceptsGzip) head['Content-Encoding'] = 'gzip';
  res.writeHead(200, head);
  if (req.method === 'HEAD') {
    await iterator.return?.();
    res.end();
    return;
  }
  // Level 1: scrapes are large and frequent; speed matters more than the last few percent.
  const gzip = acceptsGzip ? createGzip({ level: 1 }) : undefined;
  gzip?.pipe(res);
  const sink: Writable = gzip ?? res;
  try {
    while (next.done !== true) {
      if (res.destroyed) {
        await iterator.return?.();
        return;
      }
      if (!sink.write(next.value)) await drained(sink, res);
      next = await iterator.next();
    }
    sink.end();
  } catch (error) {
    gzip?.destroy();
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Answers one scrape: `GET`/`HEAD` get the text (streamed, see {@link writeScrape}), other
 * methods 405.
 */
export async function handlePrometheusScrape(
  req: IncomingMessage,
  res: ServerResponse,
  render: RenderMetrics,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('method not allowed: use GET\n');
    return;
  }
  let rendered: Promise<string> | AsyncIterable<string>;
  try {
    rendered = render();
  } catch (error) {
    rendered = Promise.reject(error);
  }
  await writeScrape(req, res, rendered instanceof Promise ? once(rendered) : rendered);
}

/** Options of {@link createPrometheusServer}. */
export interface PrometheusServerOptions {
  /** Address to bind. */
  host: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** Path of the scrape endpoint. @default '/metrics' */
  path?: string;
  render: RenderMetrics;
  /**
   * How long `shutdown()` waits for scrapes in flight before closing their connections, in
   * milliseconds.
   * @default 5000
   */
  shutdownGraceMillis?: number;
}

/** A started scrape server. */
export interface PrometheusServer {
  /** Binds and listens; resolves with the bound address. */
  start(): Promise<{ host: string; port: number }>;
  /**
   * Stops listening, closes idle connections, answers scrapes in flight with
   * `Connection: close` and closes what is still open after the grace period. Idempotent.
   */
  shutdown(): Promise<void>;
}

/** Creates a server that answers scrapes at `path` and 404 elsewhere. */
export function createPrometheusServer(options: PrometheusServerOptions): PrometheusServer {
  const path = options.path ?? '/metrics';
  const graceMillis = options.shutdownGraceMillis ?? 5000;
  let server: Server | undefined;
  let closing = false;
  // Scrapers keep connections alive: once shutting down, every answer not yet written ends
  // its connection, so that `close()` completes when the scrapes in flight do.
  const inFlight = new Set<ServerResponse>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    const pathname = (req.url ?? '/').split('?', 1)[0];
    if (pathname !== path) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`not found: scrape ${path}\n`);
      return;
    }
    handlePrometheusScrape(req, res, options.render).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  };
  return {
    async start() {
      if (server) throw new Error('createPrometheusServer: start() called twice');
      const s = createServer(handle);
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(options.port, options.host, () => {
          s.off('error', reject);
          resolve();
        });
      });
      const address = s.address() as AddressInfo;
      return { host: address.address, port: address.port };
    },
    async shutdown() {
      const s = server;
      if (!s || !s.listening) return;
      closing = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const timer = setTimeout(() => s.closeAllConnections(), graceMillis);
      timer.unref();
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
      clearTimeout(timer);
    },
  };
}
