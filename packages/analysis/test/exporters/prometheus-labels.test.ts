import { describe, expect, it } from 'vitest';
import { attributeLabels, labelValue } from '../../src/exporters/prometheus-labels.js';
import { decodeMetricsJson } from '../../src/otlp/decode-json.js';
import { decodeMetricsProtobuf } from '../../src/otlp/decode-protobuf.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import type { MetricsRequest } from '../../src/otlp/model.js';

describe('attributeLabels', () => {
  it('merges keys that sanitize alike with ";" in the order of the original keys', () => {
    expect(attributeLabels({ a_b: 'second', 'a.b': 'first', 'a-b': 'zeroth' })).toEqual([
      ['a_b', 'zeroth;first;second'],
    ]);
  });

  it('keeps attributes that collide with added labels as exported_<name>, and collapses leading underscores', () => {
    expect(
      attributeLabels({ job: 'batch', le: '5', quantile: 'q', instance: 'i', __meta: 'm' }),
    ).toEqual([
      ['exported_job', 'batch'],
      ['exported_le', '5'],
      ['exported_quantile', 'q'],
      ['exported_instance', 'i'],
      ['_meta', 'm'],
    ]);
  });
});

describe('labelValue', () => {
  it.each([
    ['text', 'text'],
    [42, '42'],
    [0.5, '0.5'],
    [true, 'true'],
    [null, ''],
    [[1, 'a', false], '[1,"a",false]'],
    [{ k: 'v', n: 1 }, '{"k":"v","n":1}'],
    [new Uint8Array([104, 105]), 'aGk='],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [[1.5, NaN, Infinity, -Infinity], '[1.5,"NaN","Infinity","-Infinity"]'],
    [{ n: NaN, b: new Uint8Array([255]), e: null }, '{"n":"NaN","b":"/w==","e":null}'],
    [[null, 'q"uote', [true]], '[null,"q\\"uote",[true]]'],
  ])('%j → %j', (value, text) => {
    expect(labelValue(value)).toBe(text);
  });

  it('writes bytes as plain base64 from both decoders (a Buffer and a Uint8Array view)', () => {
    const backing = Buffer.from([0, 104, 105, 0]);
    expect(labelValue(backing.subarray(1, 3))).toBe('aGk=');
    expect(labelValue(new Uint8Array(backing.buffer, backing.byteOffset + 1, 2))).toBe('aGk=');
    expect(labelValue([backing.subarray(1, 3)])).toBe('["aGk="]');
  });
});

describe('AnyValue labels through the OTLP decoders', () => {
  const attributes = {
    blob: new Uint8Array([104, 105]),
    list: [1.5, NaN, Infinity],
    map: { inner: new Uint8Array([255]), x: -Infinity },
  };
  const request: MetricsRequest = {
    resourceMetrics: [
      {
        resource: { attributes: {}, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { name: 's', version: '', attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics: [
              {
                name: 'm',
                description: '',
                unit: '',
                data: {
                  type: 'gauge',
                  points: [
                    {
                      attributes,
                      startTimeUnixNano: 0,
                      timeUnixNano: 1e18,
                      flags: 0,
                      value: 1,
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
  const expected = [
    ['blob', 'aGk='],
    ['list', '[1.5,"NaN","Infinity"]'],
    ['map', '{"inner":"/w==","x":"-Infinity"}'],
  ];
  const labelsOf = (decoded: MetricsRequest): [string, string][] => {
    const data = decoded.resourceMetrics[0]?.scopeMetrics[0]?.metrics[0]?.data;
    if (data?.type !== 'gauge') throw new Error('expected a gauge');
    return attributeLabels(data.points[0]?.attributes ?? {});
  };

  it('protobuf', () => {
    const decoded = decodeMetricsProtobuf(encodeMetricsProtobuf(request));
    if (!decoded.ok) throw decoded.error;
    expect(labelsOf(decoded.value)).toEqual(expected);
  });

  it('JSON', () => {
    const json = JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'm',
                  gauge: {
                    dataPoints: [
                      {
                        timeUnixNano: '1000000000000000000',
                        asDouble: 1,
                        attributes: [
                          { key: 'blob', value: { bytesValue: 'aGk=' } },
                          {
                            key: 'list',
                            value: {
                              arrayValue: {
                                values: [
                                  { doubleValue: 1.5 },
                                  { doubleValue: 'NaN' },
                                  { doubleValue: 'Infinity' },
                                ],
                              },
                            },
                          },
                          {
                            key: 'map',
                            value: {
                              kvlistValue: {
                                values: [
                                  { key: 'inner', value: { bytesValue: '/w==' } },
                                  { key: 'x', value: { doubleValue: '-Infinity' } },
                                ],
                              },
                            },
                          },
                        ],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    const decoded = decodeMetricsJson(json);
    if (!decoded.ok) throw decoded.error;
    expect(labelsOf(decoded.value)).toEqual(expected);
  });
});
