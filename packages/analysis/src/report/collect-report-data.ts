/**
 * Gathers what the HTML report shows from an {@link ApiBackend}: the service's, or an embedded
 * monitor's. Anomalies, drift, forecast breaches and opportunities come from the findings
 * (every engine reports through them); SLOs from the SLO engine; baselines, drift events and
 * alerts from their optional backend parts when present.
 */
import type { AlertingBackend, ApiBackend } from '../api/types.js';
import type { SloGroupView } from '../engines/slo/slo-views.js';
import type { BaselineRecord, DriftEventRecord } from '../store/baseline-records.js';
import { readEngineAnalytics } from './engine-analytics.js';
import { classifyFindings, forecastOfFinding } from './report-findings.js';
import { collectSeries } from './report-series.js';
import type {
  ReportAlert,
  ReportData,
  ReportDrift,
  ReportFinding,
  ReportHealth,
  ReportSlo,
} from './types.js';

/** Options of {@link collectReportData}. */
export interface CollectReportOptions {
  /** @default 'heterodyne-monitoring report' */
  title?: string;
  /** Where the data comes from, shown in the header. @default 'analysis service' */
  source?: string;
  /** Generation time, ms since the epoch. @default Date.now() */
  nowMillis?: number;
  /** Most series charted. @default 12 */
  maxSeries?: number;
  /** Most recent samples per charted series. @default 240 */
  samplesPerSeries?: number;
  /** Series considered when choosing what to chart. @default 5000 */
  scanLimit?: number;
  /**
   * Forecast horizon, in sampling steps past each charted series' last sample, for series
   * without an engine's forecast: at most this many, fewer for a short series (n samples
   * allow (n - 20) / 4 steps, what the forecast's backtest holds out); 0 computes none.
   * @default 10
   */
  forecastSteps?: number;
  /** Most findings read. @default 1000 */
  findingsLimit?: number;
  /** Most alerts listed per status. @default 100 */
  alertsLimit?: number;
  /** Most SLO history records per group. @default 288 */
  sloHistoryLimit?: number;
  /** Drift events of the last this many days. @default 7 */
  driftDays?: number;
}

/** Reads everything the report shows from `backend`. */
export async function collectReportData(
  backend: ApiBackend,
  options: CollectReportOptions = {},
): Promise<ReportData> {
  const now = options.nowMillis ?? Date.now();
  const status = await backend.status();
  const { findings } = backend.listFindings({ limit: options.findingsLimit ?? 1000 });
  const classified = classifyFindings(findings);
  const baselines: BaselineRecord[] = (await backend.baselines?.list({})) ?? [];
  const driftLog: DriftEventRecord[] =
    (await backend.baselines?.drift({ days: options.driftDays ?? 7 })) ?? [];
  const findingForecasts = classified.forecasts
    .map(forecastOfFinding)
    .filter((f) => f !== undefined);
  const series = collectSeries(
    backend,
    {
      maxSeries: options.maxSeries ?? 12,
      samplesPerSeries: options.samplesPerSeries ?? 240,
      scanLimit: options.scanLimit ?? 5000,
      forecastSteps: options.forecastSteps ?? 10,
    },
    classified.anomalies,
    baselines,
    findingForecasts,
    readEngineAnalytics(backend, options.scanLimit ?? 5000),
  );
  const forecasts = [
    ...findingForecasts,
    ...series.flatMap((s) => (s.forecast && s.forecast.source !== 'finding' ? [s.forecast] : [])),
  ];
  const alerting = backend.alerting?.();
  return {
    title: options.title ?? 'heterodyne-monitoring report',
    generatedAtMillis: now,
    source: options.source ?? 'analysis service',
    health: health(status),
    slos: await collectSlos(backend, options.sloHistoryLimit ?? 288),
    series,
    anomalies: classified.anomalies,
    drifts: drifts(driftLog, classified.drifts),
    forecasts,
    opportunities: classified.opportunities,
    alerts: alerting
      ? await collectAlerts(alerting, options.alertsLimit ?? 100)
      : { active: [], resolved: [] },
    otherFindings: classified.other,
  };
}

function health(status: Awaited<ReturnType<ApiBackend['status']>>): ReportHealth {
  return {
    status: status.health,
    version: status.version,
    startedAtMillis: Date.parse(status.startedAt),
    uptimeSeconds: status.uptimeSeconds,
    activeSeries: status.series.active,
    memoryBytes: status.series.memoryBytes,
    acceptedPoints: status.totals.acceptedPoints,
    rejectedPoints: status.totals.rejectedPoints,
    dropped: { ...status.dropped },
    engines: status.engines.map((e) => ({
      name: e.name,
      healthy: e.healthy,
      ...(e.lastEvaluationMillis === undefined
        ? {}
        : { lastEvaluationMillis: e.lastEvaluationMillis }),
      ...(e.detail === undefined ? {} : { detail: JSON.stringify(e.detail) }),
    })),
    components: status.components.map((c) => ({
      name: c.name,
      healthy: c.healthy,
      ...(c.message === undefined ? {} : { message: c.message }),
    })),
  };
}

