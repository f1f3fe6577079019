/**
 * The effective configuration written back as YAML in the file's own shape, for
 * `heterodyne-monitor config check`: every default filled in, durations and sizes in unit
 * notation, secrets shown as `<redacted>` (tokens read by variable name keep the name).
 * Without secrets, the output parses back to the same configuration.
 */
import { stringify } from 'yaml';
import { describeSlo } from './describe-slo.js';
import { redactCredentials } from './credentials.js';
import { REDACTED, Secret } from './secret.js';
import { describeAlerting } from '../alerting/describe-config.js';
import type {
  AnalysisConfig,
  ApiAuthConfig,
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

function apiAuth(config: ApiAuthConfig | undefined): Yaml | undefined {
  if (!config) return undefined;
  return {
    tokens: config.roleTokens.map((t) => ({
      name: t.name,
      role: t.role,
      token_env: t.secret.envVariable ?? REDACTED,
    })),
  };
}

function receiver(r: ReceiverConfig): Yaml {
  const protocols: Yaml = {};
  if (r.http) {
    protocols.http = {
      endpoint: r.http.endpoint,
      max_request_body_size: formatSize(r.http.maxRequestBodyBytes),
      include_metadata: r.http.includeMetadata,
      max_connections: r.http.maxConnections,
      read_header_timeout: formatDuration(r.http.readHeaderTimeoutMillis),
    };
  }
  if (r.grpc) {
    protocols.grpc = {
      endpoint: r.grpc.endpoint,
      max_recv_msg_size: formatSize(r.grpc.maxRecvMsgBytes),
      max_concurrent_streams: r.grpc.maxConcurrentStreams,
    };
  }
  const limits = withoutUndefined({
    max_points_per_request: r.limits.maxPointsPerRequest,
    max_items_per_request: r.limits.maxItemsPerRequest,
    max_name_length: formatSize(r.limits.maxNameBytes),
    max_attribute_key_length: formatSize(r.limits.maxAttributeKeyBytes),
  });
  return withoutUndefined({ protocols, auth: auth(r.auth), limits });
}

function processor(p: ProcessorConfig): Yaml {
  if (p.type === 'queue') {
    return {
      max_requests: p.maxRequests,
      max_points: p.maxPoints,
      retry_after: formatDuration(p.retryAfterMillis),
      max_wait: formatDuration(p.maxWaitMillis),
      max_in_flight_bytes: formatSize(p.maxInFlightBytes),
    };
  }
  return {
    cardinality_limit: p.cardinalityLimit,
    window_capacity: p.windowCapacity,
    retention: formatDuration(p.retentionMillis),
    staleness: formatDuration(p.stalenessMillis),
    max_series: p.maxSeries,
    max_memory: formatSize(p.maxMemoryBytes),
    eviction_min_idle: formatDuration(p.evictionMinIdleMillis),
    max_name_length: p.maxNameLength,
    max_attribute_key_length: p.maxAttributeKeyLength,
    max_attribute_value_length: p.maxAttributeValueLength,
    max_attributes: p.maxAttributes,
    checkpoint_interval: formatDuration(p.checkpointIntervalMillis),
    wal: {
      sync: p.wal.sync,
      sync_interval: formatDuration(p.wal.syncIntervalMillis),
      ...(p.wal.dir === undefined ? {} : { dir: p.wal.dir }),
    },
  };
}

function exporter(e: ExporterConfig): Yaml {
  if (e.type === 'otlp') {
    return {
      endpoint: redactCredentials(e.endpoint),
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
      ...(c.service.replica === undefined ? {} : { replica: c.service.replica }),
    },
    store: c.store.kind === 'sqlite' ? redactCredentials(c.store.url) : c.store.display,
    api: withoutUndefined({ endpoint: c.api.listen.endpoint, auth: apiAuth(c.api.auth) }),
    engines: {
      findings_limit: c.engines.findingsLimit,
      findings_write_queue: c.engines.findingsWriteQueue,
      shutdown_wait: formatDuration(c.engines.shutdownWaitMillis),
    },
    slo: describeSlo(c.slo),
    alerting: describeAlerting(c.alerting),
    baselines: {
      enabled: c.baselines.enabled,
      metrics: c.baselines.metrics,
      evaluation_interval: formatDuration(c.baselines.evaluationIntervalMillis),
      update_interval: formatDuration(c.baselines.updateIntervalMillis),
      auto_update_enabled: c.baselines.autoUpdateEnabled,
      min_samples: c.baselines.minSamples,
      max_series: c.baselines.maxSeries,
      points_per_series: c.baselines.pointsPerSeries,
      alpha: c.baselines.alpha,
      drift_detection_sensitivity: c.baselines.driftDetectionSensitivity,
      effect_size_thresholds: c.baselines.effectSizeThresholds,
      baseline_methods: c.baselines.baselineMethods,
    },
    analytics: {
      enabled: c.analytics.enabled,
      ml_models: {
        anomaly_detection: {
          contamination: c.analytics.mlModels.anomalyDetection.contamination,
          n_estimators: c.analytics.mlModels.anomalyDetection.nEstimators,
        },
        performance_prediction: {
          n_estimators: c.analytics.mlModels.performancePrediction.nEstimators,
          max_depth: c.analytics.mlModels.performancePrediction.maxDepth,
          max_training_rows: c.analytics.mlModels.performancePrediction.maxTrainingRows,
          min_points: c.analytics.mlModels.performancePrediction.minPoints,
          skip_when_holt_winters_below:
            c.analytics.mlModels.performancePrediction.skipWhenHoltWintersBelow,
        },
      },
      anomaly: {
        enabled: c.analytics.anomaly.enabled,
        metrics: c.analytics.anomaly.metrics,
        evaluation_interval: formatDuration(c.analytics.anomaly.evaluationIntervalMillis),
        max_series: c.analytics.anomaly.maxSeries,
        history_points: c.analytics.anomaly.historyPoints,
        resolve_after_points: c.analytics.anomaly.resolveAfterPoints,
        max_points_per_pass: c.analytics.anomaly.maxPointsPerPass,
        pass_budget: formatDuration(c.analytics.anomaly.passBudgetMillis),
        anomalies_kept: c.analytics.anomaly.anomaliesKept,
      },
      trend: {
        enabled: c.analytics.trend.enabled,
        metrics: c.analytics.trend.metrics,
        collect_interval: formatDuration(c.analytics.trend.collectIntervalMillis),
        evaluation_interval: formatDuration(c.analytics.trend.evaluationIntervalMillis),
        points_per_series: c.analytics.trend.pointsPerSeries,
        horizon: formatDuration(c.analytics.trend.horizonMillis),
        significance: c.analytics.trend.significance,
        coverage: c.analytics.trend.coverage,
        max_series: c.analytics.trend.maxSeries,
        max_series_per_pass: c.analytics.trend.maxSeriesPerPass,
        pass_budget: formatDuration(c.analytics.trend.passBudgetMillis),
        limits: c.analytics.trend.limits,
      },
    },
    optimization: {
      enabled: c.optimization.enabled,
      evaluation_interval: formatDuration(c.optimization.evaluationIntervalMillis),
      window: formatDuration(c.optimization.windowMillis),
      auto_remediation_enabled: c.optimization.autoRemediationEnabled,
      dry_run: c.optimization.dryRun,
      auto_execution_threshold: c.optimization.autoExecutionThreshold,
      accuracy_loss_threshold: c.optimization.accuracyLossThreshold,
      canary_window: formatDuration(c.optimization.canaryWindowMillis),
      max_actions_per_hour: c.optimization.maxActionsPerHour,
      rollback_cooldown: formatDuration(c.optimization.rollbackCooldownMillis),
      significance: c.optimization.significance,
      max_opportunities: c.optimization.maxOpportunities,
      thresholds: {
        cache_hit_rate: c.optimization.thresholds.cacheHitRate,
        min_cache_lookups: c.optimization.thresholds.minCacheLookups,
        compilation_overhead: c.optimization.thresholds.compilationOverhead,
        min_cold_starts: c.optimization.thresholds.minColdStarts,
        dominant_share: c.optimization.thresholds.dominantShare,
        version_regression: c.optimization.thresholds.versionRegression,
        memory_growth: c.optimization.thresholds.memoryGrowth,
      },
      optimization_priorities: c.optimization.optimizationPriorities,
      optimization_templates: mapValues(c.optimization.optimizationTemplates, (t) => ({
        category: t.category,
        implementation_effort: t.implementationEffort,
        risk_level: t.riskLevel,
        auto_executable: t.autoExecutable,
        description: t.description,
        ...(t.condition ? { condition: t.condition } : {}),
        ...(t.action ? { action: t.action } : {}),
        ...(t.priority ? { priority: t.priority } : {}),
      })),
      webhooks: mapValues(c.optimization.webhooks, (w) => ({
        url: w.url,
        ...(w.secret ? { secret: REDACTED } : {}),
        timeout: formatDuration(w.timeoutMillis),
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
