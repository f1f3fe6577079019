import { DiagLogLevel } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import {
  readEnvBoolean,
  readEnvEnum,
  readEnvEnumList,
  readEnvKeyValueList,
  readEnvPositiveNumber,
  readEnvString,
} from './env.js';
import type { EnvValue, Environment } from './env.js';
import type {
  ExporterKind,
  MetricSignalOptions,
  MonitoringConfig,
  OtlpProtocol,
  SignalConfig,
  SignalOptions,
  StartMonitoringOptions,
  TemporalityPreference,
} from './types.js';
import {
  assertBoolean,
  assertEnum,
  assertHeaders,
  assertKnownKeys,
  assertNonEmptyString,
  assertPositiveNumber,
  assertUrl,
  invalidOption,
} from './validate.js';

/** OTLP transports, in `OTEL_EXPORTER_OTLP_PROTOCOL` spelling. */
export const OTLP_PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
/** Exporter kinds, in `OTEL_*_EXPORTER` spelling. */
export const EXPORTER_KINDS: readonly ExporterKind[] = ['otlp', 'console', 'none'];
/** Temporality preferences, in `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE` spelling. */
export const TEMPORALITY_PREFERENCES: readonly TemporalityPreference[] = [
  'cumulative',
  'delta',
  'lowmemory',
];

/** Default OTLP transport, as the OTLP exporter spec recommends. */
export const DEFAULT_PROTOCOL: OtlpProtocol = 'http/protobuf';
/** Default metric export interval (`OTEL_METRIC_EXPORT_INTERVAL`), milliseconds. */
export const DEFAULT_METRIC_EXPORT_INTERVAL_MILLIS = 60_000;
/** Default metric export timeout (`OTEL_METRIC_EXPORT_TIMEOUT`), milliseconds. */
export const DEFAULT_METRIC_EXPORT_TIMEOUT_MILLIS = 30_000;

const TOP_LEVEL_KEYS: readonly (keyof StartMonitoringOptions)[] = [
  'serviceName',
  'serviceVersion',
  'serviceInstanceId',
  'resourceAttributes',
  'resourceDetectors',
  'exporter',
  'protocol',
  'endpoint',
  'headers',
  'traces',
  'metrics',
  'spanExporter',
  'metricExporter',
  'views',
  'instrumentations',
  'memoryGauges',
  'flushOnExit',
  'disabled',
  'logLevel',
  'shutdownTimeoutMillis',
  'rejectOnShutdownFailure',
];
const SIGNAL_KEYS: readonly (keyof SignalOptions)[] = [
  'exporter',
  'protocol',
  'endpoint',
  'headers',
  'timeoutMillis',
  'compression',
];
const METRIC_KEYS: readonly (keyof MetricSignalOptions)[] = [
  ...SIGNAL_KEYS,
  'exportIntervalMillis',
  'exportTimeoutMillis',
  'temporality',
];

/** Default of `shutdownTimeoutMillis`. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 5000;

const LOG_LEVELS: Readonly<Record<string, DiagLogLevel>> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

type Signal = 'traces' | 'metrics';
const SIGNAL_ENV: Record<Signal, string> = { traces: 'TRACES', metrics: 'METRICS' };
const SIGNAL_PATH: Record<Signal, string> = { traces: 'v1/traces', metrics: 'v1/metrics' };

/**
 * Merges explicit options, `OTEL_*` variables and defaults, in that order of precedence.
 *
 * Only what the 0.223 OTLP exporters do not read themselves is taken from `env` here:
 * protocol, exporter selection, service name and resource attributes, metric export interval
 * and timeout, `OTEL_SDK_DISABLED` and `OTEL_LOG_LEVEL`. Endpoints, headers, timeouts,
 * compression, certificates and temporality are read by the exporters, so those fields stay
 * undefined unless given explicitly, and nothing is applied twice.
 *
 * @throws Error naming the option, when an explicit option is invalid.
 */
