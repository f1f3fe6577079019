import { DiagLogLevel } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { resolveMonitoringConfig } from '../src/config.js';
import type { Environment } from '../src/env.js';
import type { MonitoringConfig, StartMonitoringOptions } from '../src/types.js';

interface Row {
  name: string;
  options?: StartMonitoringOptions;
  env?: Environment;
  expect: (config: MonitoringConfig) => void;
}

const rows: Row[] = [
  {
    name: 'defaults: otlp over http/protobuf, 60 s interval, 30 s timeout, exporter-owned URLs',
    expect: (c) => {
      expect(c.disabled).toBe(false);
      expect(c.traces).toEqual({
        exporters: ['otlp'],
        protocol: 'http/protobuf',
        url: undefined,
        headers: undefined,
        timeoutMillis: undefined,
        compression: undefined,
      });
      expect(c.metrics.exportIntervalMillis).toBe(60_000);
      expect(c.metrics.exportTimeoutMillis).toBe(30_000);
      expect(c.resourceAttributes).toEqual({});
      expect(c.logLevel).toBeUndefined();
      expect(c.warnings).toEqual([]);
    },
  },
  {
    name: 'OTEL_EXPORTER_OTLP_PROTOCOL applies to both signals',
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    expect: (c) => {
      expect(c.traces.protocol).toBe('http/json');
      expect(c.metrics.protocol).toBe('http/json');
    },
  },
  {
    name: 'a per-signal protocol variable beats the general one',
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' },
    expect: (c) => {
      expect(c.traces.protocol).toBe('http/json');
      expect(c.metrics.protocol).toBe('grpc');
    },
  },
  {
    name: 'an explicit protocol beats every variable; a per-signal option beats the shared one',
    options: { protocol: 'grpc', traces: { protocol: 'http/json' } },
    env: {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
    },
    expect: (c) => {
      expect(c.traces.protocol).toBe('http/json');
      expect(c.metrics.protocol).toBe('grpc');
    },
  },
  {
    name: 'an unknown protocol in env warns and falls back to the default',
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'carrier-pigeon' },
    expect: (c) => {
      expect(c.traces.protocol).toBe('http/protobuf');
      expect(c.warnings).toEqual([
        'OTEL_EXPORTER_OTLP_PROTOCOL=carrier-pigeon: expected one of http/protobuf, http/json, grpc; ignored',
      ]);
    },
  },
  {
    name: 'protocol values in env are case-insensitive and trimmed',
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: '  HTTP/JSON ' },
    expect: (c) => expect(c.traces.protocol).toBe('http/json'),
  },
  {
    name: 'an explicit endpoint gets the signal path over HTTP and stays as is over gRPC',
    options: { endpoint: 'http://collector:4318', metrics: { protocol: 'grpc' } },
    expect: (c) => {
      expect(c.traces.url).toBe('http://collector:4318/v1/traces');
      expect(c.metrics.url).toBe('http://collector:4318');
    },
  },
  {
    name: 'an endpoint with a path prefix and trailing slash keeps the prefix',
    options: { endpoint: 'https://gateway.example/otlp/' },
    expect: (c) => {
      expect(c.traces.url).toBe('https://gateway.example/otlp/v1/traces');
      expect(c.metrics.url).toBe('https://gateway.example/otlp/v1/metrics');
    },
  },
  {
    name: 'a per-signal endpoint is used as is and beats the shared one',
    options: { endpoint: 'http://a:4318', traces: { endpoint: 'http://b:9999/custom' } },
    expect: (c) => {
      expect(c.traces.url).toBe('http://b:9999/custom');
      expect(c.metrics.url).toBe('http://a:4318/v1/metrics');
    },
  },
  {
    name: 'endpoint variables are left to the exporter (not applied twice)',
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://env:4318/v1/traces',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=b',
    },
    expect: (c) => {
      expect(c.traces.url).toBeUndefined();
      expect(c.metrics.url).toBeUndefined();
      expect(c.traces.headers).toBeUndefined();
    },
  },
  {
    name: 'per-signal headers merge over shared headers',
    options: {
      headers: { 'x-api-key': 'shared', 'x-team': 'xpcs' },
      metrics: { headers: { 'x-api-key': 'metrics' } },
    },
    expect: (c) => {
      expect(c.traces.headers).toEqual({ 'x-api-key': 'shared', 'x-team': 'xpcs' });
      expect(c.metrics.headers).toEqual({ 'x-api-key': 'metrics', 'x-team': 'xpcs' });
    },
  },
  {
    name: 'OTEL_TRACES_EXPORTER and OTEL_METRICS_EXPORTER select exporters per signal',
    env: { OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'none' },
    expect: (c) => {
      expect(c.traces.exporters).toEqual(['console']);
      expect(c.metrics.exporters).toEqual([]);
    },
  },
  {
    name: 'an exporter list in env creates each exporter once; none in a list is dropped',
    env: { OTEL_TRACES_EXPORTER: 'otlp,console,otlp', OTEL_METRICS_EXPORTER: 'none,console' },
    expect: (c) => {
      expect(c.traces.exporters).toEqual(['otlp', 'console']);
      expect(c.metrics.exporters).toEqual(['console']);
      expect(c.warnings).toEqual([
        "OTEL_METRICS_EXPORTER: 'none' combined with other exporters; 'none' ignored",
      ]);
    },
  },
  {
    name: 'an explicit exporter beats the variables; a per-signal one beats the shared one',
    options: { exporter: 'console', metrics: { exporter: ['otlp', 'console'] } },
    env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
    expect: (c) => {
      expect(c.traces.exporters).toEqual(['console']);
      expect(c.metrics.exporters).toEqual(['otlp', 'console']);
    },
  },
  {
    name: 'an unknown exporter in env warns and falls back to otlp',
    env: { OTEL_TRACES_EXPORTER: 'zipkin' },
    expect: (c) => {
      expect(c.traces.exporters).toEqual(['otlp']);
      expect(c.warnings[0]).toMatch(/^OTEL_TRACES_EXPORTER=zipkin: unknown value\(s\) zipkin/);
    },
  },
  {
    name: 'OTEL_SERVICE_NAME beats service.name in OTEL_RESOURCE_ATTRIBUTES',
    env: {
      OTEL_RESOURCE_ATTRIBUTES:
        'service.name=from-attributes,deployment.environment.name=beamline-8',
      OTEL_SERVICE_NAME: 'from-service-name',
    },
    expect: (c) =>
      expect(c.resourceAttributes).toEqual({
        'service.name': 'from-service-name',
        'deployment.environment.name': 'beamline-8',
      }),
  },
  {
    name: 'explicit service name, version and attributes beat the variables',
    options: {
      serviceName: 'xpcs-fit',
      serviceVersion: '2.1.0',
      resourceAttributes: { 'deployment.environment.name': 'staging', 'service.name': 'ignored' },
    },
    env: {
      OTEL_SERVICE_NAME: 'env-name',
      OTEL_RESOURCE_ATTRIBUTES: 'service.version=0.0.1,deployment.environment.name=prod,team=xpcs',
    },
    expect: (c) =>
      expect(c.resourceAttributes).toEqual({
        'service.name': 'xpcs-fit',
        'service.version': '2.1.0',
        'deployment.environment.name': 'staging',
        team: 'xpcs',
      }),
  },
  {
    name: 'percent-encoded resource attribute values are decoded',
    env: { OTEL_RESOURCE_ATTRIBUTES: 'note=a%2Cb%3Dc, spaced = x ' },
    expect: (c) => expect(c.resourceAttributes).toEqual({ note: 'a,b=c', spaced: 'x' }),
  },
  {
    name: 'a malformed OTEL_RESOURCE_ATTRIBUTES is discarded whole, as the spec requires',
    env: { OTEL_RESOURCE_ATTRIBUTES: 'good=1,bad' },
    expect: (c) => {
      expect(c.resourceAttributes).toEqual({});
      expect(c.warnings).toEqual([
        'OTEL_RESOURCE_ATTRIBUTES: entry "bad" is not key=value; ignored',
      ]);
    },
  },
  {
    name: 'OTEL_METRIC_EXPORT_INTERVAL and _TIMEOUT set the reader timing',
    env: { OTEL_METRIC_EXPORT_INTERVAL: '5000', OTEL_METRIC_EXPORT_TIMEOUT: '2000' },
    expect: (c) => {
      expect(c.metrics.exportIntervalMillis).toBe(5000);
      expect(c.metrics.exportTimeoutMillis).toBe(2000);
    },
  },
  {
    name: 'a short interval lowers the default timeout to it',
    options: { metrics: { exportIntervalMillis: 1000 } },
    env: { OTEL_METRIC_EXPORT_INTERVAL: '5000' },
    expect: (c) => {
      expect(c.metrics.exportIntervalMillis).toBe(1000);
      expect(c.metrics.exportTimeoutMillis).toBe(1000);
      expect(c.warnings).toEqual([]);
    },
  },
  {
    name: 'an env timeout longer than the interval warns and is lowered',
    env: { OTEL_METRIC_EXPORT_INTERVAL: '1000', OTEL_METRIC_EXPORT_TIMEOUT: '9000' },
    expect: (c) => {
      expect(c.metrics.exportTimeoutMillis).toBe(1000);
      expect(c.warnings).toEqual([
        'OTEL_METRIC_EXPORT_TIMEOUT=9000 exceeds the export interval; using 1000',
      ]);
    },
  },
  {
    name: 'a non-numeric interval warns and keeps the default',
    env: { OTEL_METRIC_EXPORT_INTERVAL: 'soon' },
    expect: (c) => {
      expect(c.metrics.exportIntervalMillis).toBe(60_000);
      expect(c.warnings).toEqual([
        'OTEL_METRIC_EXPORT_INTERVAL=soon: expected a number > 0; ignored',
      ]);
    },
  },
  {
    name: 'OTEL_SDK_DISABLED=true disables (case-insensitive)',
    env: { OTEL_SDK_DISABLED: 'TRUE' },
    expect: (c) => expect(c.disabled).toBe(true),
  },
  {
    name: 'an explicit disabled: false beats OTEL_SDK_DISABLED=true',
    options: { disabled: false },
    env: { OTEL_SDK_DISABLED: 'true' },
    expect: (c) => expect(c.disabled).toBe(false),
  },
  {
    name: 'OTEL_SDK_DISABLED with another value warns and stays enabled',
    env: { OTEL_SDK_DISABLED: 'yes' },
    expect: (c) => {
      expect(c.disabled).toBe(false);
      expect(c.warnings).toEqual(['OTEL_SDK_DISABLED=yes: expected true or false; ignored']);
    },
  },
  {
    name: 'empty variables count as unset',
    env: { OTEL_SDK_DISABLED: '', OTEL_SERVICE_NAME: '  ', OTEL_EXPORTER_OTLP_PROTOCOL: '' },
    expect: (c) => {
      expect(c.disabled).toBe(false);
      expect(c.resourceAttributes).toEqual({});
      expect(c.traces.protocol).toBe('http/protobuf');
      expect(c.warnings).toEqual([]);
    },
  },
  {
    name: 'OTEL_LOG_LEVEL maps to a diag level; an explicit logLevel wins',
    env: { OTEL_LOG_LEVEL: 'debug' },
    expect: (c) => expect(c.logLevel).toBe(DiagLogLevel.DEBUG),
  },
  {
    name: 'explicit timeout, compression and temporality pass through to the signal',
    options: {
      logLevel: DiagLogLevel.ERROR,
      traces: { timeoutMillis: 2500, compression: 'gzip' },
      metrics: { temporality: 'delta' },
    },
    env: { OTEL_LOG_LEVEL: 'debug' },
    expect: (c) => {
      expect(c.logLevel).toBe(DiagLogLevel.ERROR);
      expect(c.traces.timeoutMillis).toBe(2500);
      expect(c.traces.compression).toBe('gzip');
      expect(c.metrics.timeoutMillis).toBeUndefined();
      expect(c.metrics.temporality).toBe('delta');
    },
  },
];

