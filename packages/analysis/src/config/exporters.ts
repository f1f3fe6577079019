/**
 * `exporters`: where derived metrics go.
 *
 * ```yaml
 * exporters:
 *   otlp:
 *     endpoint: https://otlp.example.org:4318
 *     protocol: http/protobuf        # or http/json, grpc
 *     headers: { Authorization: "Bearer ${BACKEND_TOKEN}" }
 *     interval: 60s
 *   prometheus:
 *     pass_through: true             # also expose the received metrics
 *     # endpoint: localhost:9464     # default: served by the API server at /metrics
 *   debug:
 *     verbosity: basic
 * ```
 */
import { isScalar } from 'yaml';
import { readComponents, readListen } from './components.js';
import type { ComponentReader, ListenClaim } from './components.js';
import {
  DEFAULT_EXPORT_INTERVAL_MILLIS,
  DEFAULT_EXPORT_TIMEOUT_MILLIS,
  DEFAULT_PROMETHEUS_PATH,
} from './defaults.js';
import { isLiteralSecret, literalUrlCredential, redactCredentials } from './credentials.js';
import { hasEnvReference } from './env.js';
import { Secret } from './secret.js';
import { readString, report } from './yaml-scalars.js';
import type { MapReader } from './yaml-reader.js';
import type {
  DebugExporterConfig,
  ExporterConfig,
  HeaderValue,
  OtlpExporterConfig,
  PrometheusExporterConfig,
} from './types.js';

/** The OTLP protocols an exporter can speak. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers that carry credentials: their values must come from the environment. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
]);

function readHeaders(reader: MapReader): Record<string, HeaderValue> {
  const headers = reader.map('headers');
  const out: Record<string, HeaderValue> = {};
  for (const { key, node, path } of headers.entries()) {
    if (!HEADER_NAME.test(key)) {
      report(reader.ctx, path, `"${key}" is not a valid header name`, node);
      continue;
    }
    const raw = node && isScalar(node) && typeof node.value === 'string' ? node.value : '';
    const value = readString(reader.ctx, node, path);
    if (value === undefined) continue;
    const fromEnv = hasEnvReference(raw);
    if (CREDENTIAL_HEADERS.has(key.toLowerCase()) && isLiteralSecret(raw)) {
      report(
        reader.ctx,
        path,
        'carries a credential, so its value must come from the environment (for example "Bearer ${BACKEND_TOKEN}"; a default in ${NAME:-...} is written in the file, so it counts as literal); secrets are never written in config files',
        node,
      );
      continue;
    }
    out[key] = fromEnv ? new Secret(value, `${path} (from the environment)`) : value;
  }
  headers.finish();
  return out;
}

const readOtlpExporter: ComponentReader<OtlpExporterConfig> = (reader, id) => {
  const endpoint = reader.string('endpoint');
  if (endpoint === undefined && !reader.has('endpoint')) {
    report(
      reader.ctx,
      reader.pathOf('endpoint'),
      'is required (the URL of an OTLP backend or Collector, like https://otlp.example.org:4318)',
      reader.mapNode,
    );
  } else if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    const node = reader.node('endpoint');
    const raw = node && isScalar(node) && typeof node.value === 'string' ? node.value : '';
    const literal = literalUrlCredential(raw);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      report(
        reader.ctx,
        reader.pathOf('endpoint'),
        `must be an http:// or https:// URL (got "${redactCredentials(endpoint)}")`,
        node,
      );
    } else if (literal !== undefined) {
      report(
        reader.ctx,
        reader.pathOf('endpoint'),
        `must not hold ${literal}: send credentials in a header from the environment ("Bearer \${BACKEND_TOKEN}") or reference the environment in the URL`,
        node,
      );
    }
  }
  const intervalMillis = reader.duration('interval', DEFAULT_EXPORT_INTERVAL_MILLIS, { min: 100 });
  const timeoutMillis = reader.duration(
    'timeout',
    Math.min(DEFAULT_EXPORT_TIMEOUT_MILLIS, intervalMillis),
    { above: 0 },
  );
  if (timeoutMillis > intervalMillis) {
    report(
      reader.ctx,
      reader.pathOf('timeout'),
      'must not be longer than interval',
      reader.node('timeout'),
    );
  }
  return {
    type: 'otlp',
    id,
    endpoint: endpoint ?? '',
    protocol: reader.oneOf('protocol', OTLP_PROTOCOLS, 'http/protobuf'),
    headers: readHeaders(reader),
    intervalMillis,
    timeoutMillis,
    compression: reader.oneOf('compression', ['none', 'gzip'] as const, 'none'),
    temporality: reader.oneOf('temporality', ['cumulative', 'delta'] as const, 'cumulative'),
  };
};

const readPrometheusExporter: ComponentReader<PrometheusExporterConfig> = (reader, id, listens) => {
  const path = reader.string('path', DEFAULT_PROMETHEUS_PATH);
  if (!path.startsWith('/')) {
    report(
      reader.ctx,
      reader.pathOf('path'),
      `must start with "/" (got "${path}")`,
      reader.node('path'),
    );
  }
  return {
    type: 'prometheus',
    id,
    endpoint: reader.has('endpoint') ? readListen(reader, 'endpoint', '', listens) : undefined,
    path,
    passThrough: reader.boolean('pass_through', true),
    addMetricSuffixes: reader.boolean('add_metric_suffixes', true),
  };
};

const readDebugExporter: ComponentReader<DebugExporterConfig> = (reader, id) => ({
  type: 'debug',
  id,
  verbosity: reader.oneOf('verbosity', ['basic', 'normal', 'detailed'] as const, 'basic'),
  intervalMillis: reader.duration('interval', DEFAULT_EXPORT_INTERVAL_MILLIS, { min: 100 }),
});

/** Readers of the exporter types. */
export const EXPORTER_TYPES: Readonly<Record<string, ComponentReader<ExporterConfig>>> = {
  otlp: readOtlpExporter,
  prometheus: readPrometheusExporter,
  debug: readDebugExporter,
};

/** Reads `exporters`; absent, it is a `prometheus` exporter served by the API server. */
export function readExporters(
  root: MapReader,
  listens: ListenClaim[],
): Record<string, ExporterConfig> {
  const explicit = root.has('exporters');
  const section = root.map('exporters');
  if (!explicit) {
    return { prometheus: readPrometheusExporter(section.map('prometheus'), 'prometheus', listens) };
  }
  const out = readComponents(section, 'exporter', EXPORTER_TYPES, listens);
  section.finish();
  return out;
}
