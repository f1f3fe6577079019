import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { AnalysisConfig } from '../../src/config/types.js';
import { decodeOtlp } from '../../src/otlp/decode-otlp.js';
import type { Metric, MetricsRequest } from '../../src/otlp/model.js';
import { createTelemetry } from '../../src/telemetry/create-telemetry.js';
import type { Telemetry } from '../../src/telemetry/create-telemetry.js';
import {
  METRIC_MONITOR_DECODE_ERRORS,
  METRIC_MONITOR_POINTS_DROPPED,
  METRIC_MONITOR_POINTS_RECEIVED,
  METRIC_MONITOR_PROCESSING_DURATION,
  METRIC_MONITOR_QUEUE_CAPACITY,
  METRIC_MONITOR_QUEUE_SIZE,
  METRIC_MONITOR_SERIES_ACTIVE,
  MONITOR_LATENCY_BUCKETS_SECONDS,
} from '@heterodyne/semconv';
import { gauge, numberPoint, resource } from '../exporters/model-builders.js';
import { startGrpcSink, startHttpSink } from './otlp-sinks.js';
import type { OtlpSink } from './otlp-sinks.js';

const SLI_GAUGE = 'heterodyne.slo.sli.value';

function config(yaml: string, env: Record<string, string> = {}): AnalysisConfig {
  const result = parseConfig(yaml, { file: 'test.yaml', env });
  if (!result.ok) throw new Error(result.error.map((e) => e.message).join('\n'));
  return result.value;
}

/** A config exporting metrics over OTLP to `url` and scraping through the API server. */
function otlpConfig(url: string, protocol: string): AnalysisConfig {
  return config(
    [
      'exporters:',
      '  otlp:',
      `    endpoint: ${url}`,
      `    protocol: ${protocol}`,
      '    headers: { Authorization: "Bearer ${BACKEND_TOKEN}", X-Tenant: beamline }',
      '  prometheus:',
      'service:',
      '  telemetry:',
      '    resource: { service.name: monitor-under-test, deployment.environment.name: test }',
    ].join('\n'),
    { BACKEND_TOKEN: 'backend-secret' },
  );
}

/** Records a known set of self and derived measurements. */
function recordKnownValues(telemetry: Telemetry): void {
  telemetry.self.recordReceived('metrics', 40, 'http');
  telemetry.self.recordReceived('metrics', 2, 'http');
  telemetry.self.recordReceived('traces', 5, 'grpc');
  telemetry.self.recordAccepted('metrics', 39);
  telemetry.self.recordDropped('metrics', 'cardinality_limit', 3);
  telemetry.self.recordDecodeError('logs', 'json');
  telemetry.self.recordProcessingDuration('metrics', 0.0003);
  telemetry.self.recordProcessingDuration('metrics', 0.002);
  telemetry.self.recordStoreDuration('write', 0.004);
  telemetry.self.setQueueDepth(3, 120);
  telemetry.self.observeActiveSeries(() => 17);
  telemetry.derived.registerGauge(
    { name: SLI_GAUGE, description: 'Current SLI value.', unit: '1' },
    (observe) => {
      observe(0.9995, { 'heterodyne.slo.sli': 'accuracy_preservation' });
      observe(1.7, { 'heterodyne.slo.sli': 'response_time' });
    },
  );
}

function metricsOf(request: MetricsRequest): Map<string, Metric> {
  const out = new Map<string, Metric>();
  for (const rm of request.resourceMetrics) {
    for (const sm of rm.scopeMetrics) for (const m of sm.metrics) out.set(m.name, m);
  }
  return out;
}

function pointValues(metric: Metric | undefined): { attributes: object; value: number }[] {
  if (!metric || (metric.data.type !== 'sum' && metric.data.type !== 'gauge')) return [];
  return metric.data.points.map((p) => ({ attributes: p.attributes, value: p.value }));
}