export function resolveMonitoringConfig(
  options: StartMonitoringOptions = {},
  env: Environment = {},
): MonitoringConfig {
  validateOptions(options);
  const warnings: string[] = [];
  const fromEnv = <T>(v: EnvValue<T>): T | undefined => {
    if (v.warning !== undefined) warnings.push(v.warning);
    return v.value;
  };

  const disabled = options.disabled ?? fromEnv(readEnvBoolean(env, 'OTEL_SDK_DISABLED')) ?? false;

  const resourceAttributes: Attributes = {
    ...fromEnv(readEnvKeyValueList(env, 'OTEL_RESOURCE_ATTRIBUTES')),
  };
  const envServiceName = readEnvString(env, 'OTEL_SERVICE_NAME');
  if (envServiceName !== undefined) resourceAttributes['service.name'] = envServiceName;
  Object.assign(resourceAttributes, options.resourceAttributes);
  if (options.serviceName !== undefined) resourceAttributes['service.name'] = options.serviceName;
  if (options.serviceVersion !== undefined) {
    resourceAttributes['service.version'] = options.serviceVersion;
  }
  if (options.serviceInstanceId !== undefined) {
    resourceAttributes['service.instance.id'] = options.serviceInstanceId;
  }

  const traces = resolveSignal('traces', options, options.traces ?? {}, env, fromEnv, warnings);
  const metricOptions = options.metrics ?? {};
  const metrics = resolveSignal('metrics', options, metricOptions, env, fromEnv, warnings);

  const exportIntervalMillis =
    metricOptions.exportIntervalMillis ??
    fromEnv(readEnvPositiveNumber(env, 'OTEL_METRIC_EXPORT_INTERVAL')) ??
    DEFAULT_METRIC_EXPORT_INTERVAL_MILLIS;
  let exportTimeoutMillis =
    metricOptions.exportTimeoutMillis ??
    fromEnv(readEnvPositiveNumber(env, 'OTEL_METRIC_EXPORT_TIMEOUT')) ??
    DEFAULT_METRIC_EXPORT_TIMEOUT_MILLIS;
  if (exportTimeoutMillis > exportIntervalMillis) {
    // PeriodicExportingMetricReader rejects a timeout longer than the interval.
    if (metricOptions.exportTimeoutMillis !== undefined) {
      invalidOption(
        'metrics.exportTimeoutMillis',
        `must be <= the export interval (${exportIntervalMillis} ms), got ${exportTimeoutMillis}`,
      );
    }
    if (readEnvString(env, 'OTEL_METRIC_EXPORT_TIMEOUT') !== undefined) {
      warnings.push(
        `OTEL_METRIC_EXPORT_TIMEOUT=${exportTimeoutMillis} exceeds the export interval; using ${exportIntervalMillis}`,
      );
    }
    exportTimeoutMillis = exportIntervalMillis;
  }

  let logLevel = options.logLevel;
  if (logLevel === undefined) {
    const level = fromEnv(readEnvEnum(env, 'OTEL_LOG_LEVEL', Object.keys(LOG_LEVELS)));
    logLevel = level === undefined ? undefined : LOG_LEVELS[level];
  }

  return {
    disabled,
    resourceAttributes,
    traces,
    metrics: {
      ...metrics,
      exportIntervalMillis,
      exportTimeoutMillis,
      temporality: metricOptions.temporality,
    },
    logLevel,
    shutdownTimeoutMillis: options.shutdownTimeoutMillis ?? DEFAULT_SHUTDOWN_TIMEOUT_MILLIS,
    rejectOnShutdownFailure: options.rejectOnShutdownFailure ?? false,
    // The shared variables are read once per signal; report each problem once.
    warnings: [...new Set(warnings)],
  };
}

