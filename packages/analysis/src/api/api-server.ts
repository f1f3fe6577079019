import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeScrape } from '../exporters/prometheus-server.js';
import { createApiTokenCheck } from '../auth/api-tokens.js';
import type { ApiPrincipal, ApiToken } from '../auth/api-tokens.js';
import { roleAllows } from '../auth/roles.js';
import { guardConnections } from '../receivers/connection-guard.js';
import { isBaselinePath, MAX_BASELINE_BODY_BYTES, routeBaselines } from './baseline-routes.js';
import { isAlertingPath, MAX_ALERTING_BODY_BYTES, routeAlerting } from './alert-routes.js';
import { isProposalPath, MAX_PROPOSAL_BODY_BYTES, routeProposals } from './proposal-routes.js';
import { createRouteAccess } from './route-table.js';
import { errorReply, route } from './routes.js';
import type { Reply, RouteSet } from './routes.js';
import type { ApiBackend } from './types.js';

/** Options of {@link createApiServer}. */
export interface ApiServerOptions {
  /** What the routes read from. */
  backend: ApiBackend;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port to listen on; 0 picks a free port. @default 8080 */
  port?: number;
  /**
   * Accepted bearer tokens, each with the role `admin` (tokens without a role).
   * @default []
   */
  bearerTokens?: readonly string[];
  /**
   * Accepted bearer tokens with their roles and names. When this or `bearerTokens` is
   * non-empty, every route except `/healthz` and `/readyz` requires
   * `Authorization: Bearer <token>` of a role the route table (`route-table.ts`) allows.
   * @default [] (no authentication)
   */
  apiTokens?: readonly ApiToken[];
  /** Serve `/healthz`, `/readyz` and `/api/v1/*`. @default true */
  serveApi?: boolean;
  /** Path of the Prometheus scrape endpoint, or `false` not to serve it here. @default '/metrics' */
  metricsPath?: string | false;
  /** Called with errors a route threw (the client gets a 500). @default no-op */
  onError?: (error: unknown, request: { method: string; path: string }) => void;
  /** Milliseconds `shutdown()` waits for in-flight requests before closing sockets. @default 5000 */
  shutdownGraceMillis?: number;
  /**
   * Most open connections; past it the connection idle the longest (a client still
   * sending its headers, an idle keep-alive one) is closed to make room.
   * @default 256
   */
  maxConnections?: number;
  /** Time a client has to send a request's headers, in milliseconds. @default 10000 */
  headersTimeoutMillis?: number;
}

/** A running (or startable) API server. */
export interface ApiServer {
  /** Listens; resolves with the bound address. */
  start(): Promise<{ host: string; port: number; url: string }>;
  /** Stops accepting connections and waits for in-flight requests (bounded by the grace period). */
  shutdown(): Promise<void>;
  /** `http://host:port` once started, else undefined. */
  readonly url: string | undefined;
  /** True while listening. */
  readonly listening: boolean;
}

