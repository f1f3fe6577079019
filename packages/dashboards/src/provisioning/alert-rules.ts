/**
 * Grafana-managed alert rules, built with the foundation SDK's alerting builders (HTTP API
 * shape): SLO burn-rate alerts and error budget exhaustion from the SLO engine's gauges,
 * and the analysis service's own health (drops, queue, evaluation lag). Each rule is a
 * Prometheus instant query (A), reduced to its last value (B), against a threshold (C).
 */
import * as alerting from '@grafana/grafana-foundation-sdk/alerting';
import * as expr from '@grafana/grafana-foundation-sdk/expr';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import {
  ATTR_MONITOR_DROP_REASON,
  ATTR_MONITOR_ENGINE,
  ATTR_OPERATION_NAME,
  ATTR_SLO_ALERT_SEVERITY,
  ATTR_SLO_ID,
  METRIC_MONITOR_ENGINE_EVALUATION_LAG,
  METRIC_MONITOR_POINTS_DROPPED,
  METRIC_MONITOR_QUEUE_CAPACITY,
  METRIC_MONITOR_QUEUE_SIZE,
  METRIC_SLO_ALERT_FIRING,
  METRIC_SLO_ERROR_BUDGET_REMAINING,
} from '@heterodyne/semconv';
import { bucket, label, prom } from '../metric-names.js';
import { DATASOURCE_UID, GRAFANA_FOLDER_UID } from './names.js';

/** The datasource of Grafana's server-side expressions. */
const EXPRESSION_DATASOURCE = { type: '__expr__', uid: '__expr__' };

type Comparison = 'gt' | 'lt';

/** What one alert rule is made of. */
interface RuleSpec {
  readonly uid: string;
  readonly title: string;
  readonly group: string;
  readonly expr: string;
  readonly comparison: Comparison;
  readonly threshold: number;
  /** Pending period. */
  readonly for: string;
  readonly severity: 'critical' | 'warning';
  readonly summary: string;
  readonly description: string;
  /** The dashboard the alert links to. */
  readonly dashboardUid: string;
  /** What no data means: `OK` where the metric only exists once something happened. */
  readonly noData: 'OK' | 'NoData';
}

const SLO_GROUP = 'Heterodyne SLOs';
const SERVICE_GROUP = 'Heterodyne analysis service';
/** Evaluation interval of both groups, in seconds. */
export const RULE_GROUP_INTERVAL_SECONDS = 60;

const SLO_BY = [label(ATTR_SLO_ID), 'service_name', label(ATTR_OPERATION_NAME)].join(', ');

/** The alert rules, as data. */
export const ALERT_RULE_SPECS: readonly RuleSpec[] = [
  {
    uid: 'heterodyne-slo-fast-burn',
    title: 'SLO fast burn (page)',
    group: SLO_GROUP,
    expr: `max by (${SLO_BY}) (${prom(METRIC_SLO_ALERT_FIRING)}{${label(ATTR_SLO_ALERT_SEVERITY)}="page"})`,
    comparison: 'gt',
    threshold: 0.5,
    for: '1m',
    severity: 'critical',
    summary: 'SLO {{ $labels.heterodyne_slo_id }} burns its error budget fast',
    description:
      'The multi-window page alert of SLO {{ $labels.heterodyne_slo_id }} fires for {{ $labels.service_name }} {{ $labels.heterodyne_operation_name }}: at this rate the budget is gone within days.',
    dashboardUid: 'heterodyne-slo-overview',
    noData: 'OK',
  },
  {
    uid: 'heterodyne-slo-slow-burn',
    title: 'SLO slow burn (ticket)',
    group: SLO_GROUP,
    expr: `max by (${SLO_BY}) (${prom(METRIC_SLO_ALERT_FIRING)}{${label(ATTR_SLO_ALERT_SEVERITY)}="ticket"})`,
    comparison: 'gt',
    threshold: 0.5,
    for: '5m',
    severity: 'warning',
    summary: 'SLO {{ $labels.heterodyne_slo_id }} burns its error budget',
    description:
      'The multi-window ticket alert of SLO {{ $labels.heterodyne_slo_id }} fires for {{ $labels.service_name }} {{ $labels.heterodyne_operation_name }}.',
    dashboardUid: 'heterodyne-slo-overview',
    noData: 'OK',
  },
  {
    uid: 'heterodyne-slo-budget-exhausted',
    title: 'SLO error budget exhausted',
    group: SLO_GROUP,
    expr: `min by (${SLO_BY}) (${prom(METRIC_SLO_ERROR_BUDGET_REMAINING)})`,
    comparison: 'lt',
    threshold: 0,
    for: '5m',
    severity: 'warning',
    summary: 'SLO {{ $labels.heterodyne_slo_id }} has spent its error budget',
    description:
      'SLO {{ $labels.heterodyne_slo_id }} for {{ $labels.service_name }} {{ $labels.heterodyne_operation_name }} has overspent its error budget ({{ $values.B.Value }} left).',
    dashboardUid: 'heterodyne-slo-overview',
    noData: 'OK',
  },
  {
    uid: 'heterodyne-points-dropped',
    title: 'Data points dropped',
    group: SERVICE_GROUP,
    expr: `sum by (instance, ${label(ATTR_MONITOR_DROP_REASON)}) (rate(${prom(METRIC_MONITOR_POINTS_DROPPED)}[5m]))`,
    comparison: 'gt',
    threshold: 0,
    for: '5m',
    severity: 'warning',
    summary:
      'The analysis service drops data points ({{ $labels.heterodyne_monitor_drop_reason }})',
    description:
      'Replica {{ $labels.instance }} has dropped data points for 5 minutes, reason {{ $labels.heterodyne_monitor_drop_reason }}.',
    dashboardUid: 'heterodyne-service-health',
    noData: 'OK',
  },
  {
    uid: 'heterodyne-queue-near-capacity',
    title: 'Ingest queue near capacity',
    group: SERVICE_GROUP,
    expr: `max by (instance) (${prom(METRIC_MONITOR_QUEUE_SIZE)}) / max by (instance) (${prom(METRIC_MONITOR_QUEUE_CAPACITY)})`,
    comparison: 'gt',
    threshold: 0.8,
    for: '5m',
    severity: 'warning',
    summary: 'The ingest queue of {{ $labels.instance }} is over 80 % full',
    description:
      'Replica {{ $labels.instance }} keeps its ingest queue over 80 % of capacity: it will soon refuse requests (429).',
    dashboardUid: 'heterodyne-service-health',
    noData: 'NoData',
  },
  {
    uid: 'heterodyne-evaluation-lag',
    title: 'Engine evaluations late',
    group: SERVICE_GROUP,
    expr: `histogram_quantile(0.99, sum by (le, instance, ${label(ATTR_MONITOR_ENGINE)}) (rate(${bucket(METRIC_MONITOR_ENGINE_EVALUATION_LAG)}[5m])))`,
    comparison: 'gt',
    threshold: 60,
    for: '10m',
    severity: 'warning',
    summary: 'Engine {{ $labels.heterodyne_monitor_engine }} evaluates over a minute late',
    description:
      'The p99 start lag of engine {{ $labels.heterodyne_monitor_engine }} on {{ $labels.instance }} has been over 60 s for 10 minutes.',
    dashboardUid: 'heterodyne-service-health',
    noData: 'OK',
  },
];

