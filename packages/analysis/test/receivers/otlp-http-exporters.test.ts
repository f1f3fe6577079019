import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createOtlpHttpReceiver } from '../../src/receivers/otlp-http-receiver.js';
import type { OtlpReceiver } from '../../src/receivers/types.js';
import type { IngestItem } from '../../src/queue/types.js';
import { recordingQueue } from './helpers.js';
import {
  collectSampleMetrics,
  EXPECTED_SAMPLE_METRICS,
  exportSampleLogs,
  exportSampleSpans,
  SAMPLE_METRIC_POINTS,
  summarizeSampleMetrics,
} from './sdk-data.js';

const TOKEN = 'test-token-3f9a';
let receiver: OtlpReceiver | undefined;
let shutdownExporter: (() => Promise<void>) | undefined;

afterEach(async () => {
  await shutdownExporter?.();
  await receiver?.shutdown();
  receiver = undefined;
  shutdownExporter = undefined;
});

async function startReceiver(): Promise<{ base: string; items: IngestItem[] }> {
  const { queue, items } = recordingQueue();
  receiver = createOtlpHttpReceiver({ queue, host: '127.0.0.1', port: 0, authTokens: [TOKEN] });
  const { port } = await receiver.start();
  return { base: `http://127.0.0.1:${port}`, items };
}

function exportMetrics(exporter: PushMetricExporter): Promise<ExportResult> {
  shutdownExporter = () => exporter.shutdown();
  return collectSampleMetrics().then(
    (data) => new Promise<ExportResult>((resolve) => exporter.export(data, resolve)),
  );
}

const headers = { Authorization: `Bearer ${TOKEN}` };

describe('OTLP/HTTP receiver with the official OTel JS exporters', () => {
  const metricExporters = {
    'http/protobuf': (url: string) => new ProtoMetricExporter({ url, headers }),
    'http/protobuf + gzip': (url: string) =>
      new ProtoMetricExporter({ url, headers, compression: CompressionAlgorithm.GZIP }),
    'http/json': (url: string) => new JsonMetricExporter({ url, headers }),
    'http/json + gzip': (url: string) =>
      new JsonMetricExporter({ url, headers, compression: CompressionAlgorithm.GZIP }),
  };

  for (const [name, create] of Object.entries(metricExporters)) {
    it(`receives every metric point the SDK recorded over ${name}`, async () => {
      const { base, items } = await startReceiver();
      const result = await exportMetrics(create(`${base}/v1/metrics`));
      expect(result.error).toBeUndefined();
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(items).toHaveLength(1);
      const item = items[0];
      if (item?.signal !== 'metrics') throw new Error('expected a metrics request');
      expect(item.points).toBe(SAMPLE_METRIC_POINTS);
      expect(summarizeSampleMetrics(item.request)).toEqual(EXPECTED_SAMPLE_METRICS);
    });
  }

  const traceExporters: Record<string, (url: string) => SpanExporter> = {
    'http/protobuf': (url) => new ProtoTraceExporter({ url, headers }),
    'http/json + gzip': (url) =>
      new JsonTraceExporter({ url, headers, compression: CompressionAlgorithm.GZIP }),
  };

  for (const [name, create] of Object.entries(traceExporters)) {
    it(`receives the spans with their ids, parents and status over ${name}`, async () => {
      const { base, items } = await startReceiver();
      const exporter = create(`${base}/v1/traces`);
      shutdownExporter = () => exporter.shutdown();
      const sent = await exportSampleSpans(exporter);
      // SimpleSpanProcessor exports each span as it ends: three requests of one span.
      // The three requests are in flight together (compression is asynchronous), so they may
      // arrive in any order: put the spans in the order they were sent before comparing.
      const spans = items
        .flatMap((item) =>
          item.signal === 'traces'
            ? item.request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans))
            : [],
        )
        .sort((a, b) => sent.names.indexOf(a.name) - sent.names.indexOf(b.name));
      expect(spans.map((s) => s.name)).toEqual(sent.names);
      expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([sent.traceId]));
      const [load, solve, fit] = spans;
      expect(load?.parentSpanId).toBe(sent.parentSpanId);
      expect(solve?.parentSpanId).toBe(sent.parentSpanId);
      expect(fit?.spanId).toBe(sent.parentSpanId);
      expect(fit?.parentSpanId).toBe('');
      expect(load?.attributes).toEqual({ 'load.bytes': 1024 });
      expect(fit?.attributes).toEqual({ 'fit.model': 'heterodyne' });
      expect(solve?.status).toEqual({ code: 2, message: 'diverged' });
      expect(items.map((item) => item.points)).toEqual([1, 1, 1]);
    });
  }

  it('receives log records over http/protobuf', async () => {
    const { base, items } = await startReceiver();
    const exporter = new ProtoLogExporter({ url: `${base}/v1/logs`, headers });
    shutdownExporter = () => exporter.shutdown();
    await exportSampleLogs(exporter);
    const records = items.flatMap((item) =>
      item.signal === 'logs'
        ? item.request.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords))
        : [],
    );
    expect(records.map((r) => [r.severityNumber, r.severityText, r.body])).toEqual([
      [13, 'WARN', 'fit diverged'],
      [9, 'INFO', 'fit done'],
    ]);
    expect(records[0]?.attributes).toEqual({ iteration: 17 });
  });

  it('makes the exporter fail (not retry) when its token is wrong, and records nothing', async () => {
    const { base, items } = await startReceiver();
    const exporter = new ProtoMetricExporter({
      url: `${base}/v1/metrics`,
      headers: { Authorization: 'Bearer wrong' },
    });
    const result = await exportMetrics(exporter);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(items).toHaveLength(0);
  });
});
