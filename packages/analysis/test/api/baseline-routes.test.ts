import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiServer } from '../../src/api/api-server.js';
import type { ApiServer } from '../../src/api/api-server.js';
import { createBaselineApi } from '../../src/service/baseline-api.js';
import { openStore } from '../../src/store/open-store.js';
import type { MonitoringStore } from '../../src/store/types.js';
import { routeBackend } from '../helpers/route-backend.js';

const T0 = 1_700_000_000_000;

function stats(p50: number) {
  return {
    p50,
    p95: p50 * 1.5,
    p99: p50 * 2,
    mean: p50,
    std: 0.1,
    median: p50,
    mad: 0.05,
    ciLower: p50 - 0.1,
    ciUpper: p50 + 0.1,
    ciLevel: 0.95,
    sampleCount: 100,
  };
}

describe('/api/v1/baselines on a real server and SQLite store', () => {
  let store: MonitoringStore;
  let server: ApiServer;
  let url: string;
  let now = T0;

  beforeEach(async () => {
    now = T0;
    store = await openStore('sqlite::memory:', { now: () => now });
    const backend = routeBackend({ baselines: createBaselineApi(store, () => now) });
    server = createApiServer({ backend, host: '127.0.0.1', port: 0, bearerTokens: [] });
    url = (await server.start()).url;
  });
  afterEach(async () => {
    await server.shutdown();
    await store.close();
  });

  async function call(
    path: string,
    method = 'GET',
    body?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${url}${path}`, {
      method,
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('lists baselines, creates versions, diffs and rolls back', async () => {
    await store.upsertBaseline({
      key: 'k',
      metric: 'heterodyne.operation.duration',
      method: 'percentile',
      ...stats(1.5),
    });
    const listed = await call('/api/v1/baselines?metric=heterodyne.operation.duration');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ returned: 1, baselines: [{ key: 'k', p50: 1.5 }] });

    const created = await call(
      '/api/v1/baselines/versions',
      'POST',
      '{"name":"v1.0","notes":"first"}',
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'v1.0', notes: 'first', baselineCount: 1 });
    const id = created.body.id as string;

    now += 60_000;
    await store.upsertBaseline({
      key: 'k',
      metric: 'heterodyne.operation.duration',
      method: 'percentile',
      ...stats(3),
    });
    const diff = await call(`/api/v1/baselines/versions/${id}/diff`);
    expect(diff.body).toMatchObject({
      from: id,
      to: 'current',
      entries: [{ key: 'k', change: 'changed' }],
    });

    expect((await call('/api/v1/baselines/versions')).body).toMatchObject({ returned: 1 });
    expect((await call(`/api/v1/baselines/versions/${id}`)).body).toMatchObject({
      version: { id, name: 'v1.0' },
      baselines: [{ key: 'k', p50: 1.5 }],
    });

    const rolled = await call(`/api/v1/baselines/versions/${id}/rollback`, 'POST');
    expect(rolled).toMatchObject({
      status: 200,
      body: { restored: 1, baselines: [{ key: 'k', p50: 1.5 }] },
    });
    expect((await store.getBaseline('k'))!.p50).toBe(1.5);
  });

  it('lists drift events of the last days', async () => {
    await store.recordDriftEvent({
      metric: 'm',
      seriesKey: 'k',
      detectedAt: T0 - 2 * 86_400_000,
      magnitude: 1,
      confidence: 0.9,
      test: 'mann-whitney',
    });
    await store.recordDriftEvent({
      metric: 'm',
      seriesKey: 'k',
      detectedAt: T0 - 10 * 86_400_000,
      magnitude: 1,
      confidence: 0.9,
      test: 'welch-t',
    });
    expect((await call('/api/v1/baselines/drift')).body).toMatchObject({ returned: 1 });
    expect((await call('/api/v1/baselines/drift?days=30&metric=m')).body).toMatchObject({
      returned: 2,
    });
  });

  it.each([
    ['/api/v1/baselines/versions', 'POST', 'not json', 400, /body: not valid JSON/],
    [
      '/api/v1/baselines/versions',
      'POST',
      '{"notes":"x"}',
      400,
      /body.name: must be a non-empty string/,
    ],
    [
      '/api/v1/baselines/versions',
      'POST',
      '{"name":"a","extra":1}',
      400,
      /body.extra: unknown field/,
    ],
    ['/api/v1/baselines/versions/nope/rollback', 'POST', '', 404, /'nope' does not exist/],
    ['/api/v1/baselines/versions/nope', 'GET', undefined, 404, /'nope' does not exist/],
    ['/api/v1/baselines/versions/nope/diff', 'GET', undefined, 404, /'nope' does not exist/],
    ['/api/v1/baselines/versions/x/rollback', 'GET', undefined, 405, /use POST/],
    ['/api/v1/baselines', 'POST', '{}', 405, /use GET/],
    ['/api/v1/baselines?colour=1', 'GET', undefined, 400, /colour: unknown query parameter/],
    ['/api/v1/baselines/drift?days=0', 'GET', undefined, 400, /days: must be an integer/],
    ['/api/v1/baselines/else', 'GET', undefined, 404, /not found/],
    ['/api/v1/findings', 'POST', '{}', 405, /not allowed; use GET/],
  ])('%s %s %s answers %d naming the problem', async (path, method, body, status, message) => {
    const r = await call(path, method, body);
    expect(r.status).toBe(status);
    expect(String(r.body.error)).toMatch(message);
  });

  it('needs the bearer token for POST when the API has auth', async () => {
    await server.shutdown();
    server = createApiServer({
      backend: routeBackend({ baselines: createBaselineApi(store, () => now) }),
      host: '127.0.0.1',
      port: 0,
      bearerTokens: ['s3cret'],
    });
    url = (await server.start()).url;
    const refused = await call('/api/v1/baselines/versions', 'POST', '{"name":"x"}');
    expect(refused.status).toBe(401);
    expect(await store.listBaselineVersions()).toEqual([]);
    const res = await fetch(`${url}/api/v1/baselines/versions`, {
      method: 'POST',
      body: '{"name":"x"}',
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(res.status).toBe(201);
  });

  it('refuses bodies over the limit', async () => {
    const r = await call(
      '/api/v1/baselines/versions',
      'POST',
      JSON.stringify({ name: 'x'.repeat(70_000) }),
    );
    expect(r.status).toBe(413);
    expect(await store.listBaselineVersions()).toEqual([]);
  });
});
