import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiServer } from '../../src/api/api-server.js';
import type { ApiServer } from '../../src/api/api-server.js';
import type {
  ApiBackend,
  FindingView,
  FindingsQuery,
  ReadinessReport,
  SeriesSamples,
  SeriesSummary,
  StatusReport,
} from '../../src/api/types.js';

function summary(id: string, metric: string): SeriesSummary {
  return {
    id,
    metric,
    kind: 'gauge',
    unit: '1',
    resource: { 'service.name': 'test' },
    scope: 'scope',
    attributes: {},
    samples: 2,
    lastSampleAt: '2025-01-01T00:00:01.000Z',
    stale: false,
  };
}

/** A backend over fixed data, recording the queries it was asked. */
function fixedBackend(ready: ReadinessReport = { ready: true, checks: { store: { ok: true } } }) {
  const all = [summary('1', 'a.b'), summary('2', 'a.b'), summary('3', 'c.d'), summary('x/y', 'e')];
  const queries: { metric?: string; limit: number }[] = [];
  const findingQueries: FindingsQuery[] = [];
  const backend: ApiBackend = {
    readiness: () => Promise.resolve(ready),
    status: () => Promise.resolve({ health: 'ok', engines: [] } as unknown as StatusReport),
    listSeries(query) {
      queries.push(query);
      const matching = all.filter((s) => query.metric === undefined || s.metric === query.metric);
      return { series: matching.slice(0, query.limit), total: matching.length };
    },
    recentSamples(id, limit): SeriesSamples | undefined {
      const s = all.find((x) => x.id === id);
      if (!s) return undefined;
      const samples = [1, 2, 3].map((v) => ({
        time: new Date(v * 1000).toISOString(),
        timeUnixMillis: v * 1000,
        value: v,
      }));
      return { series: s, samples: samples.slice(-limit) };
    },
    metricsText: () => Promise.resolve('# TYPE up gauge\nup 1\n'),
    listFindings(query) {
      findingQueries.push(query);
      const finding: FindingView = {
        engine: 'slo',
        kind: 'slo.burn_rate.page',
        severity: 'critical',
        state: 'firing',
        labels: { slo: 'latency' },
        summary: 'burning',
        startsAtMillis: 1000,
        startsAt: new Date(1000).toISOString(),
      };
      return { findings: [finding].slice(0, query.limit), firing: 1 };
    },
    listSlos: () => undefined,
    getSlo: () => Promise.resolve(undefined),
  };
  return { backend, queries, findingQueries };
}

let server: ApiServer | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

async function start(
  backend: ApiBackend,
  extra: Partial<Parameters<typeof createApiServer>[0]> = {},
): Promise<string> {
  server = createApiServer({ backend, host: '127.0.0.1', port: 0, ...extra });
  return (await server.start()).url;
}

