/**
 * OTLP metrics (the decoded model of `otlp/model.ts`) → Prometheus metric families, as the
 * OTel "Prometheus and OpenMetrics Compatibility" specification's "OTLP Metric points to
 * Prometheus" section describes, for an endpoint that exposes several targets at once (the
 * Collector's case, ours with pass-through):
 *
 * - every sample gets `job` (`service.namespace/service.name`) and `instance`
 *   (`service.instance.id`) labels, and `otel_scope_name`/`otel_scope_version`;
 * - other resource attributes become one `target_info` gauge (value 1) per resource; a
 *   resource whose `job`/`instance` an earlier one holds gets `otel_resource_hash` (see
 *   `prometheus-resource-identity.ts`) rather than rendering the same series twice;
 * - gauges → gauge; cumulative monotonic sums → counter (`_total`); cumulative
 *   non-monotonic sums → gauge; cumulative histograms → histogram; summaries → summary;
 *   delta sums and histograms are dropped (they need accumulating first);
 * - exponential histograms become classic histograms with the exact exponential bounds,
 *   since the text format has no native histograms;
 * - a point attribute whose label name collides with one added here (`job`, `instance`,
 *   `le`, `quantile`, `otel_scope_*`) is kept as `exported_<name>`, as Prometheus does;
 * - a metric whose name maps to a family of another type is dropped and reported.
 */
import { FLAG_NO_RECORDED_VALUE } from '../otlp/model.js';
import type { Attributes, HistogramDataPoint, Metric, ResourceMetrics } from '../otlp/model.js';
import { exponentialToExplicit } from './exponential-buckets.js';
import { attributeLabels } from './prometheus-labels.js';
import { createResourceIdentity } from './prometheus-resource-identity.js';
import type { ResourceView } from './prometheus-resource-identity.js';
import { prometheusMetricName } from '@heterodyne/semconv';
import type { PrometheusKind } from '@heterodyne/semconv';
import { formatPrometheusValue } from './prometheus-text.js';
import type { MetricFamily, PrometheusLabels, PrometheusSample } from './prometheus-text.js';

/** Options of {@link toPrometheusFamilies}. */
export interface PrometheusTranslateOptions {
  /** Unit and `_total` suffixes. @default true */
  addMetricSuffixes?: boolean;
  /** `otel_scope_name` / `otel_scope_version` labels. @default true */
  scopeLabels?: boolean;
  /** The `target_info` family. @default true */
  targetInfo?: boolean;
}

/** A metric that could not be exposed, and why. */
export interface DroppedMetric {
  name: string;
  reason: 'delta_temporality' | 'type_conflict' | 'no_data' | 'invalid_point';
}

/** The families, and what was left out. */
export interface PrometheusTranslation {
  families: MetricFamily[];
  dropped: DroppedMetric[];
}

const TEMPORALITY_CUMULATIVE = 2;
function kindOf(metric: Metric): PrometheusKind | 'drop-delta' | 'drop-empty' {
  const data = metric.data;
  switch (data.type) {
    case 'gauge':
      return 'gauge';
    case 'sum':
      if (data.temporality !== TEMPORALITY_CUMULATIVE) return 'drop-delta';
      return data.isMonotonic ? 'counter' : 'gauge';
    case 'histogram':
    case 'exponentialHistogram':
      return data.temporality === TEMPORALITY_CUMULATIVE ? 'histogram' : 'drop-delta';
    case 'summary':
      return 'summary';
    default:
      return 'drop-empty';
  }
}

function histogramSamples(
  point: HistogramDataPoint,
  labels: PrometheusLabels,
  out: PrometheusSample[],
): boolean {
  const { bucketCounts, explicitBounds } = point;
  if (bucketCounts.length !== 0 && bucketCounts.length !== explicitBounds.length + 1) return false;
  let cumulative = 0;
  for (let i = 0; i < explicitBounds.length && bucketCounts.length > 0; i += 1) {
    cumulative += bucketCounts[i] as number;
    const le = formatPrometheusValue(explicitBounds[i] as number);
    out.push({ suffix: '_bucket', labels, extra: ['le', le], value: cumulative });
  }
  out.push({ suffix: '_bucket', labels, extra: ['le', '+Inf'], value: point.count });
  if (point.sum !== undefined) out.push({ suffix: '_sum', labels, value: point.sum });
  out.push({ suffix: '_count', labels, value: point.count });
  return true;
}