/** Checks a decoded export against {@link recordKnownValues}. */
function expectKnownValues(request: MetricsRequest): void {
  const attributes = request.resourceMetrics[0]?.resource.attributes;
  expect(attributes).toMatchObject({
    'service.name': 'monitor-under-test',
    'service.instance.id': 'instance-1',
    'deployment.environment.name': 'test',
  });
  const metrics = metricsOf(request);
  expect(pointValues(metrics.get(METRIC_MONITOR_POINTS_RECEIVED))).toEqual([
    {
      attributes: {
        'heterodyne.monitor.signal': 'metrics',
        'heterodyne.monitor.transport': 'http',
      },
      value: 42,
    },
    {
      attributes: { 'heterodyne.monitor.signal': 'traces', 'heterodyne.monitor.transport': 'grpc' },
      value: 5,
    },
  ]);
  expect(pointValues(metrics.get(METRIC_MONITOR_POINTS_DROPPED))).toEqual([
    {
      attributes: {
        'heterodyne.monitor.signal': 'metrics',
        'heterodyne.monitor.drop.reason': 'cardinality_limit',
      },
      value: 3,
    },
  ]);
  expect(pointValues(metrics.get(METRIC_MONITOR_DECODE_ERRORS))).toEqual([
    {
      attributes: { 'heterodyne.monitor.signal': 'logs', 'heterodyne.monitor.encoding': 'json' },
      value: 1,
    },
  ]);
  expect(pointValues(metrics.get(METRIC_MONITOR_QUEUE_SIZE))).toEqual([
    { attributes: {}, value: 3 },
  ]);
  expect(pointValues(metrics.get(METRIC_MONITOR_QUEUE_CAPACITY))).toEqual([
    { attributes: {}, value: 1000 },
  ]);
  expect(pointValues(metrics.get(METRIC_MONITOR_SERIES_ACTIVE))).toEqual([
    { attributes: {}, value: 17 },
  ]);
  expect(pointValues(metrics.get(SLI_GAUGE))).toEqual([
    { attributes: { 'heterodyne.slo.sli': 'accuracy_preservation' }, value: 0.9995 },
    { attributes: { 'heterodyne.slo.sli': 'response_time' }, value: 1.7 },
  ]);
  const processing = metrics.get(METRIC_MONITOR_PROCESSING_DURATION);
  expect(processing?.unit).toBe('s');
  if (processing?.data.type !== 'histogram')
    throw new Error('processing duration is not a histogram');
  const point = processing.data.points[0];
  expect(point?.explicitBounds).toEqual(MONITOR_LATENCY_BUCKETS_SECONDS);
  expect(point?.count).toBe(2);
  expect(point?.sum).toBeCloseTo(0.0023, 12);
  // 0.0003 falls in (0.00025, 0.0005], 0.002 in (0.001, 0.0025].
  const nonZero = (point?.bucketCounts ?? []).flatMap((c, i) =>
    c > 0 ? [[MONITOR_LATENCY_BUCKETS_SECONDS[i], c]] : [],
  );
  expect(nonZero).toEqual([
    [0.0005, 1],
    [0.0025, 1],
  ]);
}

