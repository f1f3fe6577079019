/**
 * The received metrics as Prometheus text (format 0.0.4), streamed straight from the series
 * store: no intermediate OTLP objects, label text cached per series, and the output cut
 * into chunks with a return to the event loop at least every `sliceMillis` of work, so a
 * scrape of 100,000 series neither builds one giant string nor stalls ingestion.
 *
 * The translation follows the OTel "Prometheus and OpenMetrics Compatibility" specification
 * as `exporters/prometheus-translate.ts` does (names, `_total`, units, `job`/`instance`,
 * `otel_scope_*`, `target_info`), from the store's exact totals since the start
 * (`pass-through.ts`):
 *
 * - counters → `counter` (`_total`); gauges and up-down counters → `gauge`;
 * - histograms → `histogram`: cumulative `_bucket{le=...}` lines up to `+Inf` (= `_count`),
 *   `_sum`, `_count`; exponential histograms the same, with bounds from their scale (the
 *   text format has no native histograms);
 * - summaries → `summary` with the quantiles the producer sent.
 *
 * Resource identity: every resource gets `job` (`service.namespace/service.name`) and
 * `instance` (`service.instance.id`), and its own `target_info` sample. A resource whose
 * `job`/`instance` pair another resource already holds (two processes of a batch job with
 * the same `service.name` and no `service.instance.id`) would render the very same label
 * sets with different values, of which Prometheus keeps one; it gets one more label,
 * {@link RESOURCE_HASH_LABEL}, a hash of all its resource attributes, on its series and its
 * `target_info`. The resource seen first (lowest series id; the service's own resource
 * before any received one) keeps the plain labels.
 */
import { prometheusMetricName } from '@heterodyne/semconv';
import type { PrometheusKind } from '@heterodyne/semconv';
import {
  familyHeader,
  formatPrometheusValue,
  isValidMetricName,
  writeFamilySamples,
  writePrometheusText,
} from '../exporters/prometheus-text.js';
import type { MetricFamily } from '../exporters/prometheus-text.js';
import type {
  DroppedMetric,
  PrometheusTranslateOptions,
} from '../exporters/prometheus-translate.js';
import type { Attributes } from '../otlp/model.js';
import type { SeriesStore } from '../series/series-store.js';
import type { SeriesInfo, SeriesKind } from '../series/types.js';
import type { PassThrough } from './pass-through.js';
import {
  attributeBody,
  braces,
  canonicalKey,
  labelsBody,
  lesOf,
} from '../exporters/prometheus-label-text.js';
import { createResourceIdentity, TARGET_INFO } from '../exporters/prometheus-resource-identity.js';
import type { ResourceView } from '../exporters/prometheus-resource-identity.js';
import { Slicer } from './slicer.js';

export { RESOURCE_HASH_LABEL } from '../exporters/prometheus-resource-identity.js';

/** Options of {@link renderPassThroughText}. */
export interface PassThroughTextOptions extends PrometheusTranslateOptions {
  /**
   * Characters gathered before a chunk is handed on.
   * @default 65536
   */
  chunkChars?: number;
  /**
   * Longest stretch of rendering between two returns to the event loop, in milliseconds.
   * @default 8
   */
  sliceMillis?: number;
}

const PROMETHEUS_TYPE: Readonly<Record<SeriesKind, PrometheusKind>> = {
  gauge: 'gauge',
  counter: 'counter',
  updowncounter: 'gauge',
  histogram: 'histogram',
  exponential_histogram: 'histogram',
  summary: 'summary',
};
const QUANTILE = 'quantile';

/**
 * A Prometheus family being assembled from series: their ids only, so that the series'
 * descriptions are made as each is written and die young (100,000 descriptions held through
 * a scrape would make every young-generation collection copy them: 30-80 ms pauses).
 */
interface FamilyPlan {
  name: string;
  type: PrometheusKind;
  ids: number[];
}

/**
 * Streams the received metrics (and the service's own families `own`, merged by name)
 * as exposition text. Metrics left out (type conflicts, invalid names) are added to
 * `dropped`.
 */
