/**
 * Operations: what the instrumented analysis code records through `@heterodyne/sdk` —
 * latency percentiles from the duration histogram's buckets, throughput, errors, accuracy,
 * cache hit rate, compilation and security-check overhead, optimizer iterations, memory.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  ATTR_ACCURACY_PRESERVED,
  ATTR_CACHE_NAME,
  ATTR_CACHE_RESULT,
  ATTR_ERROR_TYPE,
  ATTR_MEMORY_TYPE,
  ATTR_OPERATION_NAME,
  ATTR_SECURITY_CHECK_NAME,
  METRIC_ACCURACY_ACHIEVED,
  METRIC_ACCURACY_CHECKS,
  METRIC_ACCURACY_VIOLATIONS,
  METRIC_CACHE_REQUESTS,
  METRIC_COMPILATION_DURATION,
  METRIC_MEMORY_USAGE,
  METRIC_MEMORY_UTILIZATION,
  METRIC_NON_FINITE_VALUES,
  METRIC_OPERATION_DURATION,
  METRIC_OPTIMIZATION_ITERATIONS,
  METRIC_SECURITY_CHECK_DURATION,
} from '@heterodyne/semconv';
import { bucket, count, label, prom, sum } from '../metric-names.js';
import {
  RATE,
  baseDashboard,
  datasourceVariable,
  labelVariable,
  quantile,
  quantilePanel,
  ratioOrZero,
  timeseriesPanel,
} from '../panel-kit.js';
import type { DashboardDefinition } from './dashboard-definition.js';

const OP = label(ATTR_OPERATION_NAME);
const ERROR = label(ATTR_ERROR_TYPE);
const CACHE = label(ATTR_CACHE_NAME);
const jobSel = 'job=~"$job"';
const sel = `${jobSel}, ${OP}=~"$operation"`;
const rate = (metric: string, selector = sel): string => `rate(${metric}{${selector}}[${RATE}])`;

function build(datasourceName: string): dashboard.Dashboard {
  const durationCount = count(METRIC_OPERATION_DURATION);
  const builder = baseDashboard(
    'heterodyne-operations',
    'Heterodyne / Operations',
    'Instrumented operations: latency, throughput, errors, accuracy, cache, compilation and security overhead, memory.',
    [
      datasourceVariable(datasourceName),
      labelVariable('job', 'Service', durationCount, 'job'),
      labelVariable('operation', 'Operation', `${durationCount}{${jobSel}}`, OP),
    ],
  );
  builder
    .withRow(new dashboard.RowBuilder('Latency, throughput and errors'))
    .withPanel(
      timeseriesPanel({
        title: 'Latency percentiles',
        description:
          'P50, P95 and P99 of heterodyne.operation.duration per operation, interpolated by histogram_quantile over the histogram buckets.',
        unit: 's',
        width: 24,
        queries: [0.5, 0.95, 0.99].map((q) => ({
          expr: quantile(q, bucket(METRIC_OPERATION_DURATION), sel, [OP]),
          legend: `p${Math.round(q * 100)} {{${OP}}}`,
        })),
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Throughput',
        description: 'Operations completed per second, per operation.',
        unit: 'ops',
        queries: [{ expr: `sum by (${OP}) (${rate(durationCount)})`, legend: `{{${OP}}}` }],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Error rate',
        description:
          'Share of operations that threw (error.type set on the duration point), per operation.',
        unit: 'percentunit',
        min: 0,
        queries: [
          {
            expr: ratioOrZero(rate(durationCount, `${sel}, ${ERROR}!=""`), rate(durationCount), [
              OP,
            ]),
            legend: `{{${OP}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Errors by type',
        description: 'Failed operations per second, by error.type.',
        unit: 'ops',
        width: 24,
        queries: [
          {
            expr: `sum by (${OP}, ${ERROR}) (${rate(durationCount, `${sel}, ${ERROR}!=""`)})`,
            legend: `{{${OP}}} {{${ERROR}}}`,
          },
        ],
      }),
    )
    .withRow(new dashboard.RowBuilder('Accuracy'))
    .withPanel(
      timeseriesPanel({
        title: 'Accuracy achieved',
        description:
          'Mean and 5th percentile of heterodyne.accuracy.achieved per operation (1 = exact).',
        unit: 'percentunit',
        queries: [
          {
            expr: `sum by (${OP}) (${rate(sum(METRIC_ACCURACY_ACHIEVED))}) / sum by (${OP}) (${rate(count(METRIC_ACCURACY_ACHIEVED))})`,
            legend: `mean {{${OP}}}`,
          },
          {
            expr: quantile(0.05, bucket(METRIC_ACCURACY_ACHIEVED), sel, [OP]),
            legend: `p5 {{${OP}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Accuracy preserved',
        description:
          'Share of accuracy checks that preserved the expected accuracy, per operation.',
        unit: 'percentunit',
        queries: [
          {
            expr: ratioOrZero(
              rate(
                prom(METRIC_ACCURACY_CHECKS),
                `${sel}, ${label(ATTR_ACCURACY_PRESERVED)}="true"`,
              ),
              rate(prom(METRIC_ACCURACY_CHECKS)),
              [OP],
            ),
            legend: `preserved {{${OP}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Accuracy violations',
        description: 'Operations per second whose achieved accuracy fell below the expected one.',
        unit: 'ops',
        queries: [
          {
            expr: `sum by (${OP}) (${rate(prom(METRIC_ACCURACY_VIOLATIONS))}) or (sum by (${OP}) (${rate(prom(METRIC_ACCURACY_CHECKS))}) * 0)`,
            legend: `{{${OP}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Non-finite results',
        description: 'NaN and infinite values per second found in operation results.',
        unit: 'cps',
        queries: [
          {
            expr: `sum by (${OP}) (${rate(prom(METRIC_NON_FINITE_VALUES))}) or (sum by (${OP}) (${rate(durationCount)}) * 0)`,
            legend: `{{${OP}}}`,
          },
        ],
      }),
    )
    .withRow(new dashboard.RowBuilder('Cache, compilation and security'))
    .withPanel(
      timeseriesPanel({
        title: 'Cache hit rate',
        description: 'Share of cache lookups that hit, per cache.',
        unit: 'percentunit',
        min: 0,
        max: 1,
        queries: [
          {
            expr: ratioOrZero(
              rate(prom(METRIC_CACHE_REQUESTS), `${jobSel}, ${label(ATTR_CACHE_RESULT)}="hit"`),
              rate(prom(METRIC_CACHE_REQUESTS), jobSel),
              [CACHE],
            ),
            legend: `{{${CACHE}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Compilation and security overhead',
        description:
          'Seconds spent compiling (JIT, kernels) and in security checks, divided by the seconds spent in operations, per service.',
        unit: 'percentunit',
        min: 0,
        queries: [
          {
            expr: `sum by (job) (${rate(sum(METRIC_COMPILATION_DURATION), jobSel)}) / sum by (job) (${rate(sum(METRIC_OPERATION_DURATION), jobSel)})`,
            legend: 'compilation {{job}}',
          },
          {
            expr: `sum by (job) (${rate(sum(METRIC_SECURITY_CHECK_DURATION), jobSel)}) / sum by (job) (${rate(sum(METRIC_OPERATION_DURATION), jobSel)})`,
            legend: 'security {{job}}',
          },
        ],
      }),
    )
    .withPanel(
      quantilePanel({
        title: 'Compilation time (p95)',
        description: 'P95 of heterodyne.jit.compilation.duration per compiled unit.',
        unit: 's',
        q: 0.95,
        bucketName: bucket(METRIC_COMPILATION_DURATION),
        selector: jobSel,
        by: OP,
      }),
    )
    .withPanel(
      quantilePanel({
        title: 'Security check time (p95)',
        description: 'P95 of heterodyne.security.check.duration per check.',
        unit: 's',
        q: 0.95,
        bucketName: bucket(METRIC_SECURITY_CHECK_DURATION),
        selector: jobSel,
        by: label(ATTR_SECURITY_CHECK_NAME),
      }),
    )
    .withRow(new dashboard.RowBuilder('Optimizer and memory'))
    .withPanel(
      quantilePanel({
        title: 'Optimizer iterations (median)',
        description: 'Median iterations per fit, per operation and method.',
        unit: 'short',
        q: 0.5,
        bucketName: bucket(METRIC_OPTIMIZATION_ITERATIONS),
        selector: sel,
        by: OP,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Memory in use',
        description: 'Process memory by kind (rss, heap used, heap limit, ...), per instance.',
        unit: 'bytes',
        queries: [
          {
            expr: `${prom(METRIC_MEMORY_USAGE)}{${jobSel}}`,
            legend: `{{instance}} {{${label(ATTR_MEMORY_TYPE)}}}`,
          },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: 'Heap utilization',
        description: 'Heap used divided by the heap limit, per instance.',
        unit: 'percentunit',
        min: 0,
        max: 1,
        width: 24,
        queries: [
          { expr: `${prom(METRIC_MEMORY_UTILIZATION)}{${jobSel}}`, legend: '{{instance}}' },
        ],
      }),
    );
  return builder.build();
}

/** The operations dashboard. */
export const OPERATIONS: DashboardDefinition = {
  uid: 'heterodyne-operations',
  file: 'heterodyne-operations.json',
  build,
};
