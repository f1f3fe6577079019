import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** One generated dashboard. */
export interface DashboardDefinition {
  /** Stable UID (links and provisioning keep working across regenerations). */
  readonly uid: string;
  /** File name under `grafana/dashboards/`. */
  readonly file: string;
  /** Builds the dashboard; `datasourceName` is the default of its datasource variable. */
  build(datasourceName: string): dashboard.Dashboard;
}
