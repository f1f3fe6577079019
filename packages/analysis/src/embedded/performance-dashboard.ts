/**
 * `createPerformanceDashboard()`: a description of a performance dashboard with its data
 * (the seed's panels: SLI compliance with error budgets, performance trends with baseline
 * bands, anomalies, opportunities, health), for an application to render in its own UI or
 * save as JSON. It is not a Grafana dashboard: embedded mode has no Prometheus to query; the
 * generated Grafana dashboards read the service's `/metrics`.
 */
import { seriesName } from '../report/format.js';
import type { ReportData } from '../report/types.js';

/** One panel with the data it shows. */
export type DashboardPanel =
  | {
      type: 'slo';
      title: string;
      rows: {
        slo: string;
        labels: Record<string, string>;
        sli: number | null;
        target: number;
        budgetRemaining: number;
        state: string;
      }[];
    }
  | {
      type: 'timeseries';
      title: string;
      unit: string;
      /** [time ms, value] pairs. */
      points: [number, number | null][];
      /** The baseline band, when there is one. */
      band?: { p50: number; p95: number };
      /** Times of anomalies on this series. */
      anomalies: number[];
    }
  | { type: 'list'; title: string; items: { severity: string; summary: string; since: number }[] }
  | { type: 'stat'; title: string; values: Record<string, number | string> };

/** The dashboard. */
export interface PerformanceDashboard {
  title: string;
  generatedAtMillis: number;
  panels: DashboardPanel[];
}

/** The dashboard of `data` (collected with `collectReportData`). */
export function createPerformanceDashboard(data: ReportData): PerformanceDashboard {
  const panels: DashboardPanel[] = [
    {
      type: 'stat',
      title: 'System health',
      values: {
        status: data.health.status,
        activeSeries: data.health.activeSeries,
        activeAlerts: data.alerts.active.length,
        anomalies: data.anomalies.filter((a) => a.state === 'firing').length,
        opportunities: data.opportunities.filter((o) => o.state === 'firing').length,
      },
    },
    {
      type: 'slo',
      title: 'SLI compliance and error budgets',
      rows: data.slos.map((s) => ({
        slo: s.title,
        labels: s.labels,
        sli: s.sli,
        target: s.sliTarget,
        budgetRemaining: s.budgetRemaining,
        state: s.state,
      })),
    },
    ...data.series.map((s): DashboardPanel => ({
      type: 'timeseries',
      title: seriesName(s.metric, s.labels),
      unit: s.unit,
      points: s.times.map((t, i): [number, number | null] => [t, s.values[i] ?? null]),
      ...(s.band ? { band: { p50: s.band.p50, p95: s.band.p95 } } : {}),
      anomalies: s.anomalies.map((a) => a.timeMillis),
    })),
    {
      type: 'list',
      title: 'Anomalies',
      items: data.anomalies.map((a) => ({
        severity: a.severity,
        summary: a.summary,
        since: a.startsAtMillis,
      })),
    },
    {
      type: 'list',
      title: 'Optimization opportunities',
      items: data.opportunities.map((o) => ({
        severity: o.severity,
        summary: o.summary,
        since: o.startsAtMillis,
      })),
    },
    {
      type: 'list',
      title: 'Active alerts',
      items: data.alerts.active.map((a) => ({
        severity: a.severity,
        summary: a.summary,
        since: a.firstSeenAtMillis,
      })),
    },
  ];
  return { title: 'Performance dashboard', generatedAtMillis: data.generatedAtMillis, panels };
}
