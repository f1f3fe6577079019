/**
 * OTLP metrics (the decoded model of `otlp/model.ts`) → Prometheus metric families, as the
 * OTel "Prometheus and OpenMetrics Compatibility" specification's "OTLP Metric points to
 * Prometheus" section describes, for an endpoint that exposes several targets at once (the
 * Collector's case, ours with pass-through):
 *
 * - every sample gets `job` (`service.namespace/service.name`) and `instance`
 *   (`service.instance.id`) labels, and `otel_scope_name`/`otel_scope_version`;
 * - other resource attributes become one `target_info` gauge (value 1) per job/instance;
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
import type {
  AttributeValue,
  Attributes,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  Metric,
  ResourceMetrics,
} from '../otlp/model.js';
import { prometheusMetricName, sanitizeLabelName } from './prometheus-names.js';
import type { PrometheusKind } from './prometheus-names.js';
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

const SERVICE_NAME = 'service.name';
const SERVICE_NAMESPACE = 'service.namespace';
const SERVICE_INSTANCE_ID = 'service.instance.id';
const TEMPORALITY_CUMULATIVE = 2;
const RESERVED = new Set([
  'job',
  'instance',
  'le',
  'quantile',
  'otel_scope_name',
  'otel_scope_version',
]);

/** An attribute value as label text: strings as is, everything else as JSON (bytes in base64). */
export function labelValue(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '';
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
  );
}

/**
 * Attributes as labels. Keys that sanitize to the same name are merged with `;` in the
 * lexicographic order of the original keys; reserved names get the `exported_` prefix.
 */
export function attributeLabels(attributes: Attributes): [string, string][] {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return [];
  const byName = new Map<string, [string, string][]>();
  for (const key of keys) {
    let name = sanitizeLabelName(key);
    if (name === '') continue;
    // Sanitizing collapsed `__`, so no attribute can produce a reserved `__` label.
    if (RESERVED.has(name)) name = `exported_${name}`;
    const list = byName.get(name);
    const entry: [string, string] = [key, labelValue(attributes[key] as AttributeValue)];
    if (list) list.push(entry);
    else byName.set(name, [entry]);
  }
  const out: [string, string][] = [];
  for (const [name, list] of byName) {
    if (list.length === 1) out.push([name, (list[0] as [string, string])[1]]);
    else {
      list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      out.push([name, list.map(([, v]) => v).join(';')]);
    }
  }
  return out;
}

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
    out.push({ suffix: '_bucket', labels: [...labels, ['le', le]], value: cumulative });
  }
  out.push({ suffix: '_bucket', labels: [...labels, ['le', '+Inf']], value: point.count });
  if (point.sum !== undefined) out.push({ suffix: '_sum', labels, value: point.sum });
  out.push({ suffix: '_count', labels, value: point.count });
  return true;
}

/**
 * Classic buckets of an exponential histogram: bucket `i` of scale `s` covers
 * `(base^i, base^(i+1)]` with `base = 2^(2^-s)`, so its `le` is `base^(i+1)`; negative
 * buckets mirror that, and the zero bucket's `le` is the zero threshold.
 */
export function exponentialToExplicit(point: ExponentialHistogramDataPoint): HistogramDataPoint {
  const factor = 2 ** -point.scale;
  // 2^(index·factor) as 2^whole · 2^fraction: the power-of-two factor is exact, and pow on a
  // fraction in [0, 1) rounds better than on the whole exponent (2^1.5 would be 1 ulp off).
  const bound = (index: number): number => {
    const exponent = index * factor;
    const whole = Math.floor(exponent);
    return 2 ** (exponent - whole) * 2 ** whole;
  };
  const explicitBounds: number[] = [];
  const bucketCounts: number[] = [];
  const neg = point.negative;
  for (let k = neg.bucketCounts.length - 1; k >= 0; k -= 1) {
    explicitBounds.push(-bound(neg.offset + k));
    bucketCounts.push(neg.bucketCounts[k] as number);
  }
  explicitBounds.push(point.zeroThreshold);
  bucketCounts.push(point.zeroCount);
  const pos = point.positive;
  for (let k = 0; k < pos.bucketCounts.length; k += 1) {
    explicitBounds.push(bound(pos.offset + k + 1));
    bucketCounts.push(pos.bucketCounts[k] as number);
  }
  const counted = bucketCounts.reduce((a, b) => a + b, 0);
  bucketCounts.push(Math.max(0, point.count - counted));
  return { ...point, explicitBounds, bucketCounts };
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
          out.push({ suffix: '', labels: [...labels, ['quantile', quantile]], value: q.value });
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

function resourceLabels(attributes: Attributes): [string, string][] {
  const name = attributes[SERVICE_NAME];
  const namespace = attributes[SERVICE_NAMESPACE];
  const instance = attributes[SERVICE_INSTANCE_ID];
  const out: [string, string][] = [];
  if (name !== undefined && name !== '') {
    const job =
      namespace !== undefined && namespace !== ''
        ? `${labelValue(namespace)}/${labelValue(name)}`
        : labelValue(name);
    out.push(['job', job]);
  }
  if (instance !== undefined && instance !== '') out.push(['instance', labelValue(instance)]);
  return out;
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
  const targets = new Set<string>();
  for (const rm of resourceMetrics) {
    const target = resourceLabels(rm.resource.attributes);
    const others: Attributes = {};
    for (const [key, value] of Object.entries(rm.resource.attributes)) {
      if (key !== SERVICE_NAME && key !== SERVICE_NAMESPACE && key !== SERVICE_INSTANCE_ID)
        others[key] = value;
    }
    const targetKey = JSON.stringify(target);
    if ((options.targetInfo ?? true) && Object.keys(others).length > 0 && !targets.has(targetKey)) {
      targets.add(targetKey);
      targetInfo.samples.push({
        suffix: '',
        labels: [...target, ...attributeLabels(others)],
        value: 1,
      });
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