describe('createTelemetry', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function sink(kind: 'http' | 'grpc'): Promise<OtlpSink> {
    const started = kind === 'http' ? await startHttpSink() : await startGrpcSink();
    cleanups.push(() => started.close());
    return started;
  }

  function telemetryFor(c: AnalysisConfig, options = {}): Telemetry {
    const telemetry = createTelemetry(c, { instanceId: 'instance-1', ...options });
    cleanups.push(() => telemetry.shutdown());
    return telemetry;
  }

  it.each([
    ['http/protobuf', 'protobuf', 'application/x-protobuf'],
    ['http/json', 'json', 'application/json'],
  ] as const)(
    'sends self and derived metrics to a loopback OTLP/HTTP endpoint (%s)',
    async (protocol, encoding, type) => {
      const endpoint = await sink('http');
      const telemetry = telemetryFor(otlpConfig(endpoint.url, protocol));
      recordKnownValues(telemetry);
      await telemetry.forceFlush();
      expect(endpoint.received).toHaveLength(1);
      const [request] = endpoint.received;
      expect(request?.path).toBe('/v1/metrics');
      expect(request?.contentType).toBe(type);
      expect(request?.headers).toMatchObject({
        authorization: 'Bearer backend-secret',
        'x-tenant': 'beamline',
      });
      const decoded = decodeOtlp('metrics', encoding, new Uint8Array(request?.body ?? []));
      if (!decoded.ok) throw decoded.error;
      expectKnownValues(decoded.value);
    },
  );

  it('sends self and derived metrics to a loopback OTLP/gRPC endpoint', async () => {
    const endpoint = await sink('grpc');
    const telemetry = telemetryFor(otlpConfig(endpoint.url, 'grpc'));
    recordKnownValues(telemetry);
    await telemetry.forceFlush();
    expect(endpoint.received).toHaveLength(1);
    expect(endpoint.received[0]?.headers).toMatchObject({
      authorization: 'Bearer backend-secret',
      'x-tenant': 'beamline',
    });
    const decoded = decodeOtlp(
      'metrics',
      'protobuf',
      new Uint8Array(endpoint.received[0]?.body ?? []),
    );
    if (!decoded.ok) throw decoded.error;
    expectKnownValues(decoded.value);
  });

  it('stops exporting a derived gauge once it is unregistered', async () => {
    const endpoint = await sink('http');
    const telemetry = telemetryFor(otlpConfig(endpoint.url, 'http/json'));
    const unregister = telemetry.derived.registerGauge(
      { name: SLI_GAUGE, description: 'Current SLI value.', unit: '1' },
      (observe) => observe(0.5, { 'heterodyne.slo.sli': 'error_rate' }),
    );
    await telemetry.forceFlush();
    unregister();
    await telemetry.forceFlush();
    const exported = endpoint.received.map((r) => {
      const decoded = decodeOtlp('metrics', 'json', new Uint8Array(r.body));
      if (!decoded.ok) throw decoded.error;
      return pointValues(metricsOf(decoded.value).get(SLI_GAUGE));
    });
    expect(exported).toEqual([
      [{ attributes: { 'heterodyne.slo.sli': 'error_rate' }, value: 0.5 }],
      [],
    ]);
  });

  it('exports once more on shutdown, and shuts down once', async () => {
    const endpoint = await sink('http');
    const telemetry = createTelemetry(otlpConfig(endpoint.url, 'http/json'), {
      instanceId: 'instance-1',
    });
    telemetry.self.recordReceived('logs', 1);
    await telemetry.shutdown();
    await telemetry.shutdown();
    expect(endpoint.received).toHaveLength(1);
  });

  it('renders the same metrics for the API server scrape, with Prometheus names', async () => {
    const telemetry = telemetryFor(
      config(
        'exporters:\n  prometheus:\nservice:\n  telemetry:\n    resource: { service.name: monitor-under-test, deployment.environment.name: test }\n',
      ),
    );
    recordKnownValues(telemetry);
    expect(telemetry.prometheusPath).toBe('/metrics');
    const text = await telemetry.renderPrometheus();
    const target = 'job="monitor-under-test",instance="instance-1"';
    const self = `otel_scope_name="@heterodyne/analysis",${target}`;
    const lines = text.split('\n');
    expect(lines).toContain('# TYPE heterodyne_monitor_points_received_total counter');
    expect(lines).toContain(
      `heterodyne_monitor_points_received_total{heterodyne_monitor_signal="metrics",heterodyne_monitor_transport="http",${self}} 42`,
    );
    expect(lines).toContain(
      `heterodyne_monitor_points_dropped_total{heterodyne_monitor_signal="metrics",heterodyne_monitor_drop_reason="cardinality_limit",${self}} 3`,
    );
    expect(lines).toContain(`heterodyne_monitor_queue_size{${self}} 3`);
    expect(lines).toContain(`heterodyne_monitor_series_active{${self}} 17`);
    expect(lines).toContain(
      `heterodyne_monitor_processing_duration_seconds_bucket{heterodyne_monitor_signal="metrics",${self},le="0.0005"} 1`,
    );
    expect(lines).toContain(
      `heterodyne_monitor_processing_duration_seconds_count{heterodyne_monitor_signal="metrics",${self}} 2`,
    );
    expect(lines).toContain(
      `heterodyne_slo_sli_value_ratio{heterodyne_slo_sli="response_time",otel_scope_name="@heterodyne/analysis/derived",${target}} 1.7`,
    );
    expect(lines.find((l) => l.startsWith('target_info{'))).toMatch(
      /^target_info\{job="monitor-under-test",instance="instance-1",.*deployment_environment_name="test".*\} 1$/,
    );
  });

  it('exposes the engine scheduler metrics: evaluation duration and lag, skipped boundaries, findings', async () => {
    const telemetry = telemetryFor(
      config(
        'exporters:\n  prometheus:\nservice:\n  telemetry:\n    resource: { service.name: m }\n',
      ),
    );
    telemetry.self.recordEngineEvaluation('slo', 0.002, 0.25);
    telemetry.self.recordEngineEvaluation('slo', 0.03, 0.5, 'RangeError');
    telemetry.self.recordEngineSkipped('slo', 2);
    telemetry.self.recordFinding('slo', 'firing');
    telemetry.self.recordFinding('slo', 'firing');
    telemetry.self.recordFinding('slo', 'resolved');
    const lines = (await telemetry.renderPrometheus()).split('\n');
    const self = 'otel_scope_name="@heterodyne/analysis",job="m"';
    const find = (prefix: string) => lines.find((l) => l.startsWith(prefix));
    expect(
      find(
        `heterodyne_monitor_engine_evaluation_duration_seconds_count{heterodyne_monitor_engine="slo",${self}`,
      ),
    ).toMatch(/ 1$/);
    expect(
      find(
        `heterodyne_monitor_engine_evaluation_duration_seconds_count{heterodyne_monitor_engine="slo",error_type="RangeError",${self}`,
      ),
    ).toMatch(/ 1$/);
    expect(
      find(
        `heterodyne_monitor_engine_evaluation_lag_seconds_sum{heterodyne_monitor_engine="slo",${self}`,
      ),
    ).toMatch(/ 0\.75$/);
    expect(
      find(
        `heterodyne_monitor_engine_evaluations_skipped_total{heterodyne_monitor_engine="slo",${self}`,
      ),
    ).toMatch(/ 2$/);
    expect(
      find(
        `heterodyne_monitor_engine_findings_total{heterodyne_monitor_engine="slo",heterodyne_monitor_finding_state="firing",${self}`,
      ),
    ).toMatch(/ 2$/);
    await telemetry.shutdown();
  });

  it('exposes received metrics next to its own when pass-through is on, and not when off', async () => {
    const received = [
      resource({ 'service.name': 'xpcs-fit', 'service.instance.id': 'ws-3' }, [
        gauge(
          'heterodyne.process.memory.utilization',
          '1',
          [numberPoint(0.61)],
          'Heap used / limit.',
        ),
      ]),
    ];
    const on = telemetryFor(config('exporters:\n  prometheus:\n'), { passThrough: () => received });
    const passed =
      'heterodyne_process_memory_utilization_ratio{otel_scope_name="test-scope",otel_scope_version="1.2.3",job="xpcs-fit",instance="ws-3"} 0.61';
    expect((await on.renderPrometheus()).split('\n')).toContain(passed);
    const off = telemetryFor(config('exporters:\n  prometheus: { pass_through: false }\n'), {
      passThrough: () => received,
    });
    expect(await off.renderPrometheus()).not.toContain(
      'heterodyne_process_memory_utilization_ratio',
    );
  });

  it('serves a Prometheus exporter with its own endpoint from start()', async () => {
    const telemetry = telemetryFor(
      config('exporters:\n  prometheus: { endpoint: "127.0.0.1:0", path: /scrape }\n'),
    );
    expect(telemetry.prometheusPath).toBeUndefined();
    await expect(telemetry.renderPrometheus()).rejects.toThrow(
      /no Prometheus exporter is served by the API server/,
    );
    const [bound] = await telemetry.start();
    expect(bound).toMatchObject({ id: 'prometheus', host: '127.0.0.1' });
    telemetry.self.recordAccepted('metrics', 7);
    const response = await fetch(`http://127.0.0.1:${bound?.port}/scrape`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(
      /^heterodyne_monitor_points_accepted_total\{heterodyne_monitor_signal="metrics",.*\} 7$/m,
    );
  });

  it('records nothing at metrics level none and no histograms at basic', async () => {
    const none = telemetryFor(
      config('exporters:\n  prometheus:\nservice:\n  telemetry:\n    metrics: { level: none }\n'),
    );
    recordKnownValues(none);
    const noneText = await none.renderPrometheus();
    expect(noneText).not.toContain('heterodyne_monitor_');
    expect(noneText).toContain('heterodyne_slo_sli_value_ratio');
    const basic = telemetryFor(
      config('exporters:\n  prometheus:\nservice:\n  telemetry:\n    metrics: { level: basic }\n'),
    );
    recordKnownValues(basic);
    const basicText = await basic.renderPrometheus();
    expect(basicText).toContain('heterodyne_monitor_points_received_total');
    expect(basicText).not.toContain('_duration_seconds');
  });

  it('writes export summaries through the debug exporter', async () => {
    const lines: string[] = [];
    const telemetry = telemetryFor(config('exporters:\n  debug: { verbosity: detailed }\n'), {
      debugWrite: (line: string) => lines.push(line),
    });
    telemetry.self.recordDropped('traces', 'overloaded', 4);
    await telemetry.forceFlush();
    expect(lines[0]).toMatch(/^debug exporter: \d+ metrics, \d+ data points$/);
    expect(lines).toContain(
      '  heterodyne.monitor.points.dropped{heterodyne.monitor.signal=traces, heterodyne.monitor.drop.reason=overloaded} 4',
    );
  });
});

