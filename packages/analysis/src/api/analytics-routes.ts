/**
 * `/api/v1/anomalies`, `/api/v1/trends` and `/api/v1/forecasts`: what the anomaly and trend
 * engines found, as GET.
 *
 * | path | query | answer |
 * | --- | --- | --- |
 * | `/api/v1/anomalies` | `metric`, `operation`, `since` (ms since the epoch), `limit` | recent anomalies, newest first |
 * | `/api/v1/trends` | `metric`, `operation`, `limit` | per series: status, direction, slope, p-value, seasonality |
 * | `/api/v1/forecasts` | `metric`, `operation`, `limit` | per series: status, model, horizon, prediction, interval, backtest error |
 *
 * A route whose engine does not run answers 404 and names the setting that turns it on.
 */
import { integerParam, onlyParams, stringParam } from './query.js';
import { DEFAULT_LIMIT, errorReply, jsonReply, MAX_LIMIT } from './routes.js';
import type { Reply } from './routes.js';

/** Filters shared by the three routes. */
export interface AnalyticsQuery {
  metric?: string;
  /** `heterodyne.operation.name` of the series. */
  operation?: string;
  /** Anomalies only: at or after this time, ms since the epoch. */
  sinceMillis?: number;
  limit: number;
}

/** What the analytics routes read; a method answers undefined when its engine does not run. */
export interface AnalyticsApi {
  anomalies(query: AnalyticsQuery): unknown[] | undefined;
  trends(query: AnalyticsQuery): unknown[] | undefined;
  forecasts(query: AnalyticsQuery): { horizonSeconds: number; forecasts: unknown[] } | undefined;
}

const PATHS = ['/api/v1/anomalies', '/api/v1/trends', '/api/v1/forecasts'];

/** Whether `path` is one of these routes. */
export function isAnalyticsPath(path: string): boolean {
  return PATHS.includes(path);
}

/** Answers the analytics routes; undefined for other paths. */
export function routeAnalytics(
  path: string,
  params: URLSearchParams,
  api: AnalyticsApi | undefined,
): Reply | undefined {
  if (!isAnalyticsPath(path)) return undefined;
  const anomalies = path === '/api/v1/anomalies';
  const bad = onlyParams(params, ['metric', 'operation', 'limit', ...(anomalies ? ['since'] : [])]);
  if (!bad.ok) return errorReply(400, bad.error);
  const metric = stringParam(params, 'metric');
  if (!metric.ok) return errorReply(400, metric.error);
  const operation = stringParam(params, 'operation');
  if (!operation.ok) return errorReply(400, operation.error);
  const limit = integerParam(params, 'limit', { min: 1, max: MAX_LIMIT, default: DEFAULT_LIMIT });
  if (!limit.ok) return errorReply(400, limit.error);
  const since = integerParam(params, 'since', { min: 0, max: 8.64e15, default: 0 });
  if (!since.ok) return errorReply(400, since.error);
  const query: AnalyticsQuery = {
    limit: limit.value,
    ...(metric.value === undefined ? {} : { metric: metric.value }),
    ...(operation.value === undefined ? {} : { operation: operation.value }),
    ...(since.value > 0 ? { sinceMillis: since.value } : {}),
  };
  if (anomalies) {
    const list = api?.anomalies(query);
    if (list === undefined) {
      return errorReply(
        404,
        'no anomaly engine runs in this service (analytics.anomaly.enabled is false)',
      );
    }
    return jsonReply(200, { anomalies: list });
  }
  if (path === '/api/v1/trends') {
    const list = api?.trends(query);
    if (list === undefined) return notRunning();
    return jsonReply(200, { trends: list });
  }
  const forecasts = api?.forecasts(query);
  if (forecasts === undefined) return notRunning();
  return jsonReply(200, forecasts);
}

function notRunning(): Reply {
  return errorReply(404, 'no trend engine runs in this service (analytics.trend.enabled is false)');
}
