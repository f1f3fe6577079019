import { describe, expect, it } from 'vitest';
import { decodeMetricsJson, decodeTracesJson } from '../../src/otlp/decode-json.js';
import { decodeMetricsProtobuf, decodeTracesProtobuf } from '../../src/otlp/decode-protobuf.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import type { Attributes, MetricsRequest, OtlpDecodeError } from '../../src/otlp/model.js';
import { WireWriter } from '../../src/otlp/wire-writer.js';
import { gauge, numberPoint, resource } from '../exporters/model-builders.js';

const MIB = 1024 * 1024;

function failure<T>(result: { ok: true; value: T } | { ok: false; error: OtlpDecodeError }) {
  if (result.ok) throw new Error('expected a decode error');
  return result.error;
}

/** One metric of `kind` (9 histogram, 10 exponential histogram) with `n` empty data points. */
function emptyPointsProtobuf(kind: number, n: number): Uint8Array {
  const w = new WireWriter(2 * n + 64);
  const rm = w.begin(1);
  const sm = w.begin(2);
  const m = w.begin(2);
  w.stringField(1, 'h');
  const h = w.begin(kind);
  for (let i = 0; i < n; i++) w.end(w.begin(1));
  w.uint32Field(2, 2);
  w.end(h);
  w.end(m);
  w.end(sm);
  w.end(rm);
  return w.finish();
}

function emptyPointsJson(kind: string, bytes: number): Buffer {
  const head = `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h","${kind}":{"aggregationTemporality":2,"dataPoints":[`;
  const tail = ']}}]}]}]}';
  const n = Math.floor((bytes - head.length - tail.length) / 3);
  return Buffer.from(head + '{},'.repeat(n - 1) + '{}' + tail);
}

function gaugeRequest(name: string, attributes: Attributes): MetricsRequest {
  return { resourceMetrics: [resource({}, [gauge(name, '', [numberPoint(1.5, attributes)])])] };
}

describe('request-wide count limits', () => {
  it('refuses a 16 MiB protobuf request of empty histogram points at the first point past maxPointsPerRequest', () => {
    for (const kind of [9, 10]) {
      const body = emptyPointsProtobuf(kind, 8 * MIB - 64);
      expect(body.length).toBeGreaterThan(15 * MIB);
      const error = failure(decodeMetricsProtobuf(body));
      expect(error.tooLarge).toBe(true);
      expect(error.message).toContain(
        'more than 200000 data points, spans or log records, over the limit maxPointsPerRequest',
      );
    }
  });

  it('counts while decoding where the prescan gives up, naming the first point past the limit', () => {
    // An unknown group-encoded field ends the prescan (it only skips plain wire types).
    const w = new WireWriter();
    w.tag(20, 3);
    w.tag(20, 4);
    w.raw(emptyPointsProtobuf(9, 11));
    const error = failure(
      decodeMetricsProtobuf(w.finish(), { limits: { maxPointsPerRequest: 10 } }),
    );
    expect(error.tooLarge).toBe(true);
    expect(error.message).toMatch(
      /^resource_metrics\[0\]\.scope_metrics\[0\]\.metrics\[0\]\.histogram\.data_points\[10\]: request holds more than 10 data points/,
    );
    // Large enough for the prescan: refused before decoding, without a path.
    const large = failure(
      decodeMetricsProtobuf(emptyPointsProtobuf(9, 40), { limits: { maxPointsPerRequest: 10 } }),
    );
    expect(large.message).toMatch(/^request holds more than 10 data points/);
    expect(
      failure(
        decodeMetricsProtobuf(emptyPointsProtobuf(9, 40), { limits: { maxItemsPerRequest: 20 } }),
      ).message,
    ).toMatch(/^request holds more than 20 messages/);
    expect(
      decodeMetricsProtobuf(emptyPointsProtobuf(9, 40), { limits: { maxPointsPerRequest: 40 } }).ok,
    ).toBe(true);
  });

  it('refuses a 16 MiB OTLP/JSON body of empty (`{}`) points before parsing it', () => {
    for (const kind of ['histogram', 'exponentialHistogram']) {
      const error = failure(decodeMetricsJson(emptyPointsJson(kind, 16 * MIB)));
      expect(error.tooLarge).toBe(true);
      expect(error.message).toContain(
        'more than 1000000 JSON objects, over the limit maxItemsPerRequest',
      );
    }
  });

  it('counts JSON points per request after parsing, before reading them', () => {
    const body = emptyPointsJson('histogram', 64 * 1024);
    const error = failure(decodeMetricsJson(body, { limits: { maxPointsPerRequest: 1000 } }));
    expect(error.tooLarge).toBe(true);
    expect(error.message).toContain('over the limit maxPointsPerRequest (1000)');
    const spans = JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [{}, {}, {}] }] }],
    });
    expect(failure(decodeTracesJson(spans, { limits: { maxPointsPerRequest: 2 } })).tooLarge).toBe(
      true,
    );
  });

  it('does not count braces inside JSON strings as objects', () => {
    const json = JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'g',
                  gauge: {
                    dataPoints: [
                      {
                        timeUnixNano: '1000000000000000000',
                        asDouble: 1,
                        attributes: [{ key: 'k', value: { stringValue: '{'.repeat(5000) } }],
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
    const result = decodeMetricsJson(json, { limits: { maxItemsPerRequest: 100 } });
    if (!result.ok) throw result.error;
    const metric = result.value.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!;
    if (metric.data.type !== 'gauge') throw new Error('expected a gauge');
    expect(metric.data.points[0]!.attributes['k']).toBe('{'.repeat(5000));
  });

  it('counts spans and messages in protobuf', () => {
    const w = new WireWriter();
    const rs = w.begin(1);
    const ss = w.begin(2);
    for (let i = 0; i < 3; i++) w.end(w.begin(2));
    w.end(ss);
    w.end(rs);
    const bytes = w.finish();
    expect(decodeTracesProtobuf(bytes, { limits: { maxPointsPerRequest: 3 } }).ok).toBe(true);
    expect(
      failure(decodeTracesProtobuf(bytes, { limits: { maxPointsPerRequest: 2 } })).tooLarge,
    ).toBe(true);
    // 1 resource + 1 scope + 3 spans = 5 messages.
    expect(decodeTracesProtobuf(bytes, { limits: { maxItemsPerRequest: 5 } }).ok).toBe(true);
    const error = failure(decodeTracesProtobuf(bytes, { limits: { maxItemsPerRequest: 4 } }));
    expect(error.message).toContain('over the limit maxItemsPerRequest (4)');
  });
});

describe('name and attribute key lengths', () => {
  const long = 'n'.repeat(1025);

  it('refuses a metric name over maxNameBytes in both encodings', () => {
    const proto = encodeMetricsProtobuf(gaugeRequest(long, {}));
    const error = failure(decodeMetricsProtobuf(proto));
    expect(error.tooLarge).toBe(false);
    expect(error.message).toBe(
      'resource_metrics[0].scope_metrics[0].metrics[0]: name is 1025 bytes, over the limit maxNameBytes (1024)',
    );
    const json = JSON.stringify({
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: long, gauge: {} }] }] }],
    });
    expect(failure(decodeMetricsJson(json)).message).toBe(
      'resourceMetrics[0].scopeMetrics[0].metrics[0]: name is 1025 bytes, over the limit maxNameBytes (1024)',
    );
    expect(decodeMetricsProtobuf(encodeMetricsProtobuf(gaugeRequest(long.slice(1), {}))).ok).toBe(
      true,
    );
  });

  it('refuses an attribute key over maxAttributeKeyBytes in both encodings, counting UTF-8 bytes', () => {
    const key = 'é'.repeat(513); // 1026 bytes
    const error = failure(
      decodeMetricsProtobuf(encodeMetricsProtobuf(gaugeRequest('g', { [key]: 1 }))),
    );
    expect(error.message).toContain(
      'attributes[0]: key is 1026 bytes, over the limit maxAttributeKeyBytes (1024)',
    );
    const json = JSON.stringify({
      resourceMetrics: [
        { resource: { attributes: [{ key, value: { intValue: 1 } }] }, scopeMetrics: [] },
      ],
    });
    expect(failure(decodeMetricsJson(json)).message).toContain(
      'resourceMetrics[0].resource.attributes[0]: key is 1026 bytes, over the limit maxAttributeKeyBytes (1024)',
    );
    // Short keys also pass through the key-value cache's fast path: the limit holds there too.
    const short = encodeMetricsProtobuf(gaugeRequest('g', { abcdef: 1 }));
    expect(decodeMetricsProtobuf(short).ok).toBe(true);
    expect(decodeMetricsProtobuf(short, { limits: { maxAttributeKeyBytes: 5 } }).ok).toBe(false);
  });
});