export async function* renderPassThroughText(
  store: SeriesStore,
  passThrough: PassThrough,
  own: readonly MetricFamily[],
  dropped: DroppedMetric[],
  options: PassThroughTextOptions = {},
): AsyncGenerator<string> {
  const addSuffixes = options.addMetricSuffixes ?? true;
  const scopeLabels = options.scopeLabels ?? true;
  const withTargetInfo = options.targetInfo ?? true;
  const chunkChars = options.chunkChars ?? 65_536;
  const slicer = new Slicer(options.sliceMillis ?? 8);

  const identity = createResourceIdentity(own);
  const resourceOf = (attributes: Attributes): ResourceView => identity.viewOf(attributes);
  const ids = store.seriesIds();
  if (passThrough.baselineCount > 0) passThrough.forgetEvicted(new Set(ids));

  // Prometheus names by OTel name, then by unit and type.
  const names = new Map<string, Map<string, string>>();
  const nameOf = (info: SeriesInfo, type: PrometheusKind): string => {
    let byUnit = names.get(info.metric);
    if (byUnit === undefined) {
      byUnit = new Map();
      names.set(info.metric, byUnit);
    }
    const key = `${type}\u0000${info.unit}`;
    let name = byUnit.get(key);
    if (name === undefined) {
      name = prometheusMetricName(info.metric, info.unit, type, addSuffixes);
      byUnit.set(key, name);
    }
    return name;
  };

  // Summary quantiles arrive as gauge series with a `quantile` attribute: fold them back.
  const streamKey = (info: SeriesInfo): string =>
    `${canonicalKey(info.resource)}\u0000${info.scope.name}\u0000${info.scope.version}\u0000${info.metric}`;
  const summaries = new Set<string>();
  const quantiles = new Map<string, { quantile: number; value: number }[]>();
  const families = new Map<string, FamilyPlan>();
  // Gauges with a `quantile` attribute, decided once every summary is known.
  const candidates: number[] = [];
  for (const id of ids) {
    if (slicer.over()) await slicer.pause();
    const info = store.getSeries(id);
    if (info === undefined || info.lastSampleMillis === undefined) continue;
    resourceOf(info.resource);
    if (info.kind === 'summary') summaries.add(streamKey(info));
    if (info.kind === 'gauge' && info.attributes[QUANTILE] !== undefined) {
      candidates.push(id);
      continue;
    }
    plan(info);
  }
  for (const id of candidates) {
    if (slicer.over()) await slicer.pause();
    const info = store.getSeries(id);
    if (info === undefined) continue;
    if (summaries.has(streamKey(info))) {
      const q = Number(info.attributes[QUANTILE]);
      const value = store.recentSamples(info.id, 1)?.[0]?.value;
      if (value === undefined || !Number.isFinite(q)) continue;
      const key = `${streamKey(info)}\u0000${attributeBody(info.attributes, true)}`;
      const list = quantiles.get(key) ?? [];
      list.push({ quantile: q, value });
      quantiles.set(key, list);
    } else {
      plan(info);
    }
  }

  /** Adds a series to the family of its Prometheus name (or reports why it cannot). */
  function plan(info: SeriesInfo): void {
    const type = PROMETHEUS_TYPE[info.kind];
    const name = nameOf(info, type);
    let family = families.get(name);
    if (family === undefined) {
      if (!isValidMetricName(name)) {
        dropped.push({ name: info.metric, reason: 'invalid_point' });
        return;
      }
      family = { name, type, ids: [] };
      families.set(name, family);
    } else if (family.type !== type) {
      dropped.push({ name: info.metric, reason: 'type_conflict' });
      return;
    }
    family.ids.push(info.id);
  }

  // The fixed labels (scope, job, instance) of each resource + scope, rendered once.
  const fixedBodies = new Map<Attributes, Map<object, string>>();
  const fixedOf = (info: SeriesInfo): string => {
    let byScope = fixedBodies.get(info.resource);
    if (byScope === undefined) {
      byScope = new Map();
      fixedBodies.set(info.resource, byScope);
    }
    let body = byScope.get(info.scope);
    if (body === undefined) {
      const labels: [string, string][] = [];
      if (scopeLabels && info.scope.name !== '') labels.push(['otel_scope_name', info.scope.name]);
      if (scopeLabels && info.scope.version !== '')
        labels.push(['otel_scope_version', info.scope.version]);
      labels.push(...resourceOf(info.resource).target);
      body = labelsBody(labels);
      byScope.set(info.scope, body);
    }
    return body;
  };

  const ownByName = new Map<string, MetricFamily>();
  for (const family of own) ownByName.set(family.name, family);

  let out = '';

  // target_info: the service's own, then one per received resource.
  const ownInfo = ownByName.get(TARGET_INFO);
  ownByName.delete(TARGET_INFO);
  const infoLines: string[] = [];
  if (withTargetInfo) {
    for (const view of identity.views()) {
      if (view.info !== '') infoLines.push(`${TARGET_INFO}{${view.info}} 1\n`);
    }
  }
  const targetFamily = families.get(TARGET_INFO);
  if (targetFamily !== undefined && (ownInfo !== undefined || infoLines.length > 0)) {
    // A received metric named target_info would collide with the resource metadata.
    families.delete(TARGET_INFO);
    dropped.push(...droppedOf(targetFamily));
  }
  if (ownInfo !== undefined || infoLines.length > 0) {
    out += familyHeader(TARGET_INFO, ownInfo?.help ?? 'Target metadata', 'gauge');
    if (ownInfo !== undefined) out += writeFamilySamples(ownInfo);
    for (const line of infoLines) out += line;
  }

  for (const family of families.values()) {
    const ownFamily = ownByName.get(family.name);
    if (ownFamily !== undefined && ownFamily.type !== family.type) {
      // The service's own metric keeps the name.
      dropped.push(...droppedOf(family));
      continue;
    }
    ownByName.delete(family.name);
    out += familyHeader(family.name, ownFamily?.help ?? '', family.type);
    for (const id of family.ids) {
      const info = store.getSeries(id);
      if (info !== undefined) out += seriesLines(family, info);
      if (out.length >= chunkChars) {
        yield out;
        out = '';
      }
      if (slicer.over()) {
        if (out !== '') yield out;
        out = '';
        await slicer.pause();
      }
    }
    if (ownFamily !== undefined) out += writeFamilySamples(ownFamily);
  }
  out += writePrometheusText([...ownByName.values()]);
  if (out !== '') yield out;

  /** One type conflict per metric name of a family that is left out. */
  function droppedOf(family: FamilyPlan): DroppedMetric[] {
    const metrics = new Set<string>();
    for (const id of family.ids) {
      const metric = store.getSeries(id)?.metric;
      if (metric !== undefined) metrics.add(metric);
    }
    return [...metrics].map((name) => ({ name, reason: 'type_conflict' as const }));
  }

  function seriesLines(family: FamilyPlan, info: SeriesInfo): string {
    const own = attributeBody(info.attributes, false);
    const fixed = fixedOf(info);
    const body = own === '' ? fixed : fixed === '' ? own : `${own},${fixed}`;
    const name = family.name;
    switch (info.kind) {
      case 'gauge':
      case 'updowncounter': {
        const value = store.recentSamples(info.id, 1)?.[0]?.value;
        if (value === undefined) return '';
        return `${name}${braces(body)} ${formatPrometheusValue(value)}\n`;
      }
      case 'counter': {
        const totals = passThrough.totalsSinceStart(info.id);
        if (totals === undefined) return '';
        return `${name}${braces(body)} ${formatPrometheusValue(totals.sum)}\n`;
      }
      case 'summary': {
        const totals = passThrough.totalsSinceStart(info.id);
        if (totals === undefined) return '';
        const key = `${streamKey(info)}\u0000${own}`;
        const list = (quantiles.get(key) ?? []).sort((a, b) => a.quantile - b.quantile);
        const sep = body === '' ? '' : ',';
        let text = '';
        for (const q of list) {
          const label = `quantile="${formatPrometheusValue(q.quantile)}"`;
          text += `${name}{${body}${sep}${label}} ${formatPrometheusValue(q.value)}\n`;
        }
        text += `${name}_sum${braces(body)} ${formatPrometheusValue(totals.sum)}\n`;
        return `${text}${name}_count${braces(body)} ${formatPrometheusValue(totals.count)}\n`;
      }
      default: {
        const totals = passThrough.totalsSinceStart(info.id);
        if (totals === undefined) return '';
        const prefix = `${name}_bucket{${body}${body === '' ? '' : ','}`;
        let text = '';
        const buckets = totals.buckets;
        if (buckets !== undefined) {
          const les = lesOf(buckets.bounds);
          let cumulative = 0;
          for (let k = 0; k < les.length; k++) {
            cumulative += buckets.counts[k] as number;
            text += `${prefix}${les[k] as string}} ${formatPrometheusValue(cumulative)}\n`;
          }
        }
        const count = formatPrometheusValue(totals.count);
        text += `${prefix}le="+Inf"} ${count}\n`;
        text += `${name}_sum${braces(body)} ${formatPrometheusValue(totals.sum)}\n`;
        return `${text}${name}_count${braces(body)} ${count}\n`;
      }
    }
  }
}
