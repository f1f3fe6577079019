/**
 * The OTel SDK's collected metrics (`@opentelemetry/sdk-metrics` `ResourceMetrics`) in the
 * decoded OTLP model of `otlp/model.ts`, so one Prometheus translation serves both the
 * service's own metrics and the metrics it received.
 */
import { ValueType } from '@opentelemetry/api';
import type { HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality as SdkTemporality,
  DataPointType,
} from '@opentelemetry/sdk-metrics';
import type { MetricData, ResourceMetrics as SdkResourceMetrics } from '@opentelemetry/sdk-metrics';
import { AggregationTemporality } from '../otlp/model.js';
import type {
  Attributes,
  Metric,
  MetricData as ModelData,
  ResourceMetrics,
} from '../otlp/model.js';

/** Nanoseconds since the epoch of an `HrTime` (as a double, like the decoders produce). */
export function hrTimeToNanos(time: HrTime): number {
  return time[0] * 1e9 + time[1];
}

function temporality(t: SdkTemporality): AggregationTemporality {
  return t === SdkTemporality.DELTA
    ? AggregationTemporality.DELTA
    : AggregationTemporality.CUMULATIVE;
}

function base(point: { attributes: object; startTime: HrTime; endTime: HrTime }): {
  attributes: Attributes;
  startTimeUnixNano: number;
  timeUnixNano: number;
  flags: number;
} {
  return {
    attributes: point.attributes as Attributes,
    startTimeUnixNano: hrTimeToNanos(point.startTime),
    timeUnixNano: hrTimeToNanos(point.endTime),
    flags: 0,
  };
}

function data(metric: MetricData): ModelData {
  const isInt = metric.descriptor.valueType === ValueType.INT;
  switch (metric.dataPointType) {
    case DataPointType.GAUGE:
      return {
        type: 'gauge',
        points: metric.dataPoints.map((p) => ({ ...base(p), value: p.value, isInt })),
      };
    case DataPointType.SUM:
      return {
        type: 'sum',
        temporality: temporality(metric.aggregationTemporality),
        isMonotonic: metric.isMonotonic,
        points: metric.dataPoints.map((p) => ({ ...base(p), value: p.value, isInt })),
      };
    case DataPointType.HISTOGRAM:
      return {
        type: 'histogram',
        temporality: temporality(metric.aggregationTemporality),
        points: metric.dataPoints.map((p) => ({
          ...base(p),
          count: p.value.count,
          sum: p.value.sum,
          bucketCounts: p.value.buckets.counts,
          explicitBounds: p.value.buckets.boundaries,
          min: p.value.min,
          max: p.value.max,
        })),
      };
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return {
        type: 'exponentialHistogram',
        temporality: temporality(metric.aggregationTemporality),
        points: metric.dataPoints.map((p) => ({
          ...base(p),
          count: p.value.count,
          sum: p.value.sum,
          scale: p.value.scale,
          zeroCount: p.value.zeroCount,
          positive: p.value.positive,
          negative: p.value.negative,
          min: p.value.min,
          max: p.value.max,
          zeroThreshold: 0,
        })),
      };
    default:
      return { type: 'empty' };
  }
}

/** Converts one SDK collection into the OTLP model. */
export function sdkMetricsToModel(collected: SdkResourceMetrics): ResourceMetrics {
  return {
    resource: {
      attributes: collected.resource.attributes as Attributes,
      droppedAttributesCount: 0,
    },
    schemaUrl: collected.resource.schemaUrl ?? '',
    scopeMetrics: collected.scopeMetrics.map((sm) => ({
      scope: {
        name: sm.scope.name,
        version: sm.scope.version ?? '',
        attributes: {},
        droppedAttributesCount: 0,
      },
      schemaUrl: sm.scope.schemaUrl ?? '',
      metrics: sm.metrics.map((m): Metric => ({
        name: m.descriptor.name,
        description: m.descriptor.description,
        unit: m.descriptor.unit,
        data: data(m),
      })),
    })),
  };
}