describe('protobuf details', () => {
  it('copies bytes_value out of the request buffer', () => {
    const request = gaugeRequest('g', { b: new Uint8Array(16).fill(7) });
    const encoded = encodeMetricsProtobuf(request);
    // A receiver hands the decoder a Buffer inside a larger allocation.
    const big = Buffer.alloc(MIB);
    encoded.forEach((b, i) => (big[1000 + i] = b));
    const body = big.subarray(1000, 1000 + encoded.length);
    const result = decodeMetricsProtobuf(body);
    if (!result.ok) throw result.error;
    const metric = result.value.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!;
    if (metric.data.type !== 'gauge') throw new Error('expected a gauge');
    const value = metric.data.points[0]!.attributes['b'] as Uint8Array;
    expect([...value]).toEqual(new Array(16).fill(7));
    expect(value.buffer.byteLength).toBe(16);
    expect(value.buffer).not.toBe(big.buffer);
  });

  it('skips unknown fields in group encoding, nested groups included', () => {
    const plain = encodeMetricsProtobuf(gaugeRequest('g', { k: 'v' }));
    const expected = decodeMetricsProtobuf(plain);
    // Appended to the request: field 20 as a group holding a varint, a string and a nested group.
    const w = new WireWriter();
    w.raw(plain);
    w.tag(20, 3);
    w.uint32Field(1, 5);
    w.stringField(2, 'x');
    w.tag(3, 3);
    w.fixed64Field(1, 9);
    w.tag(3, 4);
    w.tag(20, 4);
    const withGroup = decodeMetricsProtobuf(w.finish());
    expect(withGroup).toEqual(expected);
  });

  it('refuses an unmatched or unterminated group', () => {
    const end = new WireWriter();
    end.tag(20, 4);
    expect(failure(decodeMetricsProtobuf(end.finish())).message).toContain(
      'field 20 ends a group that was never started',
    );
    const open = new WireWriter();
    open.tag(20, 3);
    open.uint32Field(1, 5);
    expect(failure(decodeMetricsProtobuf(open.finish())).message).toContain('never ends');
    const crossed = new WireWriter();
    crossed.tag(20, 3);
    crossed.tag(21, 4);
    expect(failure(decodeMetricsProtobuf(crossed.finish())).message).toContain(
      'group end of field 21 that does not match its start',
    );
  });
});
