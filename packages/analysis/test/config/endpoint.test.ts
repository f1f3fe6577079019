import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { clientUrl, parseListenEndpoint } from '../../src/config/endpoint.js';

describe('parseListenEndpoint', () => {
  it.each([
    ['localhost:4318', '127.0.0.1', 4318],
    ['127.0.0.1:4317', '127.0.0.1', 4317],
    ['0.0.0.0:8080', '0.0.0.0', 8080],
    [':9464', '0.0.0.0', 9464],
    ['[::1]:4318', '::1', 4318],
    ['[::]:4318', '::', 4318],
    ['monitor.internal:0', 'monitor.internal', 0],
  ])('%s binds %s port %d', (text, host, port) => {
    expect(parseListenEndpoint(text)).toEqual({ ok: true, value: { endpoint: text, host, port } });
  });

  it.each([
    ['http://localhost:4318', /without a scheme/],
    ['localhost', /host:port/],
    ['localhost:70000', /port must be a number from 0 to 65535/],
    ['localhost:http', /port must be a number/],
    ['::1:4318', /IPv6 addresses need brackets/],
    ['[::1]4318', /\[ipv6\]:port/],
    ['bad host:1', /not a host name/],
  ])('refuses %s', (text, message) => {
    const result = parseListenEndpoint(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('the localhost bind address', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('is reached by a Node HTTP client that asks for http://localhost', async () => {
    const parsed = parseListenEndpoint('localhost:0');
    if (!parsed.ok) throw new Error(parsed.error);
    const server = createServer((_req, res) => res.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, parsed.value.host, resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));
    const { port } = server.address() as AddressInfo;
    // node:http, as the OTel OTLP/HTTP exporters use it, with the URL they default to.
    const body = await new Promise<string>((resolve, reject) => {
      get(`http://localhost:${port}/`, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).toBe('reached');
    expect(clientUrl({ host: parsed.value.host, port })).toBe(`http://127.0.0.1:${port}`);
  });
});

describe('clientUrl', () => {
  it.each([
    [{ host: '0.0.0.0', port: 80 }, 'http://127.0.0.1:80'],
    [{ host: '::', port: 80 }, 'http://[::1]:80'],
    [{ host: '::1', port: 4318 }, 'http://[::1]:4318'],
    [{ host: 'example.org', port: 9 }, 'http://example.org:9'],
  ])('%j → %s', (listen, url) => {
    expect(clientUrl(listen)).toBe(url);
  });
});
