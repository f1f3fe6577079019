import { isAlertingPath, routeAlerting } from './alert-routes.js';
import { routeOptimization } from './optimization-routes.js';
import { routeAnalytics } from './analytics-routes.js';
import { integerParam, onlyParams, stringParam } from './query.js';
import { REPORT_PATH, reportReply } from './report-route.js';
import { routeSlos } from './slo-routes.js';
import type { ApiBackend } from './types.js';

/** A response the server writes as is. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** A Prometheus scrape streamed in chunks instead of `body`. */
  scrape?: () => AsyncIterable<string>;
}

/** Largest `limit` the listing and samples routes accept. */
export const MAX_LIMIT = 10_000;
/** `limit` when the query does not give one. */
export const DEFAULT_LIMIT = 100;

const JSON_TYPE = 'application/json; charset=utf-8';
/** Prometheus text exposition format 0.0.4. */
export const PROMETHEUS_TEXT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const SAMPLES_PATH = /^\/api\/v1\/series\/([^/]+)\/samples$/;

/** A JSON reply. */
export function jsonReply(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Reply {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** A JSON error reply: `{"error": message}`. */
export function errorReply(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Reply {
  return jsonReply(status, { error: message }, headers);
}

/** Which routes a server instance answers. */
export interface RouteSet {
  /** `/healthz`, `/readyz`, `/api/v1/*`. */
  api: boolean;
  /** The Prometheus scrape path, or undefined when this server does not serve it. */
  metricsPath: string | undefined;
}

/**
 * Answers one GET request. Unknown paths get 404, bad query parameters 400; both name
 * what was wrong. Errors thrown by the backend propagate (the server turns them into 500).
 */
export async function route(url: URL, backend: ApiBackend, routes: RouteSet): Promise<Reply> {
  const path = url.pathname;
  const params = url.searchParams;
  if (routes.metricsPath !== undefined && path === routes.metricsPath) {
    const bad = onlyParams(params, []);
    if (!bad.ok) return errorReply(400, bad.error);
    const chunks = backend.metricsChunks?.bind(backend);
    if (chunks !== undefined) {
      return { status: 200, headers: {}, body: '', scrape: chunks };
    }
    return {
      status: 200,
      headers: { 'content-type': PROMETHEUS_TEXT_TYPE },
      body: await backend.metricsText(),
    };
  }
  if (!routes.api)
    return errorReply(
      404,
      `${path}: not found; this endpoint serves ${routes.metricsPath ?? 'nothing'}`,
    );
  if (path === '/healthz') return jsonReply(200, { status: 'ok' });
  if (path === '/readyz') {
    const report = await backend.readiness();
    return jsonReply(report.ready ? 200 : 503, report);
  }
  if (path === '/api/v1/status') {
    const bad = onlyParams(params, []);
    if (!bad.ok) return errorReply(400, bad.error);
    return jsonReply(200, await backend.status());
  }
  if (path === '/api/v1/series') return listSeries(params, backend);
  if (path === '/api/v1/findings') return listFindings(params, backend);
  if (path === REPORT_PATH) return reportReply(params, backend);
  const analytics = routeAnalytics(path, params, backend.analytics);
  if (analytics !== undefined) return analytics;
  const slos = await routeSlos(path, params, backend);
  if (slos !== undefined) return slos;
  if (isAlertingPath(path)) return routeAlerting('GET', url, '', backend.alerting?.());
  const optimization = await routeOptimization(path, params, backend.optimization);
  if (optimization !== undefined) return optimization;
  const samples = SAMPLES_PATH.exec(path);
  if (samples?.[1] !== undefined) return recentSamples(samples[1], params, backend);
  return errorReply(
    404,
    `${path}: not found; see /api/v1/status, /api/v1/findings, /api/v1/alerts, /api/v1/silences, /api/v1/deliveries, /api/v1/channels, /api/v1/slos, /api/v1/slos/<id>, /api/v1/baselines, /api/v1/opportunities, /api/v1/remediations, /api/v1/anomalies, /api/v1/trends, /api/v1/forecasts, /api/v1/series, /api/v1/series/<id>/samples, /report, /healthz, /readyz${routes.metricsPath ? `, ${routes.metricsPath}` : ''}`,
  );
}

function listSeries(params: URLSearchParams, backend: ApiBackend): Reply {
  const bad = onlyParams(params, ['metric', 'limit']);
  if (!bad.ok) return errorReply(400, bad.error);
  const metric = stringParam(params, 'metric');
  if (!metric.ok) return errorReply(400, metric.error);
  const limit = integerParam(params, 'limit', { min: 1, max: MAX_LIMIT, default: DEFAULT_LIMIT });
  if (!limit.ok) return errorReply(400, limit.error);
  const { series, total } = backend.listSeries({ metric: metric.value, limit: limit.value });
  return jsonReply(200, { total, returned: series.length, series });
}

function listFindings(params: URLSearchParams, backend: ApiBackend): Reply {
  const bad = onlyParams(params, ['engine', 'state', 'limit']);
  if (!bad.ok) return errorReply(400, bad.error);
  const engine = stringParam(params, 'engine');
  if (!engine.ok) return errorReply(400, engine.error);
  const state = stringParam(params, 'state');
  if (!state.ok) return errorReply(400, state.error);
  if (state.value !== undefined && state.value !== 'firing' && state.value !== 'resolved') {
    return errorReply(400, `state: must be firing or resolved, got ${JSON.stringify(state.value)}`);
  }
  const limit = integerParam(params, 'limit', { min: 1, max: MAX_LIMIT, default: DEFAULT_LIMIT });
  if (!limit.ok) return errorReply(400, limit.error);
  const { findings, firing } = backend.listFindings({
    engine: engine.value,
    state: state.value,
    limit: limit.value,
  });
  return jsonReply(200, { returned: findings.length, firing, findings });
}

function recentSamples(rawId: string, params: URLSearchParams, backend: ApiBackend): Reply {
  const bad = onlyParams(params, ['limit']);
  if (!bad.ok) return errorReply(400, bad.error);
  const limit = integerParam(params, 'limit', { min: 1, max: MAX_LIMIT, default: DEFAULT_LIMIT });
  if (!limit.ok) return errorReply(400, limit.error);
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return errorReply(400, `series id: invalid percent-encoding in ${JSON.stringify(rawId)}`);
  }
  const found = backend.recentSamples(id, limit.value);
  if (found === undefined) return errorReply(404, `series ${JSON.stringify(id)}: not found`);
  return jsonReply(200, found);
}
