/**
 * Observable gauges report what their callbacks observe now, and nothing once a callback is
 * gone. With cumulative temporality the SDK would keep exporting the last value of every
 * attribute set it ever saw (a derived gauge of an evicted series would never disappear);
 * delta temporality on observable gauges gives exactly the current observations. Gauges carry
 * no temporality on the wire (OTLP) or in the exposition (Prometheus), so nothing else changes.
 */
import { AggregationTemporality, InstrumentType } from '@opentelemetry/sdk-metrics';
import type {
  AggregationTemporalitySelector,
  PushMetricExporter,
} from '@opentelemetry/sdk-metrics';

/** `base`, except observable gauges, which get delta temporality. */
export function currentGaugeTemporality(
  base: AggregationTemporalitySelector = () => AggregationTemporality.CUMULATIVE,
): AggregationTemporalitySelector {
  return (instrumentType) =>
    instrumentType === InstrumentType.OBSERVABLE_GAUGE
      ? AggregationTemporality.DELTA
      : base(instrumentType);
}

/** `exporter`, with {@link currentGaugeTemporality} over its own temporality choice. */
export function withCurrentGauges(exporter: PushMetricExporter): PushMetricExporter {
  const base = exporter.selectAggregationTemporality?.bind(exporter);
  const wrapped: PushMetricExporter = {
    export: (metrics, done) => exporter.export(metrics, done),
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
    selectAggregationTemporality: currentGaugeTemporality(base),
  };
  if (exporter.selectAggregation)
    wrapped.selectAggregation = exporter.selectAggregation.bind(exporter);
  return wrapped;
}
