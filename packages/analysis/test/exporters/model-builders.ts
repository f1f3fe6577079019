/** Small builders of decoded-OTLP model objects for the exporter tests. */
import type {
  Attributes,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  Metric,
  NumberDataPoint,
  ResourceMetrics,
  SummaryDataPoint,
} from '../../src/otlp/model.js';

const T0 = 1_700_000_000_000_000_000;

export function numberPoint(
  value: number,
  attributes: Attributes = {},
  flags = 0,
): NumberDataPoint {
  return {
    attributes,
    startTimeUnixNano: T0,
    timeUnixNano: T0 + 1e9,
    flags,
    value,
    isInt: Number.isInteger(value),
  };
}

export function histogramPoint(
  bounds: number[],
  counts: number[],
  sum: number | undefined,
  attributes: Attributes = {},
): HistogramDataPoint {
  return {
    attributes,
    startTimeUnixNano: T0,
    timeUnixNano: T0 + 1e9,
    flags: 0,
    count: counts.reduce((a, b) => a + b, 0),
    sum,
    bucketCounts: counts,
    explicitBounds: bounds,
    min: undefined,
    max: undefined,
  };
}

export function exponentialPoint(
  fields: Omit<
    ExponentialHistogramDataPoint,
    'attributes' | 'startTimeUnixNano' | 'timeUnixNano' | 'flags' | 'min' | 'max'
  >,
  attributes: Attributes = {},
): ExponentialHistogramDataPoint {
  return {
    attributes,
    startTimeUnixNano: T0,
    timeUnixNano: T0 + 1e9,
    flags: 0,
    min: undefined,
    max: undefined,
    ...fields,
  };
}

export function summaryPoint(
  count: number,
  sum: number,
  quantiles: [number, number][],
  attributes: Attributes = {},
): SummaryDataPoint {
  return {
    attributes,
    startTimeUnixNano: T0,
    timeUnixNano: T0 + 1e9,
    flags: 0,
    count,
    sum,
    quantileValues: quantiles.map(([quantile, value]) => ({ quantile, value })),
  };
}

export const gauge = (
  name: string,
  unit: string,
  points: NumberDataPoint[],
  description = '',
): Metric => ({
  name,
  description,
  unit,
  data: { type: 'gauge', points },
});

export const sum = (
  name: string,
  unit: string,
  points: NumberDataPoint[],
  options: { monotonic?: boolean; delta?: boolean; description?: string } = {},
): Metric => ({
  name,
  description: options.description ?? '',
  unit,
  data: {
    type: 'sum',
    points,
    temporality: options.delta ? 1 : 2,
    isMonotonic: options.monotonic ?? true,
  },
});

export const histogram = (
  name: string,
  unit: string,
  points: HistogramDataPoint[],
  options: { delta?: boolean; description?: string } = {},
): Metric => ({
  name,
  description: options.description ?? '',
  unit,
  data: { type: 'histogram', points, temporality: options.delta ? 1 : 2 },
});

export function resource(
  attributes: Attributes,
  metrics: Metric[],
  scope: { name: string; version: string } = { name: 'test-scope', version: '1.2.3' },
): ResourceMetrics {
  return {
    resource: { attributes, droppedAttributesCount: 0 },
    schemaUrl: '',
    scopeMetrics: [
      { scope: { ...scope, attributes: {}, droppedAttributesCount: 0 }, schemaUrl: '', metrics },
    ],
  };
}
