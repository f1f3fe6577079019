/**
 * The series the report charts: which ones (those with anomalies first, then those with a
 * baseline, then the `heterodyne.*` metrics with the most samples), their recent samples as
 * the engines read them (a histogram's mean per interval), the baseline band, the trend, the
 * anomaly markers and a forecast.
 */
import type { ApiBackend, SeriesSummary } from '../api/types.js';
import { baselineSeriesKey } from '../engines/baselines/series-key.js';
import type { ViewSeries } from '../engines/series-view.js';
import { forecastSeries } from '../engines/trend/forecast.js';
import { analyzeTrend } from '../engines/trend/trend-analysis.js';
import type { BaselineRecord } from '../store/baseline-records.js';
import type { EngineAnalytics } from './engine-analytics.js';
import type { ReportFinding, ReportForecast, ReportSeries } from './types.js';

/** How the report picks and reads series. */
export interface SeriesSelection {
  /** Most series charted. */
  maxSeries: number;
  /** Most recent samples per series. */
  samplesPerSeries: number;
  /** Series considered (listed from the backend) at most. */
  scanLimit: number;
  /**
   * Forecast horizon in sampling steps past the last sample, at most (a series of n samples
   * gets at most (n - 20) / 4 steps, what the backtest needs); 0: no forecasts.
   */
  forecastSteps: number;
}

const DISTRIBUTIONS = new Set(['histogram', 'exponential_histogram', 'summary']);

function stringLabels(attributes: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) {
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** The baseline key of a listed series (as the baselines engine computes it). */
export function summaryKey(s: SeriesSummary): string {
  const view = { metric: s.metric, resource: s.resource, attributes: s.attributes };
  return baselineSeriesKey(view as unknown as ViewSeries);
}

function rank(
  s: SeriesSummary,
  key: string,
  anomalous: ReadonlySet<string>,
  baselines: ReadonlyMap<string, BaselineRecord>,
): number {
  if (anomalous.has(s.id) || anomalous.has(key)) return 0;
  if (baselines.has(key)) return 1;
  if (s.metric.startsWith('heterodyne.') && !s.metric.startsWith('heterodyne.monitor.')) return 2;
  return 3;
}

function medianStep(times: readonly number[]): number {
  const steps: number[] = [];
  for (let i = 1; i < times.length; i++) steps.push(times[i]! - times[i - 1]!);
  steps.sort((a, b) => a - b);
  return steps.length === 0 ? 0 : steps[Math.floor(steps.length / 2)]!;
}

/** The charted series, their forecasts (computed here) included. */
export function collectSeries(
  backend: ApiBackend,
  selection: SeriesSelection,
  anomalies: readonly ReportFinding[],
  baselines: readonly BaselineRecord[],
  findingForecasts: readonly ReportForecast[],
  engine: EngineAnalytics,
): ReportSeries[] {
  const anomalous = new Set(
    anomalies.map((a) => a.labels.series_id).filter((id) => id !== undefined),
  );
  const byKey = new Map(baselines.map((b) => [b.key, b]));
  const listed = backend
    .listSeries({ limit: selection.scanLimit })
    .series.filter((s) => s.samples > 0);
  // Each listed series' key is built once (up to `scanLimit` of them, on every request).
  const chosen = listed
    .map((s) => {
      const key = summaryKey(s);
      return { s, key, r: rank(s, key, anomalous, byKey) };
    })
    .filter(({ r }) => r < 3)
    .sort((a, b) => a.r - b.r || b.s.samples - a.s.samples || a.s.metric.localeCompare(b.s.metric))
    .slice(0, selection.maxSeries);
  const out: ReportSeries[] = [];
  for (const { s: summary, key } of chosen) {
    const read = backend.recentSamples(summary.id, selection.samplesPerSeries);
    if (!read) continue;
    const mean = DISTRIBUTIONS.has(summary.kind);
    const times: number[] = [];
    const values: (number | null)[] = [];
    for (const sample of read.samples) {
      times.push(sample.timeUnixMillis);
      const v = mean ? (sample.count ? sample.value / sample.count : Number.NaN) : sample.value;
      values.push(Number.isFinite(v) ? v : null);
    }
    const labels = stringLabels({
      ...pick(summary.resource, ['service.name']),
      ...summary.attributes,
    });
    const series: ReportSeries = {
      id: summary.id,
      metric: summary.metric,
      unit: summary.unit,
      labels,
      valueKind: mean ? 'mean' : 'value',
      times,
      values,
      anomalies: anomalies
        .filter((a) => a.labels.series_id === summary.id || a.labels.series === key)
        .map((a) => ({
          timeMillis: a.startsAtMillis,
          value: typeof a.evidence?.value === 'number' ? a.evidence.value : null,
          score: a.value ?? null,
          summary: a.summary,
        })),
    };
    const baseline = byKey.get(key);
    if (baseline && Number.isFinite(baseline.p50) && Number.isFinite(baseline.p95)) {
      series.band = {
        p50: baseline.p50,
        p95: baseline.p95,
        method: baseline.method,
        sampleCount: baseline.sampleCount,
      };
    }
    const finiteTimes: number[] = [];
    const finiteValues: number[] = [];
    values.forEach((v, i) => {
      if (v !== null) {
        finiteTimes.push(times[i]!);
        finiteValues.push(v);
      }
    });
    const trend =
      engine.trends.get(key) ?? computedTrend(summary.metric, finiteTimes, finiteValues);
    if (trend) series.trend = trend;
    series.forecast =
      findingForecasts.find((f) => f.seriesId === summary.id || f.series === key) ??
      (engine.forecasts.has(key)
        ? { ...engine.forecasts.get(key)!, seriesId: summary.id }
        : undefined) ??
      computedForecast(summary, key, finiteTimes, finiteValues, selection.forecastSteps);
    if (series.forecast === undefined) delete series.forecast;
    out.push(series);
  }
  return out;
}

function computedTrend(
  metric: string,
  times: readonly number[],
  values: readonly number[],
): ReportSeries['trend'] {
  const t = analyzeTrend(metric, times, values);
  if (t.direction === 'insufficient_data') return undefined;
  return {
    direction: t.direction,
    slopePerSecond: t.slopePerSecond,
    pValue: t.pValue,
    relativeChange: t.relativeChange,
  };
}

function computedForecast(
  summary: SeriesSummary,
  key: string,
  times: readonly number[],
  values: readonly number[],
  steps: number,
): ReportForecast | undefined {
  // `forecastSeries` holds out 4 horizons (+ 20 points) for its backtest: a short window gets
  // a shorter horizon rather than none.
  const horizon = Math.min(steps, Math.floor((times.length - 20) / 4));
  if (horizon < 1) return undefined;
  const step = medianStep(times);
  if (!(step > 0)) return undefined;
  const horizonSeconds = (horizon * step) / 1000;
  const f = forecastSeries(times, values, horizonSeconds);
  if (f.model === undefined || !Number.isFinite(f.predictedValue)) return undefined;
  return {
    metric: summary.metric,
    series: key,
    seriesId: summary.id,
    targetTimeMillis: f.targetTimeMillis,
    predicted: f.predictedValue,
    lower: f.lower,
    upper: f.upper,
    coverage: f.coverage,
    model: f.model,
    source: 'report',
  };
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (record[k] !== undefined) out[k] = record[k];
  return out;
}