describe('derived metrics', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function telemetry(): Telemetry {
    const t = createTelemetry(config('exporters:\n  prometheus:\n'), { instanceId: 'i' });
    cleanups.push(() => t.shutdown());
    return t;
  }

  it('stop reporting once unregistered', async () => {
    const t = telemetry();
    let value = 1;
    const unregister = t.derived.registerGauge(
      { name: 'heterodyne.anomaly.score', description: 'Anomaly score.', unit: '1' },
      (observe) => observe(value),
    );
    expect(await t.renderPrometheus()).toMatch(/^heterodyne_anomaly_score_ratio\{.*\} 1$/m);
    value = 0.25;
    expect(await t.renderPrometheus()).toMatch(/^heterodyne_anomaly_score_ratio\{.*\} 0\.25$/m);
    unregister();
    unregister();
    expect(await t.renderPrometheus()).not.toMatch(/^heterodyne_anomaly_score_ratio\{/m);
  });

  it('let several engines report one gauge with the same description', async () => {
    const t = telemetry();
    const options = {
      name: 'heterodyne.baseline.drift',
      description: 'Drift in standard errors.',
      unit: '1',
    };
    t.derived.registerGauge(options, (observe) => observe(1, { metric: 'a' }));
    t.derived.registerGauge(options, (observe) => observe(2, { metric: 'b' }));
    const text = await t.renderPrometheus();
    expect(text).toMatch(/^heterodyne_baseline_drift_ratio\{metric="a",.*\} 1$/m);
    expect(text).toMatch(/^heterodyne_baseline_drift_ratio\{metric="b",.*\} 2$/m);
    expect(() => t.derived.registerGauge({ ...options, unit: 's' }, () => undefined)).toThrow(
      /already registered with another description or unit/,
    );
  });

  it.each(['slo.burn_rate', 'heterodyne.', 'heterodyne.bad name', 'heterodyne.ü'])(
    'refuse the name %j',
    (name) => {
      const t = telemetry();
      expect(() =>
        t.derived.registerGauge({ name, description: 'd', unit: '1' }, () => undefined),
      ).toThrow(/is not a derived metric name/);
    },
  );
});