function resolveSignal(
  signal: Signal,
  options: StartMonitoringOptions,
  signalOptions: SignalOptions,
  env: Environment,
  fromEnv: <T>(v: EnvValue<T>) => T | undefined,
  warnings: string[],
): SignalConfig {
  const id = SIGNAL_ENV[signal];
  const explicitKinds = signalOptions.exporter ?? options.exporter;
  let kinds: readonly ExporterKind[];
  if (explicitKinds !== undefined) {
    kinds = typeof explicitKinds === 'string' ? [explicitKinds] : explicitKinds;
  } else {
    const name = `OTEL_${id}_EXPORTER`;
    const fromList = fromEnv(readEnvEnumList(env, name, EXPORTER_KINDS)) ?? ['otlp'];
    if (fromList.includes('none') && fromList.length > 1) {
      warnings.push(`${name}: 'none' combined with other exporters; 'none' ignored`);
    }
    kinds = fromList.length > 1 ? fromList.filter((k) => k !== 'none') : fromList;
  }
  const exporters = [...new Set(kinds)].filter(
    (k): k is Exclude<ExporterKind, 'none'> => k !== 'none',
  );

  const protocol =
    signalOptions.protocol ??
    options.protocol ??
    fromEnv(readEnvEnum(env, `OTEL_EXPORTER_OTLP_${id}_PROTOCOL`, OTLP_PROTOCOLS)) ??
    fromEnv(readEnvEnum(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', OTLP_PROTOCOLS)) ??
    DEFAULT_PROTOCOL;

  let url = signalOptions.endpoint;
  if (url === undefined && options.endpoint !== undefined) {
    url = protocol === 'grpc' ? options.endpoint : joinSignalPath(options.endpoint, signal);
  }

  const headers =
    options.headers === undefined && signalOptions.headers === undefined
      ? undefined
      : { ...options.headers, ...signalOptions.headers };

  return {
    exporters,
    protocol,
    url,
    headers,
    timeoutMillis: signalOptions.timeoutMillis,
    compression: signalOptions.compression,
  };
}

/** Appends `/v1/traces` or `/v1/metrics` to a base endpoint, as the OTLP exporter spec says. */
export function joinSignalPath(base: string, signal: Signal): string {
  return `${base.endsWith('/') ? base : `${base}/`}${SIGNAL_PATH[signal]}`;
}

function validateOptions(options: StartMonitoringOptions): void {
  if (typeof options !== 'object' || options === null) {
    invalidOption('options', `must be an object, got ${String(options)}`);
  }
  assertKnownKeys('', options, TOP_LEVEL_KEYS);
  assertNonEmptyString('serviceName', options.serviceName);
  assertNonEmptyString('serviceVersion', options.serviceVersion);
  assertNonEmptyString('serviceInstanceId', options.serviceInstanceId);
  if (
    options.resourceAttributes !== undefined &&
    (typeof options.resourceAttributes !== 'object' || options.resourceAttributes === null)
  ) {
    invalidOption('resourceAttributes', 'must be an object of attribute values');
  }
  validateSignal('', options);
  if (options.traces !== undefined) {
    assertKnownKeys('traces.', options.traces, SIGNAL_KEYS);
    validateSignal('traces.', options.traces);
  }
  const metrics = options.metrics;
  if (metrics !== undefined) {
    assertKnownKeys('metrics.', metrics, METRIC_KEYS);
    validateSignal('metrics.', metrics);
    assertPositiveNumber('metrics.exportIntervalMillis', metrics.exportIntervalMillis);
    assertPositiveNumber('metrics.exportTimeoutMillis', metrics.exportTimeoutMillis);
    assertEnum('metrics.temporality', metrics.temporality, TEMPORALITY_PREFERENCES);
  }
  assertBoolean('memoryGauges', options.memoryGauges);
  assertBoolean('flushOnExit', options.flushOnExit);
  assertPositiveNumber('shutdownTimeoutMillis', options.shutdownTimeoutMillis);
  assertBoolean('rejectOnShutdownFailure', options.rejectOnShutdownFailure);
  assertBoolean('disabled', options.disabled);
  if (
    options.logLevel !== undefined &&
    !(Object.values(LOG_LEVELS) as unknown[]).includes(options.logLevel)
  ) {
    invalidOption('logLevel', `must be a DiagLogLevel, got ${String(options.logLevel)}`);
  }
  if (options.spanExporter !== undefined && typeof options.spanExporter.export !== 'function') {
    invalidOption('spanExporter', 'must be a SpanExporter (an object with export())');
  }
  if (options.metricExporter !== undefined && typeof options.metricExporter.export !== 'function') {
    invalidOption('metricExporter', 'must be a PushMetricExporter (an object with export())');
  }
}

function validateSignal(prefix: string, o: SignalOptions & { endpoint?: string }): void {
  if (o.exporter !== undefined) {
    const kinds: readonly unknown[] = typeof o.exporter === 'string' ? [o.exporter] : o.exporter;
    if (!Array.isArray(kinds) || kinds.length === 0) {
      invalidOption(`${prefix}exporter`, 'must be an exporter kind or a non-empty list of them');
    }
    for (const k of kinds) assertEnum(`${prefix}exporter`, k, EXPORTER_KINDS);
    if (kinds.includes('none') && kinds.length > 1) {
      invalidOption(`${prefix}exporter`, "'none' cannot be combined with other exporters");
    }
  }
  assertEnum(`${prefix}protocol`, o.protocol, OTLP_PROTOCOLS);
  assertUrl(`${prefix}endpoint`, o.endpoint);
  assertHeaders(`${prefix}headers`, o.headers);
  if ('timeoutMillis' in o) assertPositiveNumber(`${prefix}timeoutMillis`, o.timeoutMillis);
  if ('compression' in o) assertEnum(`${prefix}compression`, o.compression, ['gzip', 'none']);
}
