/**
 * OpenSLO SLI specs (`ratioMetric`, `thresholdMetric`) whose metric sources name this
 * system's metrics: `metricSource: { type: heterodyne, spec: { metric, quantity, where } }`.
 */
import type { MetricQuantity } from '../engines/slo/types.js';
import { readWhere } from './slo-reader-parts.js';
import type { MapReader } from './yaml-reader.js';
import { report } from './yaml-scalars.js';

function readMetricSource(parent: MapReader, key: string): MetricQuantity | undefined {
  const holder = parent.map(key);
  const source = holder.map('metricSource');
  if (!holder.has('metricSource')) {
    report(parent.ctx, holder.pathOf('metricSource'), 'is required', holder.mapNode);
    return undefined;
  }
  const type = source.string('type', 'heterodyne');
  if (type.toLowerCase() !== 'heterodyne') {
    report(
      parent.ctx,
      source.pathOf('type'),
      `must be heterodyne: this system reads its own metrics (got "${type}")`,
      source.node('type'),
    );
  }
  source.node('metricSourceRef');
  const spec = source.map('spec');
  if (!spec.has('metric'))
    report(
      parent.ctx,
      spec.pathOf('metric'),
      'is required (one of our metric names)',
      source.mapNode,
    );
  const metric = spec.string('metric', '');
  const quantity = spec.oneOf('quantity', ['count', 'sum'] as const, 'sum');
  const where = readWhere(spec, 'where');
  spec.finish();
  source.finish();
  holder.finish();
  return metric ? { metric, quantity, ...(where ? { where } : {}) } : undefined;
}

/** An OpenSLO SLI, read. */
export type OpenSloIndicator =
  | { kind: 'ratio'; good?: MetricQuantity; bad?: MetricQuantity; total: MetricQuantity }
  | { kind: 'threshold'; source: MetricQuantity };

/** Reads an SLI `spec` (one of `ratioMetric`, `thresholdMetric`). */
export function readSliSpec(spec: MapReader): OpenSloIndicator | undefined {
  const ratio = spec.has('ratioMetric');
  const threshold = spec.has('thresholdMetric');
  if (ratio === threshold) {
    report(
      spec.ctx,
      spec.path,
      'needs exactly one of ratioMetric and thresholdMetric',
      spec.mapNode,
    );
    return undefined;
  }
  if (threshold) {
    const source = readMetricSource(spec, 'thresholdMetric');
    spec.finish();
    return source ? { kind: 'threshold', source } : undefined;
  }
  const r = spec.map('ratioMetric');
  r.boolean('counter', true);
  if (r.has('good') === r.has('bad'))
    report(spec.ctx, r.path, 'needs exactly one of good and bad', r.mapNode);
  if (!r.has('total')) report(spec.ctx, r.pathOf('total'), 'is required', r.mapNode);
  const good = r.has('good') ? readMetricSource(r, 'good') : undefined;
  const bad = r.has('bad') ? readMetricSource(r, 'bad') : undefined;
  const total = r.has('total') ? readMetricSource(r, 'total') : undefined;
  r.finish();
  spec.finish();
  if (!total || (!good && !bad)) return undefined;
  return { kind: 'ratio', total, ...(good ? { good } : {}), ...(bad ? { bad } : {}) };
}
