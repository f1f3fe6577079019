import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../../src/api/api-server.js';
import type { ApiServer } from '../../src/api/api-server.js';
import { createRouteAccess, METRICS_PATH, ROUTE_TABLE } from '../../src/api/route-table.js';
import type { ApiBackend, StatusReport } from '../../src/api/types.js';
import { ROLES, roleAllows } from '../../src/auth/roles.js';
import type { Role } from '../../src/auth/roles.js';
import { parseConfig } from '../../src/config/load-config.js';

const TOKENS: Record<Role, string> = {
  viewer: 'viewer-token-1',
  operator: 'operator-token-2',
  admin: 'admin-token-3',
};

const backend: ApiBackend = {
  readiness: () => Promise.resolve({ ready: true, checks: {} }),
  status: () => Promise.resolve({ health: 'ok', engines: [] } as unknown as StatusReport),
  listSeries: () => ({ series: [], total: 0 }),
  recentSamples: () => undefined,
  metricsText: () => Promise.resolve('up 1\n'),
  listFindings: () => ({ findings: [], firing: 0 }),
  listSlos: () => undefined,
  getSlo: () => Promise.resolve(undefined),
};

let server: ApiServer;
let url: string;
beforeAll(async () => {
  server = createApiServer({
    backend,
    host: '127.0.0.1',
    port: 0,
    apiTokens: ROLES.map((role) => ({ token: TOKENS[role], role, name: `${role}-client` })),
  });
  url = (await server.start()).url;
});
afterAll(async () => {
  await server.shutdown();
});

function concrete(path: string): string {
  return path === METRICS_PATH ? '/metrics' : path.replace(/\{[^}]+\}/g, 'x1');
}

async function call(
  method: string,
  path: string,
  token?: string,
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
    },
    ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
  });
  return { status: res.status, body: await res.text() };
}

describe('API roles: every route of the table with every role', () => {
  for (const rule of ROUTE_TABLE) {
    it(`${rule.method} ${rule.path} needs ${rule.access}`, async () => {
      const path = concrete(rule.path);
      for (const role of ROLES) {
        const res = await call(rule.method, path, TOKENS[role]);
        const allowed = rule.access === 'public' || roleAllows(role, rule.access);
        if (allowed) {
          expect([401, 403], `${role}: ${res.body}`).not.toContain(res.status);
        } else {
          expect(res.status, `${role}: ${res.body}`).toBe(403);
          expect(JSON.parse(res.body)).toEqual({
            error: `authorization: ${rule.method} ${path} needs the ${rule.access} role; the token '${role}-client' has ${role}`,
          });
        }
      }
      const anonymous = await call(rule.method, path);
      expect(anonymous.status).toBe(rule.access === 'public' ? 200 : 401);
    });
  }

  it('a route no row names needs admin (closed, not open, when a row is forgotten)', async () => {
    expect((await call('GET', '/api/v1/not-a-route', TOKENS.viewer)).status).toBe(403);
    expect((await call('GET', '/api/v1/not-a-route', TOKENS.operator)).status).toBe(403);
    expect((await call('GET', '/api/v1/not-a-route', TOKENS.admin)).status).toBe(404);
    expect((await call('PUT', '/api/v1/alerts', TOKENS.operator)).status).toBe(403);
    expect((await call('PUT', '/api/v1/alerts', TOKENS.admin)).status).toBe(405);
  });

  it('HEAD is GET, and a wrong token is 401 whatever the route', async () => {
    const head = await fetch(`${url}/api/v1/status`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${TOKENS.viewer}` },
    });
    expect(head.status).toBe(200);
    expect((await call('GET', '/api/v1/status', 'nope')).status).toBe(401);
  });

  it('the table has no duplicate rows, and exact paths win over templates', () => {
    const access = createRouteAccess('/metrics');
    expect(access.find('GET', '/api/v1/baselines/drift')?.path).toBe('/api/v1/baselines/drift');
    expect(access.find('POST', '/api/v1/baselines/versions/abc/rollback')?.access).toBe('admin');
    expect(access.find('HEAD', '/metrics')?.access).toBe('viewer');
    expect(createRouteAccess(undefined).find('GET', '/metrics')).toBeUndefined();
    expect(() =>
      createRouteAccess(undefined, [
        { method: 'GET', path: '/a', access: 'viewer', description: '' },
        { method: 'GET', path: '/a', access: 'admin', description: '' },
      ]),
    ).toThrow(/GET \/a is listed twice/);
  });
});

describe('api.auth configuration', () => {
  const env = { VIEW: 'v-secret', OPS: 'o-secret', ADMIN: 'a-secret', INGEST: 'i-secret' };

  it('reads tokens with roles and names; bearer_token_env tokens are admin', () => {
    const r = parseConfig(
      [
        'api:',
        '  auth:',
        '    bearer_token_env: ADMIN',
        '    tokens:',
        '      - { name: grafana, role: viewer, token_env: VIEW }',
        '      - { name: on-call, role: operator, token_env: OPS }',
      ].join('\n'),
      { file: 'm.yaml', env },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.api.auth?.roleTokens.map((t) => [t.name, t.role, t.secret.reveal()])).toEqual([
      ['ADMIN', 'admin', 'a-secret'],
      ['grafana', 'viewer', 'v-secret'],
      ['on-call', 'operator', 'o-secret'],
    ]);
  });

  it('names a bad role, a missing token variable and a duplicate name with file:line', () => {
    const r = parseConfig(
      [
        'api:',
        '  auth:',
        '    tokens:',
        '      - { name: grafana, role: reader, token_env: VIEW }',
        '      - { name: grafana, role: viewer, token_env: NOT_SET }',
      ].join('\n'),
      { file: 'm.yaml', env },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.error.map((e) => e.message).join('\n');
    expect(messages).toMatch(
      /m\.yaml:4:\d+: api\.auth\.tokens\[0\]\.role: must be one of viewer, operator, admin \(got "reader"\)/,
    );
    expect(messages).toMatch(
      /m\.yaml:5:\d+: api\.auth\.tokens\[1\]\.name: "grafana" is already used by api\.auth\.tokens\[0\]/,
    );
    expect(messages).toMatch(
      /api\.auth\.tokens\[1\]\.token_env: environment variable NOT_SET is not set/,
    );
  });

  it('refuses a token that is both an ingest token and an API token', () => {
    const r = parseConfig(
      [
        'receivers:',
        '  otlp:',
        '    protocols: { http: { endpoint: 127.0.0.1:0 } }',
        '    auth: { bearer_token_env: INGEST }',
        'api:',
        '  auth:',
        '    tokens: [{ name: ci, role: viewer, token_env: SAME }]',
      ].join('\n'),
      { file: 'm.yaml', env: { ...env, SAME: 'i-secret' } },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => e.message).join('\n')).toMatch(
      /api\.auth: token 'ci' is also an ingest token of receivers\.otlp \(env INGEST\); API and ingest tokens must differ/,
    );
  });
});
