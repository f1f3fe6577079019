import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { describe, expect, it } from 'vitest';
import type { OtlpExporterConfig } from '../../src/config/types.js';
import {
  createOtlpMetricExporter,
  otlpHttpMetricsUrl,
} from '../../src/exporters/otlp-metric-exporter.js';

describe('otlpHttpMetricsUrl', () => {
  it.each([
    ['http://collector:4318', 'http://collector:4318/v1/metrics'],
    ['http://collector:4318/', 'http://collector:4318/v1/metrics'],
    ['https://otlp.example.org/otlp', 'https://otlp.example.org/otlp/v1/metrics'],
    ['https://otlp.example.org/otlp/', 'https://otlp.example.org/otlp/v1/metrics'],
    ['http://collector:4318/v1/metrics', 'http://collector:4318/v1/metrics'],
    ['http://c:4318/custom/v1/metrics?tenant=a', 'http://c:4318/custom/v1/metrics?tenant=a'],
  ])('%s → %s', (endpoint, url) => {
    expect(otlpHttpMetricsUrl(endpoint)).toBe(url);
  });
});

describe('createOtlpMetricExporter', () => {
  const base: OtlpExporterConfig = {
    type: 'otlp',
    id: 'otlp',
    endpoint: 'http://127.0.0.1:4318',
    protocol: 'http/protobuf',
    headers: {},
    intervalMillis: 60_000,
    timeoutMillis: 10_000,
    compression: 'none',
    temporality: 'cumulative',
  };

  it.each([
    ['http/protobuf', ProtoMetricExporter],
    ['http/json', JsonMetricExporter],
    ['grpc', GrpcMetricExporter],
  ] as const)('uses the SDK exporter for %s', async (protocol, type) => {
    const exporter = createOtlpMetricExporter({ ...base, protocol });
    expect(exporter).toBeInstanceOf(type);
    await exporter.shutdown();
  });
});
