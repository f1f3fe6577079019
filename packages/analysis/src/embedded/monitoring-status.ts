/**
 * `getMonitoringStatus()`: the seed's status (`health_status`, `active_metrics`, ...) in
 * camelCase, computed from the in-process service's API backend.
 */
import type { ApiBackend, StatusReport } from '../api/types.js';

/** One SLO group in the status. */
export interface MonitoringSloStatus {
  id: string;
  title: string;
  labels: Record<string, string>;
  /** SLI over the budget window; null before any event. */
  sli: number | null;
  objective: number;
  budgetRemaining: number;
  /** `ok`, `no_data`, `burning`. */
  state: string;
}

/** What `getMonitoringStatus()` returns. */
export interface MonitoringStatus {
  /**
   * `critical`: a page-level burn alert or a critical alert fires; `degraded`: an SLO burns,
   * an alert fires or the service is not healthy; `healthy` otherwise; `stopped` when not
   * monitoring.
   */
  healthStatus: 'healthy' | 'degraded' | 'critical' | 'stopped';
  /** True while monitoring. */
  monitoring: boolean;
  /** Distinct metric names with active series. */
  activeMetrics: number;
  /** Active series. */
  activeSeries: number;
  slos: MonitoringSloStatus[];
  /** Alerts firing or acknowledged now. */
  activeAlerts: number;
  /** Conditions (findings) firing now. */
  firingFindings: number;
  /** Anomaly findings among the recent findings. */
  recentAnomalies: number;
  /** Batches of telemetry the service refused (queue full) and spans dropped. */
  refusedBatches: number;
  droppedSpans: number;
  /** The full service status (`/api/v1/status`); undefined when stopped. */
  service?: StatusReport;
}

/** The status from `backend` (undefined: not monitoring). */
export async function monitoringStatus(
  backend: ApiBackend | undefined,
  refusedBatches: number,
  droppedSpans: number,
): Promise<MonitoringStatus> {
  if (!backend) {
    return {
      healthStatus: 'stopped',
      monitoring: false,
      activeMetrics: 0,
      activeSeries: 0,
      slos: [],
      activeAlerts: 0,
      firingFindings: 0,
      recentAnomalies: 0,
      refusedBatches,
      droppedSpans,
    };
  }
  const service = await backend.status();
  const groups = (backend.listSlos() ?? []).flatMap((s) => s.groups);
  const slos = groups.map((g) => ({
    id: g.id,
    title: g.title,
    labels: { ...g.labels },
    sli: g.sli,
    objective: g.objective,
    budgetRemaining: g.budgetRemaining,
    state: g.state,
  }));
  const { findings, firing } = backend.listFindings({ limit: 1000 });
  const active = backend.alerting?.()?.active() ?? [];
  const critical =
    groups.some((g) => g.alerts.some((a) => a.firing && a.severity === 'page')) ||
    active.some((a) => (a as { labels?: { severity?: string } }).labels?.severity === 'critical');
  const degraded =
    service.health !== 'ok' || groups.some((g) => g.state === 'burning') || active.length > 0;
  const activeMetrics = Object.values(service.series.byMetric).filter((n) => n > 0).length;
  return {
    healthStatus: critical ? 'critical' : degraded ? 'degraded' : 'healthy',
    monitoring: true,
    activeMetrics,
    activeSeries: service.series.active,
    slos,
    activeAlerts: active.length,
    firingFindings: firing,
    recentAnomalies: findings.filter((f) => f.kind === 'anomaly' && f.state === 'firing').length,
    refusedBatches,
    droppedSpans,
    service,
  };
}
