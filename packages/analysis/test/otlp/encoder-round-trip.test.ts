import { describe, expect, it } from 'vitest';
import {
  decodeLogsProtobuf,
  decodeMetricsProtobuf,
  decodeTracesProtobuf,
} from '../../src/otlp/decode-protobuf.js';
import { encodeLogsProtobuf } from '../../src/otlp/encode-logs.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import { encodeTracesProtobuf } from '../../src/otlp/encode-traces.js';
import { protobufjsLogs, protobufjsMetrics, protobufjsTraces } from './helpers/protobufjs-otlp.js';
import {
  randomLogsRequest,
  randomMetricsRequest,
  randomTracesRequest,
} from './helpers/random-requests.js';
import { metric as modelMetric, metricsRequest } from '../series/builders.js';

const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i);

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

describe('request encoders', () => {
  it('round-trips random metrics requests of every kind through our decoder and protobufjs', () => {
    const kinds = new Set<string>();
    for (const seed of SEEDS) {
      const request = randomMetricsRequest(seed);
      for (const rm of request.resourceMetrics)
        for (const sm of rm.scopeMetrics) for (const m of sm.metrics) kinds.add(m.data.type);
      const bytes = encodeMetricsProtobuf(request);
      expect(unwrap(decodeMetricsProtobuf(bytes))).toEqual(request);
      expect(protobufjsMetrics(bytes)).toEqual(request);
    }
    expect([...kinds].sort()).toEqual(
      ['empty', 'exponentialHistogram', 'gauge', 'histogram', 'sum', 'summary'].sort(),
    );
  });

  it('round-trips random traces requests through our decoder and protobufjs', () => {
    for (const seed of SEEDS) {
      const request = randomTracesRequest(seed);
      const bytes = encodeTracesProtobuf(request);
      expect(unwrap(decodeTracesProtobuf(bytes))).toEqual(request);
      expect(protobufjsTraces(bytes)).toEqual(request);
    }
  });

  it('round-trips random logs requests through our decoder and protobufjs', () => {
    for (const seed of SEEDS) {
      const request = randomLogsRequest(seed);
      const bytes = encodeLogsProtobuf(request);
      expect(unwrap(decodeLogsProtobuf(bytes))).toEqual(request);
      expect(protobufjsLogs(bytes)).toEqual(request);
    }
  });

  it('writes the bytes worked out by hand for a one-point gauge', () => {
    const request = metricsRequest(
      [
        modelMetric('g', {
          type: 'gauge',
          points: [
            {
              attributes: { a: 300 },
              startTimeUnixNano: 0,
              timeUnixNano: 2 ** 32 + 1,
              flags: 0,
              value: -1,
              isInt: true,
            },
          ],
        }),
      ],
      {},
      { name: '', version: '' },
    );
    // NumberDataPoint: 19 (field 3 fixed64) 01 00 00 00 01 00 00 00, 31 (field 6 sfixed64) ff x8,
    // 3a (field 7 KeyValue) 08: 0a 01 'a' 12 03 (AnyValue) 18 ac 02 (int_value 300).
    const point = '19010000000100000031ffffffffffffffff3a080a0161120318ac02';
    const gauge = `0a${(point.length / 2).toString(16)}${point}`;
    const metric = `0a0167` + `2a${(gauge.length / 2).toString(16)}${gauge}`;
    const scopeMetrics = `0a00` + `12${(metric.length / 2).toString(16)}${metric}`;
    const resourceMetrics = `0a00` + `12${(scopeMetrics.length / 2).toString(16)}${scopeMetrics}`;
    const expected = `0a${(resourceMetrics.length / 2).toString(16)}${resourceMetrics}`;
    expect(Buffer.from(encodeMetricsProtobuf(request)).toString('hex')).toBe(expected);
  });
});
