import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import type { ListenEndpoint } from './types.js';

/**
 * The address `localhost` binds. Node 20's HTTP and gRPC clients try every address a name
 * resolves to (`autoSelectFamily`), so an OTel exporter's default `http://localhost:4318`
 * reaches an IPv4 loopback listener even on hosts that list `::1` first, while a listener
 * bound to the name could land on `::1` alone and miss `http://127.0.0.1:4318` clients (and
 * fail to bind where IPv6 is off).
 */
export const LOCALHOST_BIND_ADDRESS = '127.0.0.1';

/**
 * Parses a listen address in the Collector's notation: `host:port`, `[ipv6]:port`, or
 * `:port` for every interface (bound as `0.0.0.0`).
 */
export function parseListenEndpoint(text: string): Result<ListenEndpoint, string> {
  const trimmed = text.trim();
  if (/^[a-z]+:\/\//i.test(trimmed)) {
    return err(`must be host:port without a scheme, like localhost:4318 (got "${text}")`);
  }
  let host: string;
  let portText: string;
  if (trimmed.startsWith('[')) {
    const close = trimmed.indexOf(']');
    if (close < 0 || trimmed[close + 1] !== ':') {
      return err(`must be [ipv6]:port (got "${text}")`);
    }
    host = trimmed.slice(1, close);
    portText = trimmed.slice(close + 2);
  } else {
    const colon = trimmed.lastIndexOf(':');
    if (colon < 0) return err(`must be host:port, like localhost:4318 (got "${text}")`);
    host = trimmed.slice(0, colon);
    portText = trimmed.slice(colon + 1);
    if (host.includes(':')) return err(`IPv6 addresses need brackets: [${host}]:${portText}`);
  }
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    return err(`port must be a number from 0 to 65535 (got "${portText}" in "${text}")`);
  }
  if (host !== '' && !/^[A-Za-z0-9.\-_:%]+$/.test(host)) {
    return err(`"${host}" is not a host name or address`);
  }
  const bind = host === '' ? '0.0.0.0' : host === 'localhost' ? LOCALHOST_BIND_ADDRESS : host;
  return ok({ endpoint: trimmed, host: bind, port });
}

/** A URL a client on this machine can use to reach a bound endpoint (`http://127.0.0.1:4318`). */
export function clientUrl(listen: { host: string; port: number }, scheme = 'http'): string {
  const host = listen.host === '0.0.0.0' ? '127.0.0.1' : listen.host === '::' ? '::1' : listen.host;
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${listen.port}`;
}
