/**
 * The official OpenTelemetry JS exporters as clients of a running analysis service: what the
 * SDK recorded arrives in the series store, checked through the HTTP API.
 */
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_OPERATION_NAME,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { OnDemandReader } from './helpers/on-demand-reader.js';
import { countOf, oneSeries, samplesOf, seriesOf, statusOf, sumOf } from './helpers/api.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';
import type { TestService } from './helpers/service.js';

const cleanup = useCleanup();
async function service(): Promise<TestService> {
  const { dir, remove } = await tempDir('e2e-otel-');
  cleanup.push(remove);
  const t = await startTestService({ store: sqliteUrl(dir) });
  cleanup.push(t.stop);
  return t;
}

function send(exporter: PushMetricExporter, data: ResourceMetrics): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(data, resolve));
}

const metricExporters: Record<string, (t: TestService) => PushMetricExporter> = {
  'http/protobuf': (t) => new ProtoMetricExporter({ url: `${t.addresses.otlpHttp}/v1/metrics` }),
  'http/json': (t) => new JsonMetricExporter({ url: `${t.addresses.otlpHttp}/v1/metrics` }),
  grpc: (t) => new GrpcMetricExporter({ url: `http://${t.addresses.otlpGrpc}` }),
};

describe('official OTel JS metric exporters into the running service', () => {
  for (const [protocol, create] of Object.entries(metricExporters)) {
    it(`stores counter deltas, histogram counts and sums and gauges sent over ${protocol}`, async () => {
      const t = await service();
      const exporter = create(t);
      cleanup.push(() => exporter.shutdown());
      const reader = new OnDemandReader();
      const provider = new MeterProvider({
        resource: resourceFromAttributes({ 'service.name': `e2e-${protocol}` }),
        readers: [reader],
      });
      cleanup.push(() => provider.shutdown());
      const meter = provider.getMeter('e2e-scope', '1.0.0');
      const requests = meter.createCounter('e2e.requests');
      const latency = meter.createHistogram('e2e.latency', {
        unit: 's',
        advice: { explicitBucketBoundaries: [0.1, 1, 10] },
      });
      const temperature = meter.createGauge('e2e.temperature', { unit: 'Cel' });

      // Export 1: route=a 3, route=b 4; latency 0.05 + 0.5 + 5 + 50 = 55.55 over 4; 21.5 °C.
      requests.add(3, { route: 'a' });
      requests.add(4, { route: 'b' });
      for (const v of [0.05, 0.5, 5, 50]) latency.record(v);
      temperature.record(21.5);
      const first = await reader.collect();
      expect(await send(exporter, first.resourceMetrics)).toEqual({
        code: ExportResultCode.SUCCESS,
      });

      // Export 2 (cumulative): route=a 3+10 = 13, route=b unchanged; latency +2 → 5 obs, 57.55.
      requests.add(10, { route: 'a' });
      latency.record(2);
      temperature.record(22.25);
      const second = await reader.collect();
      expect(await send(exporter, second.resourceMetrics)).toEqual({
        code: ExportResultCode.SUCCESS,
      });

      // The export callback fires after the service answered, and it answers after processing.
      const api = t.addresses.api;
      const a = await oneSeries(api, 'e2e.requests', { route: 'a' });
      expect(a).toMatchObject({ kind: 'counter', scope: 'e2e-scope' });
      expect(a.resource['service.name']).toBe(`e2e-${protocol}`);
      // The SDK started after the service, so its first cumulative point counts whole.
      expect((await samplesOf(api, a.id)).map((s) => s.value)).toEqual([3, 10]);
      const b = await oneSeries(api, 'e2e.requests', { route: 'b' });
      expect(sumOf(await samplesOf(api, b.id))).toBe(4);

      const hist = await oneSeries(api, 'e2e.latency');
      expect(hist).toMatchObject({ kind: 'histogram', unit: 's' });
      const hs = await samplesOf(api, hist.id);
      expect(hs.map((s) => s.count)).toEqual([4, 1]);
      expect(hs[0]?.sum).toBeCloseTo(55.55, 10);
      expect(hs[1]?.sum).toBeCloseTo(2, 10);
      expect(countOf(hs)).toBe(5);

      const gauge = await oneSeries(api, 'e2e.temperature');
      expect((await samplesOf(api, gauge.id)).map((s) => s.value)).toEqual([21.5, 22.25]);

      const status = await statusOf(api);
      expect(status.totals).toMatchObject({ requests: 2, rejectedPoints: 0 });
      // 2 counter + 1 histogram + 1 gauge point per export.
      expect(status.totals.acceptedPoints).toBe(8);
      expect(status.series.active).toBe(4);
      expect(status.ingest.metrics.acceptedPerSecond).toBeGreaterThan(0);
    });
  }
});

const traceExporters: Record<string, (t: TestService) => SpanExporter> = {
  'http/protobuf': (t) => new ProtoTraceExporter({ url: `${t.addresses.otlpHttp}/v1/traces` }),
  'http/json': (t) => new JsonTraceExporter({ url: `${t.addresses.otlpHttp}/v1/traces` }),
  grpc: (t) => new GrpcTraceExporter({ url: `http://${t.addresses.otlpGrpc}` }),
};

describe('official OTel JS trace exporters into the running service', () => {
  for (const [protocol, create] of Object.entries(traceExporters)) {
    it(`turns operation spans sent over ${protocol} into duration histograms`, async () => {
      const t = await service();
      const exporter = create(t);
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': `e2e-spans-${protocol}` }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      cleanup.push(() => provider.shutdown());
      const tracer = provider.getTracer('e2e-tracer');
      // Durations fixed by explicit start and end times: 0.5 s, 1.5 s (ok) and 2 s (error).
      const t0 = Date.now();
      const spans: [number, boolean][] = [
        [500, false],
        [1500, false],
        [2000, true],
      ];
      for (const [millis, failed] of spans) {
        const span = tracer.startSpan('chi_squared', {
          startTime: t0,
          attributes: { [ATTR_OPERATION_NAME]: 'chi_squared' },
        });
        if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: 'diverged' });
        span.end(t0 + millis);
      }
      await provider.forceFlush();
      const api = t.addresses.api;
      const all = await seriesOf(api, METRIC_OPERATION_DURATION);
      const mine = all.filter((s) => s.attributes[ATTR_OPERATION_NAME] === 'chi_squared');
      let count = 0;
      let sum = 0;
      for (const s of mine) {
        const samples = await samplesOf(api, s.id);
        count += countOf(samples);
        sum += samples.reduce((a, x) => a + (x.sum ?? 0), 0);
      }
      expect(count).toBe(3);
      // Nanosecond timestamps travel as doubles (exact to ~256 ns at present-day dates).
      expect(sum).toBeCloseTo(4, 5);
      // The failed span's point carries error.type.
      const failed = mine.filter((s) => s.attributes[ATTR_ERROR_TYPE] !== undefined);
      expect(failed).toHaveLength(1);
      expect(countOf(await samplesOf(api, (failed[0] as { id: string }).id))).toBe(1);
    });
  }
});
