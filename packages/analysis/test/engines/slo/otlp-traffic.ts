/** OTLP requests with cumulative counters and a histogram, as an SDK would export them. */
import { encodeMetricsProtobuf } from '../../../src/otlp/encode-metrics.js';
import type { Metric, MetricsRequest } from '../../../src/otlp/model.js';

/** Cumulative totals of the traffic so far. */
export interface Totals {
  ops: number;
  errors: number;
  /** Per-bucket counts of `app.duration` over bounds [0.1, 0.5, 1]. */
  buckets: [number, number, number, number];
}

/** The request exporting `totals` at `timeMillis` (start time `startMillis`). */
export function trafficRequest(
  totals: Totals,
  timeMillis: number,
  startMillis: number,
  service = 'fitter',
): Uint8Array {
  const base = {
    attributes: { 'heterodyne.operation.name': 'fit' },
    startTimeUnixNano: startMillis * 1e6,
    timeUnixNano: timeMillis * 1e6,
    flags: 0,
  };
  const counter = (name: string, value: number): Metric => ({
    name,
    description: '',
    unit: '{operation}',
    data: {
      type: 'sum',
      temporality: 2,
      isMonotonic: true,
      points: [{ ...base, value, isInt: true }],
    },
  });
  const count = totals.buckets.reduce((a, b) => a + b, 0);
  const request: MetricsRequest = {
    resourceMetrics: [
      {
        resource: { attributes: { 'service.name': service }, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { name: 'app', version: '', attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics: [
              counter('app.ops', totals.ops),
              counter('app.errors', totals.errors),
              {
                name: 'app.duration',
                description: '',
                unit: 's',
                data: {
                  type: 'histogram',
                  temporality: 2,
                  points: [
                    {
                      ...base,
                      count,
                      sum: count * 0.3,
                      bucketCounts: [...totals.buckets],
                      explicitBounds: [0.1, 0.5, 1],
                      min: undefined,
                      max: undefined,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  return encodeMetricsProtobuf(request);
}
