/**
 * The effective configuration written back as YAML in the file's own shape, for
 * `heterodyne-monitor config check`: every default filled in, durations and sizes in unit
 * notation, secrets shown as `<redacted>` (tokens read by variable name keep the name).
 * Without secrets, the output parses back to the same configuration.
 */
import { stringify } from 'yaml';
import { REDACTED, Secret } from './secret.js';
import { describeAlerting } from '../alerting/describe-config.js';
import type {
  AnalysisConfig,
  BearerAuthConfig,
  ExporterConfig,
  ProcessorConfig,
  ReceiverConfig,
} from './types.js';
import { formatDuration, formatSize } from './units.js';

type Yaml = Record<string, unknown>;

function auth(config: BearerAuthConfig | undefined): Yaml | undefined {
  if (!config) return undefined;
  return { bearer_token_env: config.tokens.map((t) => t.envVariable ?? REDACTED) };
}

function receiver(r: ReceiverConfig): Yaml {
  const protocols: Yaml = {};
  if (r.http) {
    protocols.http = {
      endpoint: r.http.endpoint,
      max_request_body_size: formatSize(r.http.maxRequestBodyBytes),
      include_metadata: r.http.includeMetadata,
    };
  }
  if (r.grpc) {
    protocols.grpc = {
      endpoint: r.grpc.endpoint,
      max_recv_msg_size: formatSize(r.grpc.maxRecvMsgBytes),
    };
  }
  return withoutUndefined({ protocols, auth: auth(r.auth) });
}

function processor(p: ProcessorConfig): Yaml {
  if (p.type === 'queue') {
    return {
      max_requests: p.maxRequests,
      max_points: p.maxPoints,
      retry_after: formatDuration(p.retryAfterMillis),
    };
  }
  return {
    cardinality_limit: p.cardinalityLimit,
    window_capacity: p.windowCapacity,
    retention: formatDuration(p.retentionMillis),
    staleness: formatDuration(p.stalenessMillis),
  };
}

function exporter(e: ExporterConfig): Yaml {
  if (e.type === 'otlp') {
    return {
      endpoint: e.endpoint,
      protocol: e.protocol,
      headers: Object.fromEntries(
        Object.entries(e.headers).map(([k, v]) => [k, v instanceof Secret ? REDACTED : v]),
      ),
      interval: formatDuration(e.intervalMillis),
      timeout: formatDuration(e.timeoutMillis),
      compression: e.compression,
      temporality: e.temporality,
    };
  }
  if (e.type === 'prometheus') {
    return withoutUndefined({
      endpoint: e.endpoint?.endpoint,
      path: e.path,
      pass_through: e.passThrough,
      add_metric_suffixes: e.addMetricSuffixes,
    });
  }
  return { verbosity: e.verbosity, interval: formatDuration(e.intervalMillis) };
}

function withoutUndefined(object: Yaml): Yaml {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

function mapValues<T>(record: Record<string, T>, fn: (value: T) => unknown): Yaml {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

/** The effective configuration as YAML, secrets redacted, with any warnings as comments. */
export function describeConfig(config: AnalysisConfig): string {
  const c = config;
  const document: Yaml = {
    receivers: mapValues(c.receivers, receiver),
    processors: mapValues(c.processors, processor),
    exporters: mapValues(c.exporters, exporter),
    service: {
      pipelines: mapValues(c.service.pipelines, (p) => ({
        receivers: p.receivers,
        processors: p.processors,
        exporters: p.exporters,
      })),
      telemetry: {
        logs: { level: c.service.telemetry.logLevel },
        metrics: { level: c.service.telemetry.metricsLevel },
        resource: c.service.telemetry.resource,
      },
    },
    store: c.store.kind === 'sqlite' ? c.store.url : c.store.display,
    api: withoutUndefined({ endpoint: c.api.listen.endpoint, auth: auth(c.api.auth) }),
    engines: {
      findings_limit: c.engines.findingsLimit,
      shutdown_wait: formatDuration(c.engines.shutdownWaitMillis),
    },
    slo: {
      evaluation_interval: formatDuration(c.slo.evaluationIntervalMillis),
      targets: c.slo.targets,
    },
    alerting: describeAlerting(c.alerting),
    baselines: {
      auto_update_enabled: c.baselines.autoUpdateEnabled,
      drift_detection_sensitivity: c.baselines.driftDetectionSensitivity,
      baseline_methods: c.baselines.baselineMethods,
    },
    analytics: {
      ml_models: {
        anomaly_detection: {
          contamination: c.analytics.mlModels.anomalyDetection.contamination,
          n_estimators: c.analytics.mlModels.anomalyDetection.nEstimators,
        },
        performance_prediction: {
          n_estimators: c.analytics.mlModels.performancePrediction.nEstimators,
          max_depth: c.analytics.mlModels.performancePrediction.maxDepth,
        },
      },
    },
    optimization: {
      auto_remediation_enabled: c.optimization.autoRemediationEnabled,
      auto_execution_threshold: c.optimization.autoExecutionThreshold,
      accuracy_loss_threshold: c.optimization.accuracyLossThreshold,
      optimization_priorities: c.optimization.optimizationPriorities,
      optimization_templates: mapValues(c.optimization.optimizationTemplates, (t) => ({
        category: t.category,
        implementation_effort: t.implementationEffort,
        risk_level: t.riskLevel,
        auto_executable: t.autoExecutable,
        description: t.description,
      })),
    },
  };
  const header = [
    `# Effective configuration of ${c.source ?? 'the built-in defaults'}`,
    '# (defaults filled in, secrets redacted)',
    ...c.warnings.map((w) => `# warning: ${w}`),
  ];
  return `${header.join('\n')}\n${stringify(document, { lineWidth: 0 })}`;
}
