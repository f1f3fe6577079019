import { describe, expect, it } from 'vitest';
import { decodeMetricsProtobuf } from '../../src/otlp/decode-protobuf.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import type { HistogramDataPoint, MetricsRequest } from '../../src/otlp/model.js';
import { decodeUtf8 } from '../../src/otlp/text.js';
import { metric, metricsRequest } from '../series/builders.js';
import { Gen } from './helpers/random-requests.js';

function histogramRequest(bounds: number[][]): MetricsRequest {
  const points: HistogramDataPoint[] = bounds.map((explicitBounds, i) => ({
    attributes: { i },
    startTimeUnixNano: 0,
    timeUnixNano: 1,
    flags: 0,
    count: 1,
    sum: 1,
    bucketCounts: [...explicitBounds.map(() => 0), 1],
    explicitBounds,
    min: undefined,
    max: undefined,
  }));
  return metricsRequest(
    [metric('h', { type: 'histogram', temporality: 2, points }, 's')],
    {},
    { name: '', version: '' },
  );
}

describe('protobuf metrics decoder', () => {
  it('gives consecutive points with equal bounds one shared bounds array', () => {
    const request = histogramRequest([[1, 2], [1, 2], [1, 3], [1, 3], []]);
    const result = decodeMetricsProtobuf(encodeMetricsProtobuf(request));
    if (!result.ok) throw result.error;
    expect(result.value).toEqual(request);
    const data = result.value.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.data;
    if (data.type !== 'histogram') throw new Error('not a histogram');
    const [a, b, c, d, e] = data.points.map((p) => p.explicitBounds);
    expect(a).toBe(b);
    expect(c).toBe(d);
    expect(a).not.toBe(c);
    expect(e).toEqual([]);
  });

  it('decodes short strings correctly whatever the string cache holds', () => {
    const g = new Gen(3);
    const encoder = new TextEncoder();
    const alphabet = ['a', 'b', 'c', '.', '_', 'é', '→', 'A'];
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      for (let n = g.int(0, 12); n > 0; n--) s += g.pick(alphabet);
      const bytes = encoder.encode(`#${s}#`);
      expect(decodeUtf8(bytes, 1, bytes.length - 1)).toBe(s);
    }
  });

  it('applies value limits to attributes it has decoded before', () => {
    const request = histogramRequest([]);
    request.resourceMetrics[0]!.resource.attributes = { k: 'x'.repeat(50), list: ['a'] };
    const bytes = encodeMetricsProtobuf(request);
    const first = decodeMetricsProtobuf(bytes);
    const second = decodeMetricsProtobuf(bytes);
    if (!first.ok || !second.ok) throw new Error('decode failed');
    expect(second.value).toEqual(request);
    // Arrays are mutable: never shared between decodes.
    const list = (r: typeof first) => r.ok && r.value.resourceMetrics[0]!.resource.attributes.list;
    expect(list(first)).not.toBe(list(second));
    const limited = decodeMetricsProtobuf(bytes, { limits: { maxAttributeValueBytes: 40 } });
    expect(limited.ok).toBe(false);
    expect(!limited.ok && limited.error.message).toMatch(
      /string_value is 50 bytes, over the limit/,
    );
  });
});
