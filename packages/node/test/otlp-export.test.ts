import * as grpc from '@grpc/grpc-js';
import { DiagLogLevel, diag, metrics, trace } from '@opentelemetry/api';
import type { ProxyTracerProvider } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMonitoring } from '../src/start-monitoring.js';
import type { Monitoring, OtlpProtocol } from '../src/types.js';
import { startHttpSink } from './helpers/http-sink.js';
import type { HttpSink } from './helpers/http-sink.js';

let sink: HttpSink | undefined;
let grpcServer: grpc.Server | undefined;
let running: Monitoring | undefined;

afterEach(async () => {
  await running?.shutdown();
  running = undefined;
  await sink?.close();
  sink = undefined;
  grpcServer?.forceShutdown();
  grpcServer = undefined;
  vi.unstubAllEnvs();
});

/** Records one span and one counter point, then exports them. */
async function recordAndFlush(monitoring: Monitoring): Promise<void> {
  trace.getTracer('test').startSpan('wire-span').end();
  metrics.getMeter('test').createCounter('wire.counter').add(5);
  await monitoring.forceFlush();
}

const silentLogger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
};

const noDetectors = { resourceDetectors: [], memoryGauges: false } as const;

describe('OTLP export over the wire', () => {
  it.each<[OtlpProtocol, string]>([
    ['http/json', 'application/json'],
    ['http/protobuf', 'application/x-protobuf'],
  ])(
    'sends %s to <endpoint>/v1/traces and /v1/metrics with the configured headers',
    async (protocol, contentType) => {
      sink = await startHttpSink();
      running = startMonitoring({
        ...noDetectors,
        serviceName: 'wire-test',
        protocol,
        endpoint: sink.url,
        headers: { 'x-api-key': 'secret-1' },
        metrics: { headers: { 'x-signal': 'metrics' } },
      });
      await recordAndFlush(running);

      const traces = sink.requests.find((r) => r.path === '/v1/traces');
      const metricsRequest = sink.requests.find((r) => r.path === '/v1/metrics');
      expect(traces?.method).toBe('POST');
      expect(traces?.headers['content-type']).toBe(contentType);
      expect(traces?.headers['x-api-key']).toBe('secret-1');
      expect(traces?.headers['x-signal']).toBeUndefined();
      expect(metricsRequest?.headers['x-api-key']).toBe('secret-1');
      expect(metricsRequest?.headers['x-signal']).toBe('metrics');
      // Protobuf carries strings as raw UTF-8, so both encodings contain the names verbatim.
      expect(traces?.body.includes('wire-span')).toBe(true);
      expect(traces?.body.includes('wire-test')).toBe(true);
      expect(metricsRequest?.body.includes('wire.counter')).toBe(true);
      if (protocol === 'http/json') {
        const payload = JSON.parse(traces?.body.toString() ?? '{}') as {
          resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[];
        };
        expect(payload.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.name).toBe('wire-span');
      }
    },
  );

  it('leaves endpoint and headers from OTEL_* variables to the exporter', async () => {
    sink = await startHttpSink();
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', `${sink.url}/from-env`);
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', `${sink.url}/traces-from-env`);
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-env=1,x-both=env');
    running = startMonitoring({ ...noDetectors, headers: { 'x-both': 'explicit' } });
    await recordAndFlush(running);

    const paths = sink.requests.map((r) => r.path).sort();
    expect(paths).toEqual(['/from-env/v1/metrics', '/traces-from-env']);
    for (const request of sink.requests) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-env']).toBe('1');
      // Explicit headers win per key over the variables.
      expect(request.headers['x-both']).toBe('explicit');
    }
  });

  it('an explicit endpoint wins over the endpoint variables', async () => {
    sink = await startHttpSink();
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', `${sink.url}/traces-from-env`);
    running = startMonitoring({ ...noDetectors, protocol: 'http/json', endpoint: sink.url });
    await recordAndFlush(running);
    expect(sink.requests.map((r) => r.path).sort()).toEqual(['/v1/metrics', '/v1/traces']);
  });

  it('sends grpc to the Export services with headers as metadata', async () => {
    const received: { path: string; metadata: grpc.Metadata; bytes: number }[] = [];
    const bytes = (b: Buffer) => b;
    const exportMethod = (path: string) => ({
      path,
      requestStream: false,
      responseStream: false,
      requestSerialize: bytes,
      requestDeserialize: bytes,
      responseSerialize: bytes,
      responseDeserialize: bytes,
    });
    const traceService = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
    const metricService = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';
    const handler =
      (path: string): grpc.handleUnaryCall<Buffer, Buffer> =>
      (call, callback) => {
        received.push({ path, metadata: call.metadata, bytes: call.request.length });
        // An empty Export*ServiceResponse is zero bytes.
        callback(null, Buffer.alloc(0));
      };
    grpcServer = new grpc.Server();
    grpcServer.addService(
      { Export: exportMethod(traceService) },
      { Export: handler(traceService) },
    );
    grpcServer.addService(
      { Export: exportMethod(metricService) },
      { Export: handler(metricService) },
    );
    const port = await new Promise<number>((resolve, reject) =>
      grpcServer?.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );

    running = startMonitoring({
      ...noDetectors,
      protocol: 'grpc',
      endpoint: `http://127.0.0.1:${port}`,
      headers: { 'x-api-key': 'grpc-secret' },
    });
    await recordAndFlush(running);

    expect(received.map((r) => r.path).sort()).toEqual([metricService, traceService]);
    for (const r of received) {
      expect(r.metadata.get('x-api-key')).toEqual(['grpc-secret']);
      expect(r.bytes).toBeGreaterThan(0);
    }
  });

  it('a console exporter writes spans to stdout', async () => {
    const lines: unknown[] = [];
    const spy = vi.spyOn(console, 'dir').mockImplementation((value) => void lines.push(value));
    try {
      running = startMonitoring({
        ...noDetectors,
        exporter: 'console',
        metrics: { exporter: 'none' },
      });
      trace.getTracer('test').startSpan('printed-span').end();
      await running.forceFlush();
    } finally {
      spy.mockRestore();
    }
    expect(lines).toContainEqual(expect.objectContaining({ name: 'printed-span' }));
  });

  it('shutdown resolves and reports the loss through diag when the receiver refuses the final export', async () => {
    // 400 is not retryable (https://opentelemetry.io/docs/specs/otlp/#failures-1), so the
    // exporter gives up at once.
    sink = await startHttpSink(400);
    const errors: string[] = [];
    diag.setLogger(
      { ...silentLogger, error: (message: string) => void errors.push(message) },
      DiagLogLevel.ERROR,
    );
    try {
      const monitoring = startMonitoring({
        ...noDetectors,
        protocol: 'http/json',
        endpoint: sink.url,
        metrics: { exporter: 'none' },
      });
      trace.getTracer('test').startSpan('refused').end();
      await expect(monitoring.shutdown()).resolves.toBeUndefined();
      expect(sink.requests.map((r) => r.path)).toEqual(['/v1/traces']);
      expect(errors).toEqual([
        expect.stringMatching(
          /^startMonitoring: shutdown failed: .*; spans and metrics not yet exported were dropped$/,
        ),
      ]);
    } finally {
      diag.disable();
    }
  });

  it('shutdown rejects, naming the cause, with rejectOnShutdownFailure', async () => {
    sink = await startHttpSink(400);
    const monitoring = startMonitoring({
      ...noDetectors,
      protocol: 'http/json',
      endpoint: sink.url,
      metrics: { exporter: 'none' },
      rejectOnShutdownFailure: true,
    });
    trace.getTracer('test').startSpan('refused').end();
    await expect(monitoring.shutdown()).rejects.toThrow(/^startMonitoring: shutdown failed: /);
    expect(sink.requests.map((r) => r.path)).toEqual(['/v1/traces']);
    // The globals are released even so, and a retry of shutdown returns the same outcome.
    const global = trace.getTracerProvider() as ProxyTracerProvider;
    expect(global.getDelegate()).not.toBe(monitoring.tracerProvider);
    await expect(monitoring.shutdown()).rejects.toThrow(/shutdown failed/);
  });
});
