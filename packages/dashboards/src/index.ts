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
export {
  createPrometheusRulesGenerator,
  PROMETHEUS_HAND_WRITTEN,
} from './prometheus/rules-generator.js';
export { generatePrometheusRules, SLO_RULES_FILE } from './prometheus/generate-rules.js';
export type {
  GeneratePrometheusRulesOptions,
  GeneratedPrometheusRules,
} from './prometheus/generate-rules.js';
export {
  errorRatioRecord,
  recordedWindows,
  SLO_ALERT_NAME,
  SLO_RECORD_BUDGET_REMAINING,
  SLO_RECORD_CURRENT_BURN_RATE,
  SLO_RECORD_ERROR_BUDGET,
  SLO_RECORD_OBJECTIVE,
  SLO_RECORD_PERIOD_BURN_RATE,
  SLO_RECORD_TIME_PERIOD_DAYS,
} from './prometheus/slo-rules.js';
export { errorRatioExpr } from './prometheus/error-ratio.js';
export type {
  PrometheusRule,
  PrometheusRuleGroup,
  RuleBurnAlert,
  RuleMetricQuantity,
  RuleSloDefinition,
  RuleSloIndicator,
  SkippedSlo,
} from './prometheus/types.js';
