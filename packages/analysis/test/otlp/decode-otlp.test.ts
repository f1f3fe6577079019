import { describe, expect, it } from 'vitest';
import { countDataPoints, countItems, countLogRecords, countSpans } from '../../src/otlp/count.js';
import { decodeMetricsJson } from '../../src/otlp/decode-json.js';
import { decodeOtlp } from '../../src/otlp/decode-otlp.js';
import { decodeMetricsProtobuf } from '../../src/otlp/decode-protobuf.js';
import { encodeLogsProtobuf } from '../../src/otlp/encode-logs.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import { encodeTracesProtobuf } from '../../src/otlp/encode-traces.js';
import type { MetricsRequest } from '../../src/otlp/model.js';
import {
  randomLogsRequest,
  randomMetricsRequest,
  randomTracesRequest,
} from './helpers/random-requests.js';
import { metric, metricsRequest } from '../series/builders.js';

describe('decodeOtlp', () => {
  it('routes each signal and encoding to its decoder', () => {
    const metrics = randomMetricsRequest(1);
    const traces = randomTracesRequest(2);
    const logs = randomLogsRequest(3);
    expect(decodeOtlp('metrics', 'protobuf', encodeMetricsProtobuf(metrics))).toEqual({
      ok: true,
      value: metrics,
    });
    expect(decodeOtlp('traces', 'protobuf', encodeTracesProtobuf(traces))).toEqual({
      ok: true,
      value: traces,
    });
    expect(decodeOtlp('logs', 'protobuf', encodeLogsProtobuf(logs))).toEqual({
      ok: true,
      value: logs,
    });
    const json = new TextEncoder().encode(
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"s"}]}]}]}',
    );
    const decoded = decodeOtlp('traces', 'json', json);
    expect(decoded.ok && decoded.value.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.name).toBe('s');
    expect(decodeOtlp('metrics', 'json', json)).toEqual({
      ok: true,
      value: { resourceMetrics: [] },
    });
  });

  it('passes limits through and returns failures as values', () => {
    const bytes = encodeMetricsProtobuf(randomMetricsRequest(4));
    const result = decodeOtlp('metrics', 'protobuf', bytes, {
      limits: { maxAttributesPerEntity: 1 },
    });
    expect(result.ok).toBe(false);
    expect(decodeOtlp('logs', 'json', new Uint8Array([1, 2]))).toMatchObject({ ok: false });
  });

  it('keeps an attribute named __proto__ as data, in both encodings', () => {
    const request: MetricsRequest = {
      resourceMetrics: [
        {
          resource: { attributes: {}, droppedAttributesCount: 0 },
          schemaUrl: '',
          scopeMetrics: [],
        },
      ],
    };
    Object.defineProperty(request.resourceMetrics[0]!.resource.attributes, '__proto__', {
      value: { polluted: true },
      enumerable: true,
    });
    const fromProtobuf = decodeMetricsProtobuf(encodeMetricsProtobuf(request));
    const fromJson = decodeMetricsJson(
      '{"resourceMetrics":[{"resource":{"attributes":[{"key":"__proto__","value":{"kvlistValue":{"values":[{"key":"polluted","value":{"boolValue":true}}]}}}]}}]}',
    );
    for (const result of [fromProtobuf, fromJson]) {
      if (!result.ok) throw result.error;
      const attributes = result.value.resourceMetrics[0]!.resource.attributes;
      expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
      expect(Object.keys(attributes)).toEqual(['__proto__']);
      expect((attributes as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toEqual({
        polluted: true,
      });
    }
  });
});

describe('item counts', () => {
  it('counts data points of every kind, spans and log records', () => {
    const metrics = randomMetricsRequest(8, 3);
    let points = 0;
    for (const rm of metrics.resourceMetrics)
      for (const sm of rm.scopeMetrics)
        for (const m of sm.metrics) if (m.data.type !== 'empty') points += m.data.points.length;
    expect(points).toBeGreaterThan(0);
    expect(countDataPoints(metrics)).toBe(points);
    expect(countItems('metrics', metrics)).toBe(points);
    const traces = randomTracesRequest(9);
    const spans = traces.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length;
    expect(countSpans(traces)).toBe(spans);
    expect(countItems('traces', traces)).toBe(spans);
    const logs = randomLogsRequest(10);
    const records = logs.resourceLogs.flatMap((r) =>
      r.scopeLogs.flatMap((s) => s.logRecords),
    ).length;
    expect(countLogRecords(logs)).toBe(records);
    expect(countItems('logs', logs)).toBe(records);
  });

  it('counts a hand-built request', () => {
    const point = {
      attributes: {},
      startTimeUnixNano: 0,
      timeUnixNano: 1,
      flags: 0,
      value: 1,
      isInt: false,
    };
    const request = metricsRequest(
      [
        metric('a', { type: 'gauge', points: [point, point] }),
        metric('b', { type: 'empty' }),
        metric('c', { type: 'gauge', points: [point] }),
      ],
      {},
      { name: '', version: '' },
    );
    expect(countDataPoints(request)).toBe(3);
  });
});
