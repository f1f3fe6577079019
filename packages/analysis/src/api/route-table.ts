/**
 * Every route of the HTTP API with the role it needs: the one place access is decided.
 * The server looks each request up here before dispatching it; a method and path that no
 * row names needs `admin`, so a route added without a row is closed rather than open.
 * Adding a route is adding one row.
 *
 * Paths are templates: `{name}` matches one path segment. `HEAD` is looked up as `GET`.
 */
import type { Role } from '../auth/roles.js';

/** Who may call a route: a role, or anyone (`public`, probes only). */
export type Access = Role | 'public';

/** One row of the table. */
export interface RouteRule {
  /** HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template; {@link METRICS_PATH} stands for the configured scrape path. */
  path: string;
  /** Who may call it. */
  access: Access;
  /** What it does, for people (the README's table is built from these). */
  description: string;
}

/** Stands for the configured Prometheus scrape path (`/metrics` by default). */
export const METRICS_PATH = '{metrics}';

/** The API's routes. */
export const ROUTE_TABLE: readonly RouteRule[] = [
  { method: 'GET', path: '/healthz', access: 'public', description: 'liveness' },
  { method: 'GET', path: '/readyz', access: 'public', description: 'readiness' },
  { method: 'GET', path: METRICS_PATH, access: 'viewer', description: 'Prometheus scrape' },
  { method: 'GET', path: '/api/v1/status', access: 'viewer', description: 'service status' },
  { method: 'GET', path: '/api/v1/series', access: 'viewer', description: 'series' },
  {
    method: 'GET',
    path: '/api/v1/series/{id}/samples',
    access: 'viewer',
    description: 'recent samples',
  },
  { method: 'GET', path: '/api/v1/findings', access: 'viewer', description: 'engine findings' },
  { method: 'GET', path: '/api/v1/slos', access: 'viewer', description: 'SLOs' },
  { method: 'GET', path: '/api/v1/slos/{id}', access: 'viewer', description: 'one SLO or group' },
  { method: 'GET', path: '/api/v1/baselines', access: 'viewer', description: 'current baselines' },
  { method: 'GET', path: '/api/v1/baselines/drift', access: 'viewer', description: 'drift events' },
  {
    method: 'GET',
    path: '/api/v1/baselines/versions',
    access: 'viewer',
    description: 'baseline versions',
  },
  {
    method: 'POST',
    path: '/api/v1/baselines/versions',
    access: 'admin',
    description: 'save a baseline version',
  },
  {
    method: 'GET',
    path: '/api/v1/baselines/versions/{id}',
    access: 'viewer',
    description: 'one version',
  },
  {
    method: 'GET',
    path: '/api/v1/baselines/versions/{id}/diff',
    access: 'viewer',
    description: 'version diff',
  },
  {
    method: 'POST',
    path: '/api/v1/baselines/versions/{id}/rollback',
    access: 'admin',
    description: 'baseline rollback',
  },
  { method: 'GET', path: '/api/v1/alerts', access: 'viewer', description: 'alerts' },
  {
    method: 'POST',
    path: '/api/v1/alerts/{id}/ack',
    access: 'operator',
    description: 'acknowledge an alert',
  },
  { method: 'GET', path: '/api/v1/silences', access: 'viewer', description: 'silences' },
  { method: 'POST', path: '/api/v1/silences', access: 'operator', description: 'create a silence' },
  {
    method: 'DELETE',
    path: '/api/v1/silences/{id}',
    access: 'operator',
    description: 'expire a silence',
  },
  {
    method: 'GET',
    path: '/api/v1/deliveries',
    access: 'viewer',
    description: 'notification deliveries',
  },
  { method: 'GET', path: '/api/v1/channels', access: 'viewer', description: 'alert channels' },
  {
    method: 'POST',
    path: '/api/v1/channels/{id}/test',
    access: 'operator',
    description: 'test a channel',
  },
  {
    method: 'GET',
    path: '/api/v1/proposals',
    access: 'viewer',
    description: 'proposals awaiting approval',
  },
  { method: 'GET', path: '/api/v1/proposals/{id}', access: 'viewer', description: 'one proposal' },
  {
    method: 'POST',
    path: '/api/v1/proposals/{id}/approve',
    access: 'operator',
    description: 'approve a proposal',
  },
  {
    method: 'POST',
    path: '/api/v1/proposals/{id}/reject',
    access: 'operator',
    description: 'reject a proposal',
  },
  { method: 'GET', path: '/api/v1/audit', access: 'viewer', description: 'audit log' },
  // Analytics, optimization and the report: reads for viewers, remediation runs for admins.
  { method: 'GET', path: '/api/v1/anomalies', access: 'viewer', description: 'anomalies' },
  { method: 'GET', path: '/api/v1/trends', access: 'viewer', description: 'trends' },
  { method: 'GET', path: '/api/v1/forecasts', access: 'viewer', description: 'forecasts' },
  {
    method: 'GET',
    path: '/api/v1/opportunities',
    access: 'viewer',
    description: 'optimization opportunities',
  },
  {
    method: 'GET',
    path: '/api/v1/opportunities/{id}',
    access: 'viewer',
    description: 'one opportunity',
  },
  { method: 'GET', path: '/api/v1/remediations', access: 'viewer', description: 'remediations' },
  {
    method: 'GET',
    path: '/api/v1/remediations/{id}',
    access: 'viewer',
    description: 'one remediation',
  },
  {
    method: 'POST',
    path: '/api/v1/remediations',
    access: 'admin',
    description: 'execute a remediation',
  },
  {
    method: 'POST',
    path: '/api/v1/remediations/{id}/{action}',
    access: 'admin',
    description: 'run, roll back or cancel a remediation',
  },
  { method: 'GET', path: '/report', access: 'viewer', description: 'HTML report' },
];

interface CompiledRule {
  rule: RouteRule;
  pattern: RegExp | undefined;
}

function compile(path: string): RegExp | undefined {
  if (path === METRICS_PATH) return undefined;
  const body = path
    .split('/')
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}$`);
}

/** Looks up requests in a route table. */
export interface RouteAccess {
  /** The row for `method` and `path`, if one matches. */
  find(method: string, path: string): RouteRule | undefined;
  /** Who may call `method` on `path`: the row's access, else `admin`. */
  required(method: string, path: string): Access;
}

/**
 * Compiles `table` for lookups; `metricsPath` is the configured scrape path (undefined when
 * this server does not serve it). Throws on a duplicate row (a programming error).
 */
export function createRouteAccess(
  metricsPath: string | undefined,
  table: readonly RouteRule[] = ROUTE_TABLE,
): RouteAccess {
  const seen = new Set<string>();
  const compiled: CompiledRule[] = table.map((rule) => {
    const id = `${rule.method} ${rule.path}`;
    if (seen.has(id)) throw new Error(`route table: ${id} is listed twice`);
    seen.add(id);
    return { rule, pattern: compile(rule.path) };
  });
  const find = (method: string, path: string): RouteRule | undefined => {
    const m = method === 'HEAD' ? 'GET' : method;
    // Exact rows first, so `/api/v1/baselines/drift` wins over a `{id}` row.
    let templated: RouteRule | undefined;
    for (const { rule, pattern } of compiled) {
      if (rule.method !== m) continue;
      if (pattern === undefined) {
        if (metricsPath !== undefined && path === metricsPath) return rule;
        continue;
      }
      if (!pattern.test(path)) continue;
      if (!rule.path.includes('{')) return rule;
      templated ??= rule;
    }
    return templated;
  };
  return {
    find,
    required: (method, path) => find(method, path)?.access ?? 'admin',
  };
}