/**
 * The HTTP JSON API on `node:http`: `/healthz`, `/readyz`, `/api/v1/status`,
 * `/api/v1/series`, `/api/v1/series/<id>/samples`, the baseline routes
 * (`baseline-routes.ts`), the alerting routes (`alert-routes.ts`) and the Prometheus
 * `/metrics` scrape. GET and HEAD are served everywhere; POST on the baseline routes
 * (versions and rollback) and POST and DELETE on the alerting routes; every error is a JSON
 * body naming what was wrong.
 */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  const auth = createApiTokenCheck([
    ...(options.bearerTokens ?? []).map((token, i) => ({
      token,
      role: 'admin' as const,
      name: `token-${i + 1}`,
    })),
    ...(options.apiTokens ?? []),
  ]);
  const routes: RouteSet = {
    api: options.serveApi ?? true,
    metricsPath: options.metricsPath === false ? undefined : (options.metricsPath ?? '/metrics'),
  };
  const access = createRouteAccess(routes.metricsPath);
  const graceMillis = options.shutdownGraceMillis ?? 5000;
  let server: Server | undefined;
  let url: string | undefined;
  // Once shutting down, every answer not yet written ends its connection (clients keep
  // connections alive), so that shutdown completes when the requests in flight do.
  let closing = false;
  const inFlight = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    // Only the baseline and alerting writes read a body; discard any other so the socket
    // stays usable.
    const path = pathOf(req.url);
    const baselineWrite = method === 'POST' && isBaselinePath(path);
    const alertingWrite = (method === 'POST' || method === 'DELETE') && isAlertingPath(path);
    const proposalWrite = method === 'POST' && isProposalPath(path);
    const writes = baselineWrite || alertingWrite || proposalWrite;
    const bodyLimit = baselineWrite
      ? MAX_BASELINE_BODY_BYTES
      : proposalWrite
        ? MAX_PROPOSAL_BODY_BYTES
        : MAX_ALERTING_BODY_BYTES;
    const body = writes ? readBody(req, bodyLimit) : undefined;
    if (body === undefined) req.resume();
    // Answers that never read the body (401, 405) must not leave its failure unhandled.
    else body.catch(() => undefined);
    let parsed: URL;
    try {
      parsed = new URL(req.url ?? '/', 'http://api.invalid');
    } catch {
      write(
        res,
        method,
        errorReply(400, `request target ${JSON.stringify(req.url)}: not a valid path`),
      );
      return;
    }
    const baselinePath = routes.api && isBaselinePath(parsed.pathname);
    // Access is decided first, so that nothing about a route (not even which methods it
    // takes) is answered to a client that may not call it.
    const needed = access.required(method, parsed.pathname);
    let principal: ApiPrincipal | undefined;
    if (needed !== 'public') {
      const check = auth(req.headers.authorization);
      if (!check.ok) {
        const why = check.reason === 'missing' ? 'missing bearer token' : 'invalid bearer token';
        const challenge =
          check.reason === 'missing'
            ? 'Bearer realm="heterodyne"'
            : 'Bearer realm="heterodyne", error="invalid_token"';
        write(
          res,
          method,
          errorReply(401, `authorization: ${why}`, { 'www-authenticate': challenge }),
        );
        return;
      }
      principal = check.principal;
      if (principal && !roleAllows(principal.role, needed)) {
        write(
          res,
          method,
          errorReply(
            403,
            `authorization: ${method} ${parsed.pathname} needs the ${needed} role; the token '${principal.name}' has ${principal.role}`,
          ),
        );
        return;
      }
    }
    if (method !== 'GET' && method !== 'HEAD' && !writes) {
      write(
        res,
        method,
        errorReply(405, `method ${method}: not allowed; use GET`, { allow: 'GET, HEAD' }),
      );
      return;
    }
    let reply: Reply;
    try {
      if (writes && routes.api) {
        const text = await body;
        if (text === undefined) {
          reply = errorReply(413, `request body: larger than ${bodyLimit} bytes`);
        } else if (baselineWrite) {
          reply = await routeBaselines('POST', parsed, text, options.backend.baselines);
        } else if (proposalWrite) {
          reply = await routeProposals(
            method,
            parsed,
            text,
            options.backend.approvals?.(),
            principal,
          );
        } else {
          reply = await routeAlerting(method, parsed, text, options.backend.alerting?.());
        }
      } else if (routes.api && isProposalPath(parsed.pathname)) {
        reply = await routeProposals(method, parsed, '', options.backend.approvals?.(), principal);
      } else if (baselinePath) {
        reply = await routeBaselines('GET', parsed, undefined, options.backend.baselines);
      } else {
        reply = await route(parsed, options.backend, routes);
      }
    } catch (error) {
      options.onError?.(error, { method, path: parsed.pathname });
      const message = error instanceof Error ? error.message : String(error);
      reply = errorReply(500, `internal error while serving ${parsed.pathname}: ${message}`);
    }
    if (reply.scrape !== undefined) {
      await writeScrape(req, res, reply.scrape(), { 'cache-control': 'no-store' });
      return;
    }
    write(res, method, reply);
  };

  return {
    get url() {
      return url;
    },
    get listening() {
      return server?.listening ?? false;
    },
    async start() {
      if (server) throw new Error('api server: already started');
      const headersTimeout = options.headersTimeoutMillis ?? 10_000;
      const s = createServer(
        { headersTimeout, requestTimeout: Math.max(headersTimeout, 60_000) },
        (req, res) => {
          if (closing) res.setHeader('connection', 'close');
          inFlight.add(res);
          res.once('close', () => inFlight.delete(res));
          handle(req, res).catch((error: unknown) => {
            options.onError?.(error, { method: req.method ?? '', path: req.url ?? '' });
            if (!res.headersSent) res.writeHead(500).end();
            else res.destroy();
          });
        },
      );
      // Slow-header floods cannot hold every file descriptor; malformed requests get a
      // readable 400/408/431.
      guardConnections(s, { maxConnections: options.maxConnections ?? 256 });
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          resolve();
        });
      });
      const address = s.address() as AddressInfo;
      url = `http://${formatHost(address.address)}:${address.port}`;
      return { host: address.address, port: address.port, url };
    },
    async shutdown() {
      const s = server;
      if (!s) return;
      server = undefined;
      closing = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      s.closeIdleConnections();
      const timer = setTimeout(() => s.closeAllConnections(), graceMillis);
      timer.unref();
      await closed;
      clearTimeout(timer);
    },
  };
}

/** The request body as UTF-8, or undefined when it exceeds `limit` bytes (the rest is drained). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, method: string, reply: Reply): void {
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {
    ...reply.headers,
    'cache-control': 'no-store',
    'content-length': String(body.length),
  });
  res.end(method === 'HEAD' ? undefined : body);
}

/** The path of a request target, or '' when it is not one. */
function pathOf(target: string | undefined): string {
  try {
    return new URL(target ?? '/', 'http://api.invalid').pathname;
  } catch {
    return '';
  }
}

/** Brackets IPv6 literals for use in a URL. */
export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
