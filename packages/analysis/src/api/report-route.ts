/**
 * `GET /report`: the self-contained HTML report of this service (SLOs, trends with baseline
 * bands, anomalies, drift, forecasts, opportunities, alerts, health), rendered on request
 * from the same backend the JSON API reads. A read route: with bearer tokens configured it
 * needs one, like `/api/v1/*`.
 */
import { collectReportData } from '../report/collect-report-data.js';
import { REPORT_CONTENT_SECURITY_POLICY, renderReport } from '../report/render-report.js';
import { integerParam, onlyParams } from './query.js';
import { errorReply } from './routes.js';
import type { Reply } from './routes.js';
import type { ApiBackend } from './types.js';

/** The path of the report. */
export const REPORT_PATH = '/report';

/** Answers `GET /report[?series=N]` (N: most series charted, 1..100, default 12). */
export async function reportReply(params: URLSearchParams, backend: ApiBackend): Promise<Reply> {
  const bad = onlyParams(params, ['series']);
  if (!bad.ok) return errorReply(400, bad.error);
  const series = integerParam(params, 'series', { min: 1, max: 100, default: 12 });
  if (!series.ok) return errorReply(400, series.error);
  const data = await collectReportData(backend, {
    maxSeries: series.value,
    source: 'analysis service',
  });
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `${REPORT_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
    },
    body: renderReport(data),
  };
}
