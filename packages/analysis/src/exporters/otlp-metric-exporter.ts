/**
 * The OTel SDK's OTLP metric exporter for an `exporters.otlp` entry, by protocol:
 * `http/protobuf` (`@opentelemetry/exporter-metrics-otlp-proto`), `http/json`
 * (`@opentelemetry/exporter-metrics-otlp-http`) or `grpc`
 * (`@opentelemetry/exporter-metrics-otlp-grpc`).
 */
import { Metadata } from '@grpc/grpc-js';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonMetricExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { Secret } from '../config/secret.js';
import type { OtlpExporterConfig } from '../config/types.js';

type HttpExporterOptions = NonNullable<ConstructorParameters<typeof ProtoMetricExporter>[0]>;

/** The OTLP/HTTP metrics path. */
export const OTLP_METRICS_PATH = '/v1/metrics';

/**
 * The URL an HTTP exporter posts to: the endpoint with `/v1/metrics` appended to its path,
 * unless the path already ends with it (`OTEL_EXPORTER_OTLP_ENDPOINT` semantics).
 */
export function otlpHttpMetricsUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (!url.pathname.endsWith(OTLP_METRICS_PATH)) {
    url.pathname = url.pathname.replace(/\/+$/, '') + OTLP_METRICS_PATH;
  }
  return url.toString();
}

function revealHeaders(config: OtlpExporterConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) {
    out[name] = value instanceof Secret ? value.reveal() : value;
  }
  return out;
}

/** Creates the exporter for `config` (its interval belongs to the reader, not here). */
export function createOtlpMetricExporter(config: OtlpExporterConfig): PushMetricExporter {
  const temporalityPreference =
    config.temporality === 'delta'
      ? AggregationTemporalityPreference.DELTA
      : AggregationTemporalityPreference.CUMULATIVE;
  // The exporters' `CompressionAlgorithm` enum holds exactly these strings.
  const compression = config.compression as NonNullable<HttpExporterOptions['compression']>;
  const headers = revealHeaders(config);
  const common = { timeoutMillis: config.timeoutMillis, temporalityPreference, compression };
  if (config.protocol === 'grpc') {
    const metadata = new Metadata();
    for (const [name, value] of Object.entries(headers)) metadata.set(name.toLowerCase(), value);
    return new GrpcMetricExporter({ ...common, url: config.endpoint, metadata });
  }
  const options = { ...common, url: otlpHttpMetricsUrl(config.endpoint), headers };
  return config.protocol === 'http/json'
    ? new JsonMetricExporter(options)
    : new ProtoMetricExporter(options);
}
