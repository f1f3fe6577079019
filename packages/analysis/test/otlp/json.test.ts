import { describe, expect, it } from 'vitest';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from '../../src/otlp/decode-json.js';
import { encodeLogsProtobuf } from '../../src/otlp/encode-logs.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import { encodeTracesProtobuf } from '../../src/otlp/encode-traces.js';
import { OtlpDecodeError } from '../../src/otlp/model.js';
import type protobuf from 'protobufjs';
import {
  LogsRequestType,
  MetricsRequestType,
  TracesRequestType,
} from './helpers/protobufjs-otlp.js';
import {
  randomLogsRequest,
  randomMetricsRequest,
  randomTracesRequest,
} from './helpers/random-requests.js';

function errorOf(result: { ok: true } | { ok: false; error: OtlpDecodeError }): string {
  if (result.ok) throw new Error('expected a decode error');
  expect(result.error).toBeInstanceOf(OtlpDecodeError);
  return result.error.message;
}

function valueOf<T>(result: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * OTLP/JSON of protobuf bytes, produced independently of our code: protobufjs `toObject`
 * in JSON mode (int64 as strings, enums as names, bytes as base64, NaN as "NaN"), then
 * trace and span ids rewritten from base64 to hex as OTLP/JSON requires.
 */
function otlpJson(type: protobuf.Type, bytes: Uint8Array): string {
  const object = type.toObject(type.decode(bytes), {
    json: true,
    longs: String,
    enums: String,
    bytes: String,
  });
  const ids = new Set(['traceId', 'spanId', 'parentSpanId']);
  const fix = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fix);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k,
        ids.has(k) && typeof x === 'string' ? Buffer.from(x, 'base64').toString('hex') : fix(x),
      ]),
    );
  };
  return JSON.stringify(fix(object));
}

/** JSON has no -0: the expected model after a JSON trip has +0 instead. */
function withoutNegativeZero<T>(v: T): T {
  if (Object.is(v, -0)) return 0 as T;
  if (Array.isArray(v)) return v.map(withoutNegativeZero) as T;
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutNegativeZero(x)])) as T;
  }
  return v;
}