function pointSamples(
  metric: Metric,
  labelsOf: (attributes: Attributes) => PrometheusLabels,
  out: PrometheusSample[],
): boolean {
  const data = metric.data;
  let valid = true;
  switch (data.type) {
    case 'gauge':
    case 'sum':
      for (const p of data.points) {
        if (p.flags & FLAG_NO_RECORDED_VALUE) continue;
        out.push({ suffix: '', labels: labelsOf(p.attributes), value: p.value });
      }
      break;
    case 'histogram':
      for (const p of data.points) {
        if (p.flags & FLAG_NO_RECORDED_VALUE) continue;
        valid = histogramSamples(p, labelsOf(p.attributes), out) && valid;
      }
      break;
    case 'exponentialHistogram':
      for (const p of data.points) {
        if (p.flags & FLAG_NO_RECORDED_VALUE) continue;
        valid = histogramSamples(exponentialToExplicit(p), labelsOf(p.attributes), out) && valid;
      }
      break;
    case 'summary':
      for (const p of data.points) {
        if (p.flags & FLAG_NO_RECORDED_VALUE) continue;
        const labels = labelsOf(p.attributes);
        const quantiles = [...p.quantileValues].sort((a, b) => a.quantile - b.quantile);
        for (const q of quantiles) {
          const quantile = formatPrometheusValue(q.quantile);
          out.push({ suffix: '', labels, extra: ['quantile', quantile], value: q.value });
        }
        out.push({ suffix: '_sum', labels, value: p.sum });
        out.push({ suffix: '_count', labels, value: p.count });
      }
      break;
    default:
      break;
  }
  return valid;
}

/** Translates resource metrics into metric families (see the module comment for the rules). */
export function toPrometheusFamilies(
  resourceMetrics: readonly ResourceMetrics[],
  options: PrometheusTranslateOptions = {},
): PrometheusTranslation {
  const addSuffixes = options.addMetricSuffixes ?? true;
  const scopeLabels = options.scopeLabels ?? true;
  const families = new Map<string, MetricFamily>();
  const dropped: DroppedMetric[] = [];
  const targetInfo: MetricFamily = {
    name: 'target_info',
    help: 'Target metadata',
    type: 'gauge',
    samples: [],
  };
  const identity = createResourceIdentity([]);
  const described = new Set<ResourceView>();
  for (const rm of resourceMetrics) {
    const view = identity.viewOf(rm.resource.attributes);
    const target = view.target;
    if ((options.targetInfo ?? true) && view.infoLabels !== undefined && !described.has(view)) {
      described.add(view);
      targetInfo.samples.push({ suffix: '', labels: view.infoLabels, value: 1 });
    }
    for (const sm of rm.scopeMetrics) {
      const scope: [string, string][] = [];
      if (scopeLabels && sm.scope.name !== '') scope.push(['otel_scope_name', sm.scope.name]);
      if (scopeLabels && sm.scope.version !== '')
        scope.push(['otel_scope_version', sm.scope.version]);
      const fixed = [...scope, ...target];
      const labelsOf = (attributes: Attributes): PrometheusLabels => {
        const own = attributeLabels(attributes);
        return own.length === 0 ? fixed : [...own, ...fixed];
      };
      for (const metric of sm.metrics) {
        const kind = kindOf(metric);
        if (kind === 'drop-delta' || kind === 'drop-empty') {
          dropped.push({
            name: metric.name,
            reason: kind === 'drop-delta' ? 'delta_temporality' : 'no_data',
          });
          continue;
        }
        const name = prometheusMetricName(metric.name, metric.unit, kind, addSuffixes);
        let family = families.get(name);
        if (family && family.type !== kind) {
          dropped.push({ name: metric.name, reason: 'type_conflict' });
          continue;
        }
        if (!family) {
          family = { name, help: metric.description, type: kind, samples: [] };
          families.set(name, family);
        } else if (family.help === '') {
          family.help = metric.description;
        }
        if (!pointSamples(metric, labelsOf, family.samples)) {
          dropped.push({ name: metric.name, reason: 'invalid_point' });
        }
      }
    }
  }
  if (targetInfo.samples.length > 0) {
    // A received metric named target_info would collide with ours: ours wins.
    if (families.delete('target_info'))
      dropped.push({ name: 'target_info', reason: 'type_conflict' });
    return { families: [targetInfo, ...families.values()], dropped };
  }
  return { families: [...families.values()], dropped };
}