async function collectSlos(backend: ApiBackend, historyLimit: number): Promise<ReportSlo[]> {
  const out: ReportSlo[] = [];
  for (const slo of backend.listSlos() ?? []) {
    for (const g of slo.groups) {
      const view = (await backend.getSlo(g.id, { limit: historyLimit })) as
        SloGroupView | undefined;
      // The SLI is the good ratio, or (bad-ratio display) its complement.
      const badDisplay =
        g.sli !== null && g.goodRatio !== null && Math.abs(g.sli - g.goodRatio) > 1e-12;
      out.push({
        id: g.id,
        sloId: g.sloId,
        title: g.title,
        labels: { ...g.labels },
        objective: g.objective,
        sli: g.sli,
        sliTarget: badDisplay ? 1 - g.objective : g.objective,
        comparison: badDisplay ? '<=' : '>=',
        budgetRemaining: g.budgetRemaining,
        burnRates: { ...g.burnRates },
        timeToExhaustionSeconds: g.timeToExhaustionSeconds,
        state: g.state,
        window: g.window,
        firingAlerts: g.alerts.filter((a) => a.firing).map((a) => a.severity),
        history: (view && 'history' in view ? view.history : [])
          .map((r) => ({
            timeMillis: r.recordedAtMillis,
            sli: r.sli,
            budgetRemaining: r.budgetRemaining,
          }))
          .sort((a, b) => a.timeMillis - b.timeMillis),
      });
    }
  }
  return out;
}

/** Drift events of the baselines' log, plus drift findings of other engines. */
function drifts(
  log: readonly DriftEventRecord[],
  findings: readonly ReportFinding[],
): ReportDrift[] {
  const firingKeys = new Set(
    findings.filter((f) => f.state === 'firing').map((f) => f.labels.series ?? ''),
  );
  const logged = new Set(log.map((d) => d.seriesKey));
  const fromLog = log.map((d): ReportDrift => ({
    metric: d.metric,
    series: d.seriesKey,
    detectedAtMillis: d.detectedAt,
    magnitude: d.magnitude,
    confidence: d.confidence,
    test: d.test,
    summary:
      findings.find((f) => f.labels.series === d.seriesKey)?.summary ??
      `shift of ${d.magnitude} (${d.test})`,
    state: firingKeys.has(d.seriesKey) ? 'firing' : 'resolved',
  }));
  const fromFindings = findings
    .filter((f) => !logged.has(f.labels.series ?? ''))
    .map((f): ReportDrift => ({
      metric: f.labels.metric ?? f.kind,
      series: f.labels.series ?? f.labels.metric ?? f.kind,
      detectedAtMillis: f.startsAtMillis,
      magnitude: f.value ?? null,
      confidence: typeof f.evidence?.confidence === 'number' ? f.evidence.confidence : null,
      test: typeof f.evidence?.test === 'string' ? f.evidence.test : f.engine,
      summary: f.summary,
      state: f.state,
    }));
  return [...fromLog, ...fromFindings].sort((a, b) => b.detectedAtMillis - a.detectedAtMillis);
}

function alertOf(raw: unknown): ReportAlert | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const a = raw as Record<string, unknown>;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const num = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  const labels: Record<string, string> = {};
  if (a.labels && typeof a.labels === 'object') {
    for (const [k, v] of Object.entries(a.labels)) labels[k] = String(v);
  }
  const annotations = (a.annotations ?? {}) as Record<string, unknown>;
  const acknowledged = num(a.acknowledgedAt);
  const resolved = num(a.resolvedAt);
  return {
    id: str(a.id),
    ruleId: str(a.ruleId),
    severity: str(a.severity) || 'warning',
    status: str(a.status),
    summary: str(annotations.summary) || str(labels.alertname),
    labels,
    firstSeenAtMillis: num(a.firstSeenAt) ?? 0,
    lastSeenAtMillis: num(a.lastSeenAt) ?? 0,
    ...(acknowledged === undefined ? {} : { acknowledgedAtMillis: acknowledged }),
    ...(resolved === undefined ? {} : { resolvedAtMillis: resolved }),
    count: num(a.count) ?? 1,
  };
}

async function collectAlerts(
  alerting: AlertingBackend,
  limit: number,
): Promise<ReportData['alerts']> {
  const read = async (status: string): Promise<ReportAlert[]> =>
    (await alerting.listAlerts({ status, limit })).flatMap((r) => alertOf(r) ?? []);
  const active = [...(await read('firing')), ...(await read('acknowledged'))].sort(
    (a, b) => b.lastSeenAtMillis - a.lastSeenAtMillis,
  );
  return { active, resolved: await read('resolved') };
}
