import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import {
  decodeLogsProtobuf,
  decodeMetricsProtobuf,
  decodeTracesProtobuf,
} from '../../src/otlp/decode-protobuf.js';
import { encodeLogsProtobuf } from '../../src/otlp/encode-logs.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import { encodeTracesProtobuf } from '../../src/otlp/encode-traces.js';
import type { AttributeValue, MetricsRequest } from '../../src/otlp/model.js';
import { OtlpDecodeError } from '../../src/otlp/model.js';
import { WireWriter } from '../../src/otlp/wire-writer.js';
import {
  Gen,
  randomLogsRequest,
  randomMetricsRequest,
  randomTracesRequest,
} from './helpers/random-requests.js';
import { OnDemandReader } from '../helpers/on-demand-reader.js';

type Decoder = (bytes: Uint8Array) => ReturnType<typeof decodeMetricsProtobuf> | { ok: boolean };

function errorOf(result: { ok: true } | { ok: false; error: OtlpDecodeError }): string {
  if (result.ok) throw new Error('expected a decode error');
  expect(result.error).toBeInstanceOf(OtlpDecodeError);
  return result.error.message;
}

/** Builds `ExportMetricsServiceRequest { resource_metrics { scope_metrics { metrics... } } }`. */
function request(writeMetrics: (w: WireWriter) => void): Uint8Array {
  const w = new WireWriter();
  const rm = w.begin(1);
  const sm = w.begin(2);
  writeMetrics(w);
  w.end(sm);
  w.end(rm);
  return w.finish();
}

function gauge(w: WireWriter, name: string): void {
  const m = w.begin(2);
  w.stringField(1, name);
  const g = w.begin(5);
  const p = w.begin(1);
  w.doubleField(4, 1.5);
  w.end(p);
  w.end(g);
  w.end(m);
}

function oneAttributeRequest(value: AttributeValue): MetricsRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: { a: value }, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [],
      },
    ],
  };
}

async function sdkMetricsBytes(): Promise<Uint8Array> {
  const reader = new OnDemandReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'x' }),
    readers: [reader],
  });
  const meter = provider.getMeter('m');
  meter.createHistogram('h').record(0.3, { k: 'v' });
  meter.createCounter('c').add(2, { list: ['a', 'b'] });
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!;
}

