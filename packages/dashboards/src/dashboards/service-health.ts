/**
 * The analysis service's own health, from its self-telemetry (`MONITOR_METRICS`): ingest
 * rate, drops by reason, refusals, queue, processing and store latency, series, engine
 * evaluation lag and duration, event loop and checkpoints.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  ATTR_MONITOR_DROP_REASON,
  ATTR_MONITOR_ENGINE,
  ATTR_MONITOR_REFUSAL_REASON,
  ATTR_MONITOR_SIGNAL,
  ATTR_MONITOR_STORE_OPERATION,
  ATTR_MONITOR_TRANSPORT,
  METRIC_MONITOR_CHECKPOINT_AGE,
  METRIC_MONITOR_ENGINE_EVALUATION_DURATION,
  METRIC_MONITOR_ENGINE_EVALUATION_LAG,
  METRIC_MONITOR_EVENTLOOP_DELAY_MAX,
  METRIC_MONITOR_POINTS_ACCEPTED,
  METRIC_MONITOR_POINTS_DROPPED,
  METRIC_MONITOR_POINTS_RECEIVED,
  METRIC_MONITOR_PROCESSING_DURATION,
  METRIC_MONITOR_QUEUE_CAPACITY,
  METRIC_MONITOR_QUEUE_POINTS,
  METRIC_MONITOR_QUEUE_SIZE,
  METRIC_MONITOR_REQUESTS_REFUSED,
  METRIC_MONITOR_SERIES_ACTIVE,
  METRIC_MONITOR_SERIES_LIMIT,
  METRIC_MONITOR_SERIES_REFUSED,
  METRIC_MONITOR_STORE_DURATION,
} from '@heterodyne/semconv';
import { bucket, label, prom } from '../metric-names.js';
import {
  RATE,
  baseDashboard,
  datasourceVariable,
  labelVariable,
  quantile,
  quantilePanel,
  statPanel,
  timeseriesPanel,
} from '../panel-kit.js';
import type { DashboardDefinition } from './dashboard-definition.js';

const sel = 'instance=~"$instance"';
const SIGNAL = label(ATTR_MONITOR_SIGNAL);
const ENGINE = label(ATTR_MONITOR_ENGINE);
const DROP = label(ATTR_MONITOR_DROP_REASON);
const rate = (metric: string): string => `rate(${metric}{${sel}}[${RATE}])`;

function build(datasourceName: string): dashboard.Dashboard {
  const received = prom(METRIC_MONITOR_POINTS_RECEIVED);
  const builder = baseDashboard(
    'heterodyne-service-health',
    'Heterodyne / Analysis service health',
    "The analysis service's own telemetry: ingest, drops, queue, latency, series and engine evaluation.",
    [
      datasourceVariable(datasourceName),
      labelVariable('instance', 'Replica', received, 'instance'),
    ],
  );
  builder
    .withRow(new dashboard.RowBuilder('Ingest'))
    .withPanel(
      statPanel({
        title: 'Ingest rate',
        description: 'Data points received per second, all replicas selected.',
        unit: 'cps',
        queries: [{ expr: `sum(${rate(received)})`, legend: 'received' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Drop ratio',
        description:
          'Share of received data points dropped (counted with a reason, never lost silently).',
        unit: 'percentunit',
        queries: [
          {
            expr: `(sum(${rate(prom(METRIC_MONITOR_POINTS_DROPPED))}) or vector(0)) / sum(${rate(received)})`,
            legend: 'dropped',
          },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Active series',
        description: "Series in the store, and the store's series limit.",
        unit: 'short',
        width: 12,
        queries: [
          { expr: `sum(${prom(METRIC_MONITOR_SERIES_ACTIVE)}{${sel}})`, legend: 'active' },
          { expr: `sum(${prom(METRIC_MONITOR_SERIES_LIMIT)}{${sel}})`, legend: 'limit' },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Points received and accepted',
        description:
          'Data points per second received (by signal and transport) and accepted into the pipeline.',
        unit: 'cps',
        queries: [
          {
            expr: `sum by (${SIGNAL}, ${label(ATTR_MONITOR_TRANSPORT)}) (${rate(received)})`,
            legend: `received {{${SIGNAL}}} {{${label(ATTR_MONITOR_TRANSPORT)}}}`,
          },
          {
            expr: `sum by (${SIGNAL}) (${rate(prom(METRIC_MONITOR_POINTS_ACCEPTED))})`,
            legend: `accepted {{${SIGNAL}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Drops by reason',
        description: 'Data points dropped per second, by signal and reason.',
        unit: 'cps',
        queries: [
          {
            expr: `sum by (${SIGNAL}, ${DROP}) (${rate(prom(METRIC_MONITOR_POINTS_DROPPED))})`,
            legend: `{{${SIGNAL}}} {{${DROP}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Requests refused by reason',
        description:
          'OTLP requests refused per second (too large, overloaded, unauthenticated, ...).',
        unit: 'reqps',
        queries: [
          {
            expr: `sum by (${label(ATTR_MONITOR_REFUSAL_REASON)}) (${rate(prom(METRIC_MONITOR_REQUESTS_REFUSED))})`,
            legend: `{{${label(ATTR_MONITOR_REFUSAL_REASON)}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'New series refused',
        description:
          'New series the store refused per second, by reason (series limit, memory limit, too long).',
        unit: 'cps',
        queries: [
          {
            expr: `sum by (${DROP}) (${rate(prom(METRIC_MONITOR_SERIES_REFUSED))})`,
            legend: `{{${DROP}}}`,
          },
        ],
      }),
    )
    .withRow(new dashboard.RowBuilder('Queue and latency'))
    .withPanel(
      timeseriesPanel({
        title: 'Queue fill',
        description: "Requests queued divided by the queue's capacity, per replica.",
        unit: 'percentunit',
        min: 0,
        max: 1,
        queries: [
          {
            // By instance: the two gauges carry different scope labels.
            expr: `max by (instance) (${prom(METRIC_MONITOR_QUEUE_SIZE)}{${sel}}) / max by (instance) (${prom(METRIC_MONITOR_QUEUE_CAPACITY)}{${sel}})`,
            legend: '{{instance}}',
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Queue depth',
        description: 'Requests and data points waiting in the ingest queue, per replica.',
        unit: 'short',
        queries: [
          { expr: `${prom(METRIC_MONITOR_QUEUE_SIZE)}{${sel}}`, legend: 'requests {{instance}}' },
          { expr: `${prom(METRIC_MONITOR_QUEUE_POINTS)}{${sel}}`, legend: 'points {{instance}}' },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Processing and store latency (p99)',
        description:
          "P99 of a request's processing time (by signal) and of store operations (by operation).",
        unit: 's',
        queries: [
          {
            expr: quantile(0.99, bucket(METRIC_MONITOR_PROCESSING_DURATION), sel, [SIGNAL]),
            legend: `processing {{${SIGNAL}}}`,
          },
          {
            expr: quantile(0.99, bucket(METRIC_MONITOR_STORE_DURATION), sel, [
              label(ATTR_MONITOR_STORE_OPERATION),
            ]),
            legend: `store {{${label(ATTR_MONITOR_STORE_OPERATION)}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Event loop delay (max)',
        description: 'Longest event-loop delay per replica: how long work waited for the process.',
        unit: 's',
        queries: [
          { expr: `${prom(METRIC_MONITOR_EVENTLOOP_DELAY_MAX)}{${sel}}`, legend: '{{instance}}' },
        ],
      }),
    )
    .withRow(new dashboard.RowBuilder('Engines and persistence'))
    .withPanel(
      quantilePanel({
        title: 'Evaluation lag (p99)',
        description:
          "How late each engine's evaluation started after its scheduled boundary (p99).",
        unit: 's',
        q: 0.99,
        bucketName: bucket(METRIC_MONITOR_ENGINE_EVALUATION_LAG),
        selector: sel,
        by: ENGINE,
      }),
    )
    .withPanel(
      quantilePanel({
        title: 'Evaluation duration (p95)',
        description: "How long each engine's evaluation takes (p95).",
        unit: 's',
        q: 0.95,
        bucketName: bucket(METRIC_MONITOR_ENGINE_EVALUATION_DURATION),
        selector: sel,
        by: ENGINE,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Checkpoint age',
        description: "Time since the series store's last checkpoint, per replica.",
        unit: 's',
        width: 24,
        queries: [
          { expr: `${prom(METRIC_MONITOR_CHECKPOINT_AGE)}{${sel}}`, legend: '{{instance}}' },
        ],
      }),
    );
  return builder.build();
}

/** The analysis service health dashboard. */
export const SERVICE_HEALTH: DashboardDefinition = {
  uid: 'heterodyne-service-health',
  file: 'heterodyne-service-health.json',
  build,
};