async function getJson(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

describe('API server', () => {
  it('answers liveness and readiness', async () => {
    const url = await start(fixedBackend().backend);
    expect(await getJson(`${url}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await getJson(`${url}/readyz`)).toMatchObject({
      status: 200,
      body: { ready: true, checks: { store: { ok: true } } },
    });
  });

  it('answers 503 on /readyz when a check fails, naming it', async () => {
    const report = {
      ready: false,
      checks: { store: { ok: false, message: 'database is locked' } },
    };
    const url = await start(fixedBackend(report).backend);
    const res = await getJson(`${url}/readyz`);
    expect(res.status).toBe(503);
    expect(res.body).toEqual(report);
  });

  it('lists series filtered by metric with a limit and the total match count', async () => {
    const { backend, queries } = fixedBackend();
    const url = await start(backend);
    const res = await getJson(`${url}/api/v1/series?metric=a.b&limit=1`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, returned: 1, series: [{ id: '1', metric: 'a.b' }] });
    expect(queries).toEqual([{ metric: 'a.b', limit: 1 }]);
    await getJson(`${url}/api/v1/series`);
    expect(queries[1]).toEqual({ metric: undefined, limit: 100 });
  });

  it.each([
    ['limit=0', 'limit: must be an integer between 1 and 10000'],
    ['limit=10001', 'limit: must be an integer between 1 and 10000'],
    ['limit=1.5', 'limit: must be an integer between 1 and 10000'],
    ['limit=abc', 'limit: must be an integer between 1 and 10000'],
    ['limit=1&limit=2', 'limit: given more than once'],
    ['metric=', 'metric: must not be empty'],
    ['color=red', 'color: unknown query parameter; known: metric, limit'],
  ])('rejects /api/v1/series?%s with 400 naming the parameter', async (query, message) => {
    const url = await start(fixedBackend().backend);
    const res = await getJson(`${url}/api/v1/series?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: message });
  });

  it('lists findings filtered by engine and state, and names a bad filter', async () => {
    const { backend, findingQueries } = fixedBackend();
    const url = await start(backend);
    const ok = await getJson(`${url}/api/v1/findings?engine=slo&state=firing&limit=5`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      returned: 1,
      firing: 1,
      findings: [{ kind: 'slo.burn_rate.page' }],
    });
    expect(findingQueries).toEqual([{ engine: 'slo', state: 'firing', limit: 5 }]);
    const badState = await getJson(`${url}/api/v1/findings?state=open`);
    expect(badState).toMatchObject({
      status: 400,
      body: { error: 'state: must be firing or resolved, got "open"' },
    });
    const badKey = await getJson(`${url}/api/v1/findings?severity=critical`);
    expect(badKey).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^severity: unknown query parameter/) },
    });
    expect(findingQueries).toHaveLength(1);
  });

  it('returns the last samples of a series, with percent-encoded ids', async () => {
    const url = await start(fixedBackend().backend);
    const res = await getJson(`${url}/api/v1/series/${encodeURIComponent('x/y')}/samples?limit=2`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      series: { id: 'x/y' },
      samples: [{ value: 2 }, { value: 3 }],
    });
  });

  it('answers 404 naming an unknown series and an unknown path', async () => {
    const url = await start(fixedBackend().backend);
    expect(await getJson(`${url}/api/v1/series/42/samples`)).toEqual(
      expect.objectContaining({ status: 404, body: { error: 'series "42": not found' } }),
    );
    const res = await getJson(`${url}/api/v2/nothing`);
    expect(res.status).toBe(404);
    expect((res.body as { error: string }).error).toMatch(/^\/api\/v2\/nothing: not found/);
  });

  it('serves Prometheus text on /metrics', async () => {
    const url = await start(fixedBackend().backend);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await res.text()).toBe('# TYPE up gauge\nup 1\n');
  });

  it('serves only /metrics when the API routes are off', async () => {
    const url = await start(fixedBackend().backend, { serveApi: false, metricsPath: '/prom' });
    expect((await fetch(`${url}/prom`)).status).toBe(200);
    expect((await getJson(`${url}/api/v1/status`)).status).toBe(404);
    expect((await getJson(`${url}/healthz`)).status).toBe(404);
  });

  it('answers 405 with Allow for other methods', async () => {
    const url = await start(fixedBackend().backend);
    const res = await getJson(`${url}/api/v1/status`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(res.body).toEqual({ error: 'method POST: not allowed; use GET' });
  });

  it('turns a backend failure into a 500 naming the path and keeps serving', async () => {
    const { backend } = fixedBackend();
    const errors: unknown[] = [];
    backend.status = () => Promise.reject(new Error('store went away'));
    const url = await start(backend, { onError: (e) => errors.push(e) });
    const res = await getJson(`${url}/api/v1/status`);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: 'internal error while serving /api/v1/status: store went away',
    });
    expect(errors).toHaveLength(1);
    expect((await getJson(`${url}/healthz`)).status).toBe(200);
  });

  describe('with bearer tokens', () => {
    it('requires a valid token on the API and /metrics but not on the probes', async () => {
      const url = await start(fixedBackend().backend, { bearerTokens: ['s3cret', 'other'] });
      const missing = await getJson(`${url}/api/v1/series`);
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ error: 'authorization: missing bearer token' });
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="heterodyne"');

      const wrong = await getJson(`${url}/metrics`, { headers: { authorization: 'Bearer s3cre' } });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({ error: 'authorization: invalid bearer token' });

      const basic = await getJson(`${url}/api/v1/series`, {
        headers: { authorization: 'Basic czNjcmV0' },
      });
      expect(basic.status).toBe(401);

      for (const token of ['s3cret', 'other']) {
        const res = await getJson(`${url}/api/v1/series`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.status).toBe(200);
      }
      expect((await getJson(`${url}/healthz`)).status).toBe(200);
      expect((await getJson(`${url}/readyz`)).status).toBe(200);
    });
  });

  it('ends a keep-alive connection whose request is in flight at shutdown, without the grace period', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (asked = resolve));
    const { backend } = fixedBackend();
    const slow: ApiBackend = {
      ...backend,
      status: async () => {
        asked();
        await gate;
        return backend.status();
      },
    };
    // A grace period no test waits out: shutdown must finish without it.
    const url = await start(slow, { shutdownGraceMillis: 3_600_000 });
    const agent = new Agent({ keepAlive: true });
    try {
      const answer = new Promise<{ status: number; connection: string | undefined }>(
        (resolve, reject) => {
          const req = request(`${url}/api/v1/status`, { agent }, (res) => {
            res.resume();
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
            );
          });
          req.on('error', reject);
          req.end();
        },
      );
      await arrived;
      const stopped = server?.shutdown();
      release();
      expect(await answer).toEqual({ status: 200, connection: 'close' });
      await stopped;
    } finally {
      agent.destroy();
    }
  });

  it('waits for the listener to close on shutdown and frees the port', async () => {
    const url = await start(fixedBackend().backend);
    expect(server?.listening).toBe(true);
    await server?.shutdown();
    expect(server?.listening).toBe(false);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