describe('malformed protobuf input', () => {
  it('names the path and field of a truncated packed field', () => {
    const bytes = request((w) => {
      for (let i = 0; i < 3; i++) gauge(w, `g${i}`);
      const m = w.begin(2);
      w.stringField(1, 'h');
      const h = w.begin(9);
      w.end(w.begin(1)); // data_points[0]: empty
      const p = w.begin(1);
      w.tag(6, 2); // bucket_counts, packed: announces 16 bytes, carries 8
      w.uint32(16);
      w.fixed64(1);
      w.end(p);
      w.end(h);
      w.end(m);
    });
    expect(errorOf(decodeMetricsProtobuf(bytes))).toMatch(
      /^resource_metrics\[0\]\.scope_metrics\[0\]\.metrics\[3\]\.histogram\.data_points\[1\]: bucket_counts is truncated: length 16 at byte \d+ runs past the end of its message \(8 bytes left\)$/,
    );
  });

  it('returns an error, never throws, for every truncation of valid requests', async () => {
    const samples: [Decoder, Uint8Array][] = [
      [decodeMetricsProtobuf, await sdkMetricsBytes()],
      [decodeMetricsProtobuf, encodeMetricsProtobuf(randomMetricsRequest(11, 1))],
      [
        decodeTracesProtobuf,
        encodeTracesProtobuf({ resourceSpans: randomTracesRequest(12).resourceSpans.slice(0, 1) }),
      ],
      [
        decodeLogsProtobuf,
        encodeLogsProtobuf({ resourceLogs: randomLogsRequest(13).resourceLogs.slice(0, 1) }),
      ],
    ];
    for (const [decode, bytes] of samples) {
      expect(decode(bytes).ok).toBe(true);
      // One top-level message: only the empty prefix is itself a valid request.
      for (let length = 1; length < bytes.length; length++) {
        const result = decode(bytes.subarray(0, length));
        expect(result.ok, `prefix of ${length} of ${bytes.length} bytes`).toBe(false);
      }
    }
  });

  it('never throws on randomly corrupted bytes', () => {
    const g = new Gen(99);
    const valid = encodeMetricsProtobuf(randomMetricsRequest(21, 2));
    for (let i = 0; i < 3000; i++) {
      const bytes = valid.slice();
      for (let k = g.int(1, 4); k > 0; k--) bytes[g.int(0, bytes.length - 1)] = g.int(0, 255);
      const result = decodeMetricsProtobuf(bytes);
      if (!result.ok) expect(result.error).toBeInstanceOf(OtlpDecodeError);
    }
    for (let i = 0; i < 1000; i++) {
      const garbage = new Uint8Array(Array.from({ length: g.int(1, 64) }, () => g.int(0, 255)));
      expect(() => decodeTracesProtobuf(garbage)).not.toThrow();
    }
  });

  it('rejects JSON sent as protobuf (0x7b starts a group) with a hint at the content type', () => {
    const bytes = new TextEncoder().encode('{"resourceMetrics":[]}');
    expect(errorOf(decodeMetricsProtobuf(bytes))).toBe(
      'unknown field 15 is truncated: length 114 at byte 2 runs past the end of its message (19 bytes left) (the body starts with "{": if it is OTLP/JSON, send Content-Type: application/json)',
    );
  });

  it('rejects overlong varints, lengths past the end, invalid wire types and field 0', () => {
    const overlong = new Uint8Array([0x10, ...new Array(10).fill(0x80), 0x01]);
    expect(errorOf(decodeMetricsProtobuf(overlong))).toBe(
      'unknown field 2 has a varint longer than 10 bytes at byte 1',
    );
    expect(errorOf(decodeMetricsProtobuf(new Uint8Array([0x0a, 0x05, 0x00])))).toBe(
      'resource_metrics[0] is truncated: length 5 at byte 1 runs past the end of its message (1 bytes left)',
    );
    expect(errorOf(decodeMetricsProtobuf(new Uint8Array([0x16, 0x00])))).toBe(
      'field 2 has invalid wire type 6 (before byte 1)',
    );
    expect(errorOf(decodeMetricsProtobuf(new Uint8Array([0x02, 0x00])))).toBe(
      'invalid field number 0 before byte 1',
    );
    const temporality = request((w) => {
      const m = w.begin(2);
      const sum = w.begin(7);
      w.raw(new Uint8Array([0x10, ...new Array(10).fill(0xff), 0x01]));
      w.end(sum);
      w.end(m);
    });
    expect(errorOf(decodeMetricsProtobuf(temporality))).toMatch(
      /^resource_metrics\[0\]\.scope_metrics\[0\]\.metrics\[0\]\.sum: aggregation_temporality has a varint longer than 10 bytes at byte \d+$/,
    );
  });

  it('rejects a known field with the wrong wire type instead of skipping it', () => {
    const bytes = request((w) => {
      const m = w.begin(2);
      w.uint32Field(1, 7); // name as a varint
      w.end(m);
    });
    expect(errorOf(decodeMetricsProtobuf(bytes))).toBe(
      'resource_metrics[0].scope_metrics[0].metrics[0]: name has wire type 0 (varint), expected 2 (length-delimited)',
    );
  });

  it('rejects strings that are not UTF-8 and ids of the wrong length', () => {
    const badName = request((w) => {
      const m = w.begin(2);
      w.bytesField(1, new Uint8Array([0x61, 0xff]));
      w.end(m);
    });
    expect(errorOf(decodeMetricsProtobuf(badName))).toMatch(
      /metrics\[0\]: name is not valid UTF-8/,
    );
    const w = new WireWriter();
    const rs = w.begin(1);
    const ss = w.begin(2);
    const span = w.begin(2);
    w.bytesField(1, new Uint8Array(5));
    w.end(span);
    w.end(ss);
    w.end(rs);
    expect(errorOf(decodeTracesProtobuf(w.finish()))).toBe(
      'resource_spans[0].scope_spans[0].spans[0]: trace_id must be 16 bytes long (or empty), got 5',
    );
  });

  it('stops a nesting bomb at maxAnyValueDepth without exhausting the stack', () => {
    // 100,000 nested array_value messages, written outside-in with precomputed lengths.
    const depth = 100_000;
    const varintSize = (n: number) => (n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4);
    const sizes = new Array<number>(depth + 1);
    sizes[depth] = 0; // innermost AnyValue: empty
    for (let i = depth - 1; i >= 0; i--) {
      const inner = sizes[i + 1]!;
      const array = 1 + varintSize(inner) + inner; // ArrayValue { values = 1 }
      sizes[i] = 1 + varintSize(array) + array; // AnyValue { array_value = 5 }
    }
    const w = new WireWriter();
    const rm = w.begin(1);
    const res = w.begin(1);
    const kv = w.begin(1);
    w.stringField(1, 'bomb');
    w.tag(2, 2);
    w.uint32(sizes[0]!);
    for (let i = 0; i < depth; i++) {
      const inner = sizes[i + 1]!;
      w.tag(5, 2);
      w.uint32(1 + varintSize(inner) + inner);
      w.tag(1, 2);
      w.uint32(inner);
    }
    w.end(kv);
    w.end(res);
    w.end(rm);
    const message = errorOf(decodeMetricsProtobuf(w.finish()));
    expect(message).toMatch(
      /^resource_metrics\[0\]\.resource\.attributes\[0\]\.value\.array_value\./,
    );
    expect(message).toContain('…');
    expect(message).toMatch(/array_value nests deeper than the limit maxAnyValueDepth \(32\)$/);
  });

  it('accepts values exactly at the depth limit and rejects one deeper', () => {
    const nest = (levels: number): AttributeValue => (levels === 0 ? 'x' : [nest(levels - 1)]);
    const atLimit = encodeMetricsProtobuf(oneAttributeRequest(nest(31)));
    expect(decodeMetricsProtobuf(atLimit).ok).toBe(true);
    const over = encodeMetricsProtobuf(oneAttributeRequest(nest(32)));
    expect(errorOf(decodeMetricsProtobuf(over))).toMatch(/maxAnyValueDepth \(32\)$/);
    expect(decodeMetricsProtobuf(over, { limits: { maxAnyValueDepth: 33 } }).ok).toBe(true);
  });

  it('rejects attribute values and attribute counts over the limits', () => {
    const huge = encodeMetricsProtobuf(oneAttributeRequest('x'.repeat(70_000)));
    expect(errorOf(decodeMetricsProtobuf(huge))).toBe(
      'resource_metrics[0].resource.attributes[0].value: string_value is 70000 bytes, over the limit maxAttributeValueBytes (65536)',
    );
    expect(decodeMetricsProtobuf(huge, { limits: { maxAttributeValueBytes: 70_000 } }).ok).toBe(
      true,
    );
    const bytesValue = encodeMetricsProtobuf(oneAttributeRequest(new Uint8Array(100)));
    expect(
      errorOf(decodeMetricsProtobuf(bytesValue, { limits: { maxAttributeValueBytes: 99 } })),
    ).toMatch(/bytes_value is 100 bytes, over the limit maxAttributeValueBytes \(99\)$/);
    const many: MetricsRequest = oneAttributeRequest(1);
    for (let i = 0; i < 1100; i++) many.resourceMetrics[0]!.resource.attributes[`k${i}`] = i;
    expect(errorOf(decodeMetricsProtobuf(encodeMetricsProtobuf(many)))).toBe(
      'resource_metrics[0].resource: attributes[1024] is over the limit maxAttributesPerEntity (1024)',
    );
  });

  it('skips unknown fields of every wire type, at the top and inside a data point', () => {
    const unknown = (w: WireWriter) => {
      w.uint32Field(90, 300); // varint
      w.tag(91, 1); // i64
      w.fixed64(5);
      w.bytesField(92, new Uint8Array([1, 2, 3])); // length-delimited
      w.fixed32Field(93, 7); // i32
    };
    const plain = request((w) => gauge(w, 'g'));
    const withUnknown = request((w) => {
      const m = w.begin(2);
      w.stringField(1, 'g');
      const g = w.begin(5);
      const p = w.begin(1);
      unknown(w);
      w.doubleField(4, 1.5);
      unknown(w);
      w.end(p);
      w.end(g);
      unknown(w);
      w.end(m);
    });
    const tail = new WireWriter();
    unknown(tail);
    const both = new Uint8Array([...withUnknown, ...tail.finish()]);
    expect(decodeMetricsProtobuf(both)).toEqual(decodeMetricsProtobuf(plain));
  });

  it('accepts repeated numbers both packed and unpacked', () => {
    const histogram = (packed: boolean) =>
      request((w) => {
        const m = w.begin(2);
        const h = w.begin(9);
        const p = w.begin(1);
        if (packed) {
          const counts = w.begin(6);
          [1, 2, 3].forEach((c) => w.fixed64(c));
          w.end(counts);
          const bounds = w.begin(7);
          [0.5, 1].forEach((b) => w.double(b));
          w.end(bounds);
        } else {
          [1, 2, 3].forEach((c) => (w.tag(6, 1), w.fixed64(c)));
          [0.5, 1].forEach((b) => w.doubleField(7, b));
        }
        w.end(p);
        w.end(h);
        w.end(m);
        const m2 = w.begin(2);
        const e = w.begin(10);
        const q = w.begin(1);
        const positive = w.begin(8);
        if (packed) {
          const counts = w.begin(2);
          [4, 5].forEach((c) => w.uint32(c));
          w.end(counts);
        } else {
          [4, 5].forEach((c) => w.uint32Field(2, c));
        }
        w.end(positive);
        w.end(q);
        w.end(e);
        w.end(m2);
      });
    const packed = decodeMetricsProtobuf(histogram(true));
    expect(packed.ok).toBe(true);
    expect(decodeMetricsProtobuf(histogram(false))).toEqual(packed);
    if (!packed.ok) return;
    const [histogramMetric, exponentialMetric] =
      packed.value.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
    expect(histogramMetric!.data).toMatchObject({
      type: 'histogram',
      points: [{ bucketCounts: [1, 2, 3], explicitBounds: [0.5, 1] }],
    });
    expect(exponentialMetric!.data).toMatchObject({
      type: 'exponentialHistogram',
      points: [{ positive: { offset: 0, bucketCounts: [4, 5] } }],
    });
  });
});