describe('OTLP/JSON decoding', () => {
  it('decodes independently produced OTLP/JSON of random requests to the same model', () => {
    for (let seed = 500; seed < 530; seed++) {
      const metrics = randomMetricsRequest(seed);
      const metricsJson = otlpJson(MetricsRequestType, encodeMetricsProtobuf(metrics));
      expect(valueOf(decodeMetricsJson(metricsJson))).toEqual(withoutNegativeZero(metrics));
      const traces = randomTracesRequest(seed);
      const tracesJson = otlpJson(TracesRequestType, encodeTracesProtobuf(traces));
      expect(valueOf(decodeTracesJson(tracesJson))).toEqual(withoutNegativeZero(traces));
      const logs = randomLogsRequest(seed);
      const logsJson = otlpJson(LogsRequestType, encodeLogsProtobuf(logs));
      expect(valueOf(decodeLogsJson(new TextEncoder().encode(logsJson)))).toEqual(
        withoutNegativeZero(logs),
      );
    }
  });

  it('accepts snake_case keys, integers as strings or numbers, enum names and special doubles', () => {
    const text = JSON.stringify({
      resource_metrics: [
        {
          resource: { attributes: [{ key: 'n', value: { int_value: '42' } }] },
          scope_metrics: [
            {
              metrics: [
                {
                  name: 'sum',
                  sum: {
                    aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA',
                    is_monotonic: true,
                    data_points: [
                      { time_unix_nano: 1_700_000_000_000_000_000, as_int: '-7' },
                      { timeUnixNano: '1700000000123456789', asDouble: 'NaN', flags: 1 },
                      { asDouble: '-Infinity', startTimeUnixNano: null },
                    ],
                  },
                },
                {
                  name: 'h',
                  histogram: {
                    aggregationTemporality: 2,
                    dataPoints: [
                      { count: '3', bucketCounts: ['1', 2], explicitBounds: [1], sum: 'Infinity' },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    const decoded = valueOf(decodeMetricsJson(text));
    const rm = decoded.resourceMetrics[0]!;
    expect(rm.resource.attributes).toEqual({ n: 42 });
    const [sum, histogram] = rm.scopeMetrics[0]!.metrics;
    expect(sum!.data).toMatchObject({ type: 'sum', temporality: 1, isMonotonic: true });
    if (sum!.data.type !== 'sum') return;
    const [p0, p1, p2] = sum!.data.points;
    expect(p0).toMatchObject({ timeUnixNano: 1.7e18, value: -7, isInt: true });
    expect(p1!.timeUnixNano).toBe(Number(1_700_000_000_123_456_789n));
    expect(p1).toMatchObject({ value: NaN, isInt: false, flags: 1 });
    expect(p2).toMatchObject({ value: -Infinity, startTimeUnixNano: 0 });
    expect(histogram!.data).toMatchObject({
      type: 'histogram',
      points: [{ count: 3, bucketCounts: [1, 2], explicitBounds: [1], sum: Infinity }],
    });
  });

  it('lowercases hex ids, reads enum names and ignores unknown fields', () => {
    const text = JSON.stringify({
      resourceSpans: [
        {
          futureField: { anything: [1, 2] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '5B8EFFF798038103D269B633813FC60C',
                  spanId: 'EEE19B7EC3C1B174',
                  kind: 'SPAN_KIND_CONSUMER',
                  status: { code: 'STATUS_CODE_ERROR', message: 'x' },
                  events: [{}, {}],
                  attributes: [{ key: 'b', value: { bytesValue: 'AQID' } }],
                },
              ],
            },
          ],
        },
      ],
    });
    const span = valueOf(decodeTracesJson(text)).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      kind: 5,
      status: { code: 2, message: 'x' },
      eventsCount: 2,
      attributes: { b: new Uint8Array([1, 2, 3]) },
    });
  });

  it('reports invalid JSON, bodies that are not objects and invalid UTF-8', () => {
    expect(errorOf(decodeMetricsJson('{"resourceMetrics": ['))).toMatch(/^invalid JSON: /);
    expect(errorOf(decodeMetricsJson('[]'))).toBe('body must be a JSON object, got array');
    expect(errorOf(decodeLogsJson(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe(
      'body is not valid UTF-8',
    );
  });

  it('names the field and path of every wrong type', () => {
    const metric = (m: unknown) =>
      JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [m] }] }] });
    const at = 'resourceMetrics[0].scopeMetrics[0].metrics[0]';
    const table: [string, string][] = [
      [JSON.stringify({ resourceMetrics: {} }), 'resourceMetrics must be an array, got object'],
      [
        JSON.stringify({ resourceMetrics: [1] }),
        'resourceMetrics[0] must be an object, got number',
      ],
      [metric({ name: 5 }), `${at}: name must be a string, got number`],
      [
        metric({ gauge: { dataPoints: [{ timeUnixNano: '12a' }] } }),
        `${at}.gauge.dataPoints[0]: timeUnixNano must be a non-negative integer (number or decimal string), got "12a"`,
      ],
      [
        metric({ histogram: { dataPoints: [{ bucketCounts: ['1', 'x'] }] } }),
        `${at}.histogram.dataPoints[0]: bucketCounts[1] must be a non-negative integer, got "x"`,
      ],
      [
        metric({ gauge: { dataPoints: [{ asDouble: 'abc' }] } }),
        `${at}.gauge.dataPoints[0]: asDouble must be a number, got "abc"`,
      ],
      [
        metric({ sum: { isMonotonic: 'true' } }),
        `${at}.sum: isMonotonic must be a boolean, got string`,
      ],
      [
        metric({ sum: { aggregationTemporality: 'CUMULATIVE' } }),
        `${at}.sum: aggregationTemporality must be an enum number or one of its names, got "CUMULATIVE"`,
      ],
      [
        metric({ exponentialHistogram: { dataPoints: [{ positive: { offset: 1.5 } }] } }),
        `${at}.exponentialHistogram.dataPoints[0].positive: offset must be an integer (number or decimal string), got 1.5`,
      ],
      [
        metric({
          gauge: { dataPoints: [{ attributes: [{ key: 'k', value: { intValue: 'x' } }] }] },
        }),
        `${at}.gauge.dataPoints[0].attributes[0].value: intValue must be an integer, got "x"`,
      ],
    ];
    for (const [text, message] of table) expect(errorOf(decodeMetricsJson(text))).toBe(message);
    const span = (s: unknown) =>
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [s] }] }] });
    expect(errorOf(decodeTracesJson(span({ traceId: 'xyz' })))).toBe(
      'resourceSpans[0].scopeSpans[0].spans[0]: traceId must be 32 hex digits (or empty), got "xyz"',
    );
  });

  it('applies the decode limits to JSON as well', () => {
    const attr = (value: unknown) =>
      JSON.stringify({ resourceLogs: [{ resource: { attributes: [{ key: 'a', value }] } }] });
    expect(errorOf(decodeLogsJson(attr({ stringValue: 'é'.repeat(40_000) })))).toBe(
      'resourceLogs[0].resource.attributes[0].value: stringValue is 80000 bytes, over the limit maxAttributeValueBytes (65536)',
    );
    // A nesting bomb: 100,000 nested arrays. JSON.parse copes; the walker stops at the limit.
    const depth = 100_000;
    const bomb = `{"resourceLogs":[{"resource":{"attributes":[{"key":"a","value":${'{"arrayValue":{"values":['.repeat(depth)}${']}}'.repeat(depth)}}]}}]}`;
    expect(errorOf(decodeLogsJson(bomb))).toMatch(
      /arrayValue nests deeper than the limit maxAnyValueDepth \(32\)$/,
    );
    const many = Array.from({ length: 5 }, (_, i) => ({
      key: `k${i}`,
      value: { boolValue: true },
    }));
    const text = JSON.stringify({ resourceLogs: [{ resource: { attributes: many } }] });
    expect(errorOf(decodeLogsJson(text, { limits: { maxAttributesPerEntity: 4 } }))).toBe(
      'resourceLogs[0].resource: attributes has 5 entries, over the limit maxAttributesPerEntity (4)',
    );
  });
});
