import { createRequire } from 'node:module';
import type * as MetricsGrpc from '@opentelemetry/exporter-metrics-otlp-grpc';
import type * as MetricsHttp from '@opentelemetry/exporter-metrics-otlp-http';
import type * as MetricsProto from '@opentelemetry/exporter-metrics-otlp-proto';
import type * as TraceGrpc from '@opentelemetry/exporter-trace-otlp-grpc';
import type * as TraceHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as TraceProto from '@opentelemetry/exporter-trace-otlp-proto';
import { ConsoleMetricExporter } from '@opentelemetry/sdk-metrics';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ExporterKind, MetricSignalConfig, SignalConfig } from './types.js';

// The exporter packages are CommonJS and take 100-200 ms each to load (the gRPC one pulls in
// @grpc/grpc-js), so only the one the configuration selects is loaded, on demand.
const require = createRequire(import.meta.url);

type GrpcConfig = NonNullable<ConstructorParameters<typeof TraceGrpc.OTLPTraceExporter>[0]>;
type GrpcMetadata = NonNullable<GrpcConfig['metadata']>;
type HttpCompression = NonNullable<
  NonNullable<ConstructorParameters<typeof TraceHttp.OTLPTraceExporter>[0]>['compression']
>;

/**
 * gRPC headers travel as `Metadata` of the @grpc/grpc-js copy the exporter itself uses; the
 * exporter's base package builds it, resolved from the exporter's own location.
 */
function grpcMetadata(exporterPackage: string, headers: Readonly<Record<string, string>>) {
  const fromExporter = createRequire(require.resolve(exporterPackage));
  const base = fromExporter('@opentelemetry/otlp-grpc-exporter-base') as {
    createEmptyMetadata(): GrpcMetadata;
  };
  const metadata = base.createEmptyMetadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return metadata;
}

function httpConfig(signal: SignalConfig) {
  return {
    url: signal.url,
    headers: signal.headers === undefined ? undefined : { ...signal.headers },
    timeoutMillis: signal.timeoutMillis,
    compression: signal.compression as HttpCompression | undefined,
  };
}

function grpcConfig(signal: SignalConfig, exporterPackage: string): GrpcConfig {
  return {
    url: signal.url,
    metadata:
      signal.headers === undefined ? undefined : grpcMetadata(exporterPackage, signal.headers),
    timeoutMillis: signal.timeoutMillis,
    compression: signal.compression as GrpcConfig['compression'],
  };
}

/** Creates the span exporter for one exporter kind of the resolved trace settings. */
export function createSpanExporter(
  kind: Exclude<ExporterKind, 'none'>,
  signal: SignalConfig,
): SpanExporter {
  if (kind === 'console') return new ConsoleSpanExporter();
  switch (signal.protocol) {
    case 'http/protobuf': {
      const m = require('@opentelemetry/exporter-trace-otlp-proto') as typeof TraceProto;
      return new m.OTLPTraceExporter(httpConfig(signal));
    }
    case 'http/json': {
      const m = require('@opentelemetry/exporter-trace-otlp-http') as typeof TraceHttp;
      return new m.OTLPTraceExporter(httpConfig(signal));
    }
    case 'grpc': {
      const pkg = '@opentelemetry/exporter-trace-otlp-grpc';
      const m = require(pkg) as typeof TraceGrpc;
      return new m.OTLPTraceExporter(grpcConfig(signal, pkg));
    }
  }
}

/** Creates the metric exporter for one exporter kind of the resolved metric settings. */
export function createMetricExporter(
  kind: Exclude<ExporterKind, 'none'>,
  signal: MetricSignalConfig,
): PushMetricExporter {
  if (kind === 'console') return new ConsoleMetricExporter();
  const http = require('@opentelemetry/exporter-metrics-otlp-http') as typeof MetricsHttp;
  const preference = http.AggregationTemporalityPreference;
  const temporalityPreference =
    signal.temporality === undefined
      ? undefined
      : {
          cumulative: preference.CUMULATIVE,
          delta: preference.DELTA,
          lowmemory: preference.LOWMEMORY,
        }[signal.temporality];
  switch (signal.protocol) {
    case 'http/protobuf': {
      const m = require('@opentelemetry/exporter-metrics-otlp-proto') as typeof MetricsProto;
      return new m.OTLPMetricExporter({ ...httpConfig(signal), temporalityPreference });
    }
    case 'http/json':
      return new http.OTLPMetricExporter({ ...httpConfig(signal), temporalityPreference });
    case 'grpc': {
      const pkg = '@opentelemetry/exporter-metrics-otlp-grpc';
      const m = require(pkg) as typeof MetricsGrpc;
      return new m.OTLPMetricExporter({ ...grpcConfig(signal, pkg), temporalityPreference });
    }
  }
}
