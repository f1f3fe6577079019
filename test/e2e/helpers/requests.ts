import type { Attributes, MetricsRequest } from '@heterodyne/analysis';

/** A metrics request with one gauge point, built from the model (for our encoder). */
export function gaugeRequest(options: {
  service: string;
  metric?: string;
  value: number;
  timeMillis: number;
  attributes?: Attributes;
  resource?: Attributes;
}): MetricsRequest {
  return {
    resourceMetrics: [
      {
        resource: {
          attributes: { 'service.name': options.service, ...options.resource },
          droppedAttributesCount: 0,
        },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { name: 'e2e', version: '1', attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics: [
              {
                name: options.metric ?? 'e2e.gauge',
                description: '',
                unit: '1',
                data: {
                  type: 'gauge',
                  points: [
                    {
                      attributes: options.attributes ?? {},
                      startTimeUnixNano: 0,
                      timeUnixNano: options.timeMillis * 1e6,
                      flags: 0,
                      value: options.value,
                      isInt: false,
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
}

/** The same gauge request in OTLP/JSON. */
export function gaugeJson(service: string, value: number, timeMillis: number): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeMetrics: [
          {
            scope: { name: 'e2e' },
            metrics: [
              {
                name: 'e2e.gauge',
                gauge: {
                  dataPoints: [{ timeUnixNano: String(timeMillis * 1e6), asDouble: value }],
                },
              },
            ],
          },
        ],
      },
    ],
  });
}
