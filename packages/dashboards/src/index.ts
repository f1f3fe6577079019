/**
 * `@heterodyne/dashboards`: Grafana dashboards, provisioning and alert rules as code, built
 * with the Grafana foundation SDK from the names in `@heterodyne/semconv`.
 */
export type { GeneratedFile, Generator } from './generator.js';
export {
  GRAFANA_GENERATOR,
  buildDashboard,
  dashboardFiles,
  generateGrafanaFiles,
} from './grafana-generator.js';
export { DASHBOARDS } from './dashboards/all-dashboards.js';
export type { DashboardDefinition } from './dashboards/dashboard-definition.js';
export { dashboardQueries, panelsOf, substituteVariables } from './panel-queries.js';
export type { DashboardQuery } from './panel-queries.js';
export { DATASOURCE_VARIABLE, RATE } from './panel-kit.js';
export {
  ALERT_RULE_SPECS,
  alertRuleGroups,
  contactPoints,
  notificationPolicy,
} from './provisioning/alert-rules.js';
export { toAlertingFile } from './provisioning/alerting-file.js';
export type {
  AlertingFile,
  AlertingFileOptions,
  FileRule,
  FileRuleGroup,
} from './provisioning/alerting-file.js';
export {
  DATASOURCE_NAME,
  DATASOURCE_UID,
  GRAFANA_FOLDER,
  GRAFANA_FOLDER_UID,
  ENV_ALERT_WEBHOOK_URL,
  ENV_PROMETHEUS_URL,
} from './provisioning/names.js';
export { prom, label, bucket, count, sum, definitionOf } from './metric-names.js';
export { PENDING_METRICS } from './pending-metrics.js';