describe('resolveMonitoringConfig', () => {
  it.each(rows)('$name', (row) => {
    row.expect(resolveMonitoringConfig(row.options, row.env));
  });
});

describe('invalid explicit options', () => {
  it.each<[string, StartMonitoringOptions, RegExp]>([
    [
      'unknown option',
      { servceName: 'x' } as StartMonitoringOptions,
      /options\.servceName: unknown option/,
    ],
    [
      'empty service name',
      { serviceName: ' ' },
      /options\.serviceName: must be a non-empty string/,
    ],
    [
      'protocol',
      { protocol: 'http' as never },
      /options\.protocol: must be one of http\/protobuf, http\/json, grpc, got "http"/,
    ],
    [
      'per-signal protocol',
      { metrics: { protocol: 'udp' as never } },
      /options\.metrics\.protocol/,
    ],
    [
      'exporter',
      { exporter: 'jaeger' as never },
      /options\.exporter: must be one of otlp, console, none/,
    ],
    [
      'none with others',
      { traces: { exporter: ['none', 'console'] } },
      /options\.traces\.exporter: 'none' cannot be combined/,
    ],
    [
      'empty exporter list',
      { exporter: [] },
      /options\.exporter: must be an exporter kind or a non-empty list/,
    ],
    [
      'endpoint not a URL',
      { endpoint: 'collector:4318' },
      /options\.endpoint: must use http:, https: or unix:/,
    ],
    [
      'endpoint garbage',
      { endpoint: 'not a url' },
      /options\.endpoint: not a valid URL: "not a url"/,
    ],
    [
      'header value',
      { headers: { 'x-key': 42 as never } },
      /options\.headers\.x-key: must be a string, got 42/,
    ],
    [
      'interval',
      { metrics: { exportIntervalMillis: 0 } },
      /options\.metrics\.exportIntervalMillis: must be a finite number > 0, got 0/,
    ],
    [
      'timeout over interval',
      { metrics: { exportIntervalMillis: 1000, exportTimeoutMillis: 5000 } },
      /options\.metrics\.exportTimeoutMillis: must be <= the export interval \(1000 ms\), got 5000/,
    ],
    [
      'temporality',
      { metrics: { temporality: 'sometimes' as never } },
      /options\.metrics\.temporality/,
    ],
    [
      'unknown signal key',
      { traces: { exportIntervalMillis: 5 } as never },
      /options\.traces\.exportIntervalMillis: unknown option/,
    ],
    [
      'compression',
      { traces: { compression: 'brotli' as never } },
      /options\.traces\.compression: must be one of gzip, none/,
    ],
    ['disabled', { disabled: 'yes' as never }, /options\.disabled: must be a boolean, got "yes"/],
    ['logLevel', { logLevel: 42 as never }, /options\.logLevel: must be a DiagLogLevel, got 42/],
    [
      'spanExporter',
      { spanExporter: {} as never },
      /options\.spanExporter: must be a SpanExporter/,
    ],
  ])('throws naming the option: %s', (_name, options, message) => {
    expect(() => resolveMonitoringConfig(options, {})).toThrow(message);
  });

  it('does not throw for bad env values, whatever they are', () => {
    const env = {
      OTEL_SDK_DISABLED: 'maybe',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'x',
      OTEL_TRACES_EXPORTER: 'y',
      OTEL_METRIC_EXPORT_INTERVAL: '-1',
      OTEL_RESOURCE_ATTRIBUTES: '%E0%A4%A=1',
      OTEL_LOG_LEVEL: 'loud',
    };
    const config = resolveMonitoringConfig({}, env);
    expect(config.warnings).toHaveLength(6);
    expect(config.warnings).toContain(
      'OTEL_RESOURCE_ATTRIBUTES: entry "%E0%A4%A=1" has a malformed percent-encoding; ignored',
    );
  });
});