function ruleOf(spec: RuleSpec): alerting.RuleBuilder {
  const range = { from: 600, to: 0 };
  return new alerting.RuleBuilder(spec.title)
    .uid(spec.uid)
    .orgID(1)
    .folderUID(GRAFANA_FOLDER_UID)
    .ruleGroup(spec.group)
    .condition('C')
    .withQuery(
      new alerting.QueryBuilder('A')
        .datasourceUid(DATASOURCE_UID)
        .relativeTimeRange(range)
        .model(
          new prometheus.DataqueryBuilder()
            .refId('A')
            .datasource({ type: 'prometheus', uid: DATASOURCE_UID })
            .expr(spec.expr)
            .instant(),
        ),
    )
    .withQuery(
      new alerting.QueryBuilder('B')
        .datasourceUid(EXPRESSION_DATASOURCE.uid)
        .relativeTimeRange(range)
        .model(
          new expr.TypeReduceBuilder()
            .refId('B')
            .datasource(EXPRESSION_DATASOURCE)
            .expression('A')
            .reducer('last'),
        ),
    )
    .withQuery(
      new alerting.QueryBuilder('C')
        .datasourceUid(EXPRESSION_DATASOURCE.uid)
        .relativeTimeRange(range)
        .model(
          new expr.TypeThresholdBuilder()
            .refId('C')
            .datasource(EXPRESSION_DATASOURCE)
            .expression('B')
            .conditions([{ evaluator: { type: spec.comparison, params: [spec.threshold] } }]),
        ),
    )
    .forDuration(spec.for)
    .noDataState(spec.noData)
    .execErrState('Error')
    .labels({ severity: spec.severity, team: 'heterodyne' })
    .annotations({
      summary: spec.summary,
      description: spec.description,
      __dashboardUid__: spec.dashboardUid,
    })
    .isPaused(false);
}

/** The rule groups, in the HTTP API shape the foundation SDK builds. */
export function alertRuleGroups(): alerting.RuleGroup[] {
  const groups = new Map<string, alerting.RuleGroupBuilder>();
  for (const spec of ALERT_RULE_SPECS) {
    let group = groups.get(spec.group);
    if (group === undefined) {
      group = new alerting.RuleGroupBuilder(spec.group)
        .folderUid(GRAFANA_FOLDER_UID)
        .interval(RULE_GROUP_INTERVAL_SECONDS);
      groups.set(spec.group, group);
    }
    group.withRule(ruleOf(spec));
  }
  return [...groups.values()].map((g) => g.build());
}

/** The contact point: a webhook whose URL comes from `HETERODYNE_ALERT_WEBHOOK_URL`. */
export function contactPoints(): alerting.ContactPoint[] {
  return [
    new alerting.ContactPointBuilder()
      .uid('heterodyne-webhook')
      .name('heterodyne-webhook')
      .type('webhook')
      .settings({ url: '${HETERODYNE_ALERT_WEBHOOK_URL}', httpMethod: 'POST' })
      .disableResolveMessage(false)
      .build(),
  ];
}

/** The notification policy tree: everything to the webhook, critical alerts faster. */
export function notificationPolicy(): alerting.NotificationPolicy {
  return new alerting.NotificationPolicyBuilder()
    .receiver('heterodyne-webhook')
    .groupBy(['grafana_folder', 'alertname'])
    .groupWait('30s')
    .groupInterval('5m')
    .repeatInterval('4h')
    .routes([
      new alerting.NotificationPolicyBuilder()
        .receiver('heterodyne-webhook')
        .objectMatchers([['severity', '=', 'critical']])
        .groupWait('10s')
        .repeatInterval('1h'),
    ])
    .build();
}
