// The public API of @heterodyne/analysis. Every export is listed by name.

// Results
export { ok, err } from './result.js';
export type { Result } from './result.js';

// The service
export { createAnalysisService } from './service/analysis-service.js';
export { createPassThrough } from './service/pass-through.js';
export type { PassThrough, PassThroughOptions } from './service/pass-through.js';
export { RESOURCE_HASH_LABEL, renderPassThroughText } from './service/prometheus-pass-through.js';
export type { PassThroughTextOptions } from './service/prometheus-pass-through.js';
export type { AnalysisService, AnalysisServiceOptions, ServiceAddresses } from './service/types.js';
export { createLineLogger, SILENT_LOGGER } from './service/logger.js';
export type { ServiceLogger } from './service/logger.js';

// Engines
export { DEFAULT_ENGINE_INTERVAL_MILLIS } from './engines/engine.js';
export type { Engine, EngineContext, EngineLogger, EngineReport } from './engines/engine.js';
export { FINDING_SEVERITIES, findingIdentity } from './engines/findings.js';
export type { Finding, FindingSeverity, FindingState } from './engines/findings.js';
export { createSeriesView } from './engines/series-view.js';
export type { SeriesView, SeriesViewSource, ViewSeries } from './engines/series-view.js';
export { createEngineScheduler } from './engines/scheduler.js';
export type {
  EngineSchedule,
  EngineScheduler,
  EngineSchedulerOptions,
  SchedulerTelemetry,
  SchedulerTimer,
} from './engines/scheduler.js';
export { createEngineRuntime } from './engines/engine-runtime.js';
export { createSloEngine } from './engines/slo/slo-engine.js';
export type { SloEngine, SloEngineOptions, SloEngineStore } from './engines/slo/slo-engine.js';
export { sloSpecsOf } from './engines/slo/slo-factory.js';
export {
  DEFAULT_BURN_ALERT_WINDOWS,
  DEFAULT_BURN_RATE_WINDOWS_SECONDS,
  burnRateThreshold,
} from './engines/slo/alert-windows.js';
export type { BurnAlertWindow } from './engines/slo/alert-windows.js';
export {
  budgetRemaining,
  burnRate,
  errorBudget,
  goodRatio,
  timeToExhaustionSeconds,
} from './engines/slo/budget-math.js';
export type {
  BudgetingMethod,
  BudgetWindow,
  BurnAlertStatus,
  MetricQuantity,
  SloGroupStatus,
  SloIndicator,
  SloSpec,
} from './engines/slo/types.js';
export type { SloGroupView, SloHistoryView, SloView } from './engines/slo/slo-views.js';
export type {
  EngineRuntime,
  EngineRuntimeOptions,
  EngineStatus,
} from './engines/engine-runtime.js';
export { createFindingLog, DEFAULT_FINDING_LOG_CAPACITY } from './engines/finding-log.js';
export type { FindingLog, FindingLogOptions, FindingQuery } from './engines/finding-log.js';
export {
  anomalyEngineFactory,
  createEngines,
  ENGINE_FACTORIES,
  trendEngineFactory,
} from './engines/registry.js';
export type { EngineDependencies, EngineFactory } from './engines/registry.js';
// Anomalies, trends, forecasts and patterns.
export { createStreamingAnomalyDetector } from './engines/anomaly/streaming-anomaly-detector.js';
export { createAnomalyEngine } from './engines/anomaly/anomaly-engine.js';
export type {
  AnomalyEngine,
  AnomalyEngineOptions,
  AnomalySeriesState,
} from './engines/anomaly/anomaly-engine.js';
export type { AnomalyQuery, AnomalyRecord } from './engines/anomaly/anomaly-log.js';
export { createTrendEngine } from './engines/trend/trend-engine.js';
export type {
  TrendEngine,
  TrendEngineOptions,
  TrendSeriesState,
} from './engines/trend/trend-engine.js';
export { findBreach } from './engines/trend/forecast-breach.js';
export type { Breach, BreachLimits } from './engines/trend/forecast-breach.js';
export type { SourcedLimit } from './engines/trend/forecast-limits.js';
export type {
  AnalyticsConfig,
  AnomalyEngineConfig,
  ForecastLimit,
  TrendEngineConfig,
} from './config/analytics-config.js';
export {
  anomalyThreshold,
  DEFAULT_ANOMALY_DETECTOR_CONFIG,
  resolveAnomalyDetectorConfig,
} from './engines/anomaly/config.js';
export type { AnomalyDetectorConfig } from './engines/anomaly/config.js';
export type {
  AnomalyDetectorOptions,
  AnomalyPointScore,
  AnomalyReason,
  StreamingAnomalyDetector,
} from './engines/anomaly/types.js';
export { PerformanceAnalytics } from './engines/analytics/performance-analytics.js';
export type {
  AnalyticsSummary,
  DetectedAnomaly,
  PerformanceAnalyticsOptions,
  PerformanceContext,
} from './engines/analytics/performance-analytics.js';
export { analyzeTrend } from './engines/trend/trend-analysis.js';
export type { TrendDirection, TrendOptions, TrendResult } from './engines/trend/types.js';
export { metricPolarity } from './engines/trend/metric-polarity.js';
export { forecastSeries } from './engines/trend/forecast.js';
export type { ForecastModel, ForecastOptions, ForecastResult } from './engines/trend/forecast.js';
export { discoverOperationPatterns } from './engines/patterns/operation-patterns.js';
export type { OperationPatterns, OperationProfile } from './engines/patterns/operation-patterns.js';
export { kMeans, silhouette } from './engines/patterns/k-means.js';
export type { KMeansResult } from './engines/patterns/k-means.js';
export { mannKendall } from './stats/mann-kendall.js';
export type { MannKendallResult } from './stats/mann-kendall.js';
export { theilSen } from './stats/theil-sen.js';
export type { TheilSenFit } from './stats/theil-sen.js';

// Statistics
export {
  mannWhitneyU,
  mean,
  median,
  medianAbsoluteDeviation,
  normalCdf,
  normalQuantile,
  percentile,
  standardDeviation,
  studentTCdf,
  studentTQuantile,
  studentTTest,
  studentTTwoSidedP,
  welchTTest,
} from './stats/index.js';
export type { MannWhitneyResult, TTestResult } from './stats/index.js';

// Baselines and change points
export {
  DEFAULT_CHANGE_POINT_OPTIONS,
  detectChangePoints,
} from './engines/baselines/change-point-detector.js';
export type {
  ChangePointOptions,
  DetectedChangePoint,
} from './engines/baselines/change-point-detector.js';
export type { ChangePointStats } from './engines/baselines/change-point-stats.js';
export { BaselineManager } from './engines/baselines/baseline-manager.js';
export {
  BASELINES_ENGINE_NAME,
  createBaselinesEngine,
} from './engines/baselines/baselines-engine.js';
export type {
  BaselinesEngine,
  BaselinesEngineOptions,
} from './engines/baselines/baselines-engine.js';
export type { BaselinesConfig } from './config/baselines-config.js';
export type {
  BaselineManagerOptions,
  BaselineRefusal,
  BaselineSeriesStatus,
  BaselineStatus,
  BaselineValidation,
  SeriesChangePoint,
} from './engines/baselines/baseline-types.js';
export { computeBaseline } from './engines/baselines/baseline-methods.js';
export type {
  BaselineMethodOptions,
  ComputedBaseline,
} from './engines/baselines/baseline-methods.js';
export type { DriftAssessment } from './engines/baselines/drift-test.js';
export {
  DEFAULT_EFFECT_SIZE_THRESHOLDS,
  metricProfile,
} from './engines/baselines/metric-profile.js';
export type {
  MetricCategory,
  MetricPolarity,
  MetricProfile,
} from './engines/baselines/metric-profile.js';
export type { BaselineDiffEntry } from './engines/baselines/version-diff.js';
export { parseChangePointInput } from './cli/changepoint-input.js';
export type { ChangePointSeries } from './cli/changepoint-input.js';
export { parseSeriesCsv } from './cli/series-csv.js';
export type { SeriesCsv } from './cli/series-csv.js';

// HTML report
export { collectReportData } from './report/collect-report-data.js';
export type { CollectReportOptions } from './report/collect-report-data.js';
export { REPORT_CONTENT_SECURITY_POLICY, renderReport } from './report/render-report.js';
export type { RenderReportOptions } from './report/render-report.js';
export { escapeHtml, jsonForScript } from './report/escape.js';
export type {
  ReportAlert,
  ReportBand,
  ReportData,
  ReportDrift,
  ReportFinding,
  ReportForecast,
  ReportHealth,
  ReportMarker,
  ReportSeries,
  ReportSlo,
} from './report/types.js';

// Embedded mode
export { ContinuousOptimizationMonitor } from './embedded/continuous-optimization-monitor.js';
export type { ContinuousOptimizationMonitorOptions } from './embedded/continuous-optimization-monitor.js';
export type { EmbeddedConfigOptions } from './embedded/embedded-config.js';
export { MonitorMetricReader } from './embedded/monitor-metric-reader.js';
export type { MonitorMetricReaderOptions } from './embedded/monitor-metric-reader.js';
export { createMonitorSpanProcessor } from './embedded/monitor-span-processor.js';
export type {
  MonitorSpanProcessor,
  MonitorSpanProcessorOptions,
} from './embedded/monitor-span-processor.js';
export type { MonitorOperationOptions, MonitoredOperation } from './embedded/monitor-operation.js';
export type { MonitoringSloStatus, MonitoringStatus } from './embedded/monitoring-status.js';
export type { DashboardPanel, PerformanceDashboard } from './embedded/performance-dashboard.js';

// HTTP API
export { createApiServer } from './api/api-server.js';
export type { ApiServer, ApiServerOptions } from './api/api-server.js';
export type {
  ApiBackend,
  ComponentStatus,
  FindingView,
  FindingsQuery,
  ReadinessCheck,
  ReadinessReport,
  SampleView,
  SeriesSamples,
  SeriesSummary,
  SignalRates,
  StatusReport,
} from './api/types.js';

// Configuration
export { loadConfig, parseConfig, defaultConfig } from './config/load-config.js';
export type { ParseConfigOptions } from './config/load-config.js';
export { describeConfig } from './config/describe-config.js';
export { ConfigError } from './config/errors.js';
export { Secret, REDACTED } from './config/secret.js';
export type { Environment } from './config/env.js';
export type {
  AnalysisConfig,
  ApiConfig,
  BearerAuthConfig,
  DebugExporterConfig,
  ExporterConfig,
  ListenEndpoint,
  OtlpExporterConfig,
  OtlpGrpcReceiverConfig,
  OtlpHttpReceiverConfig,
  OtlpProtocol,
  OtlpReceiverConfig,
  PipelineConfig,
  ProcessorConfig,
  PrometheusExporterConfig,
  QueueProcessorConfig,
  ReceiverConfig,
  SeriesProcessorConfig,
  ServiceTelemetryConfig,
  SloConfig,
  StoreConfig,
  WalConfig,
} from './config/types.js';

// OTLP data model, decoders and encoders
export {
  AggregationTemporality,
  FLAG_NO_RECORDED_VALUE,
  OtlpDecodeError,
  SpanStatusCode,
} from './otlp/model.js';
export type {
  AttributeValue,
  Attributes,
  BasePoint,
  ExponentialBuckets,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  InstrumentationScope,
  LogRecord,
  LogsRequest,
  Metric,
  MetricData,
  MetricsRequest,
  NumberDataPoint,
  Resource,
  ResourceLogs,
  ResourceMetrics,
  ResourceSpans,
  ScopeLogs,
  ScopeMetrics,
  ScopeSpans,
  Signal,
  Span,
  SummaryDataPoint,
  TracesRequest,
} from './otlp/model.js';
export { decodeOtlp } from './otlp/decode-otlp.js';
export type { OtlpRequestBySignal } from './otlp/decode-otlp.js';
export {
  decodeLogsProtobuf,
  decodeMetricsProtobuf,
  decodeTracesProtobuf,
} from './otlp/decode-protobuf.js';
export { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from './otlp/decode-json.js';
export { encodeMetricsProtobuf } from './otlp/encode-metrics.js';
export { encodeTracesProtobuf } from './otlp/encode-traces.js';
export { encodeLogsProtobuf } from './otlp/encode-logs.js';
export { encodeExportResponse, encodeRpcStatus, RpcCode } from './otlp/responses.js';
export type { OtlpEncoding, PartialSuccess, RpcStatus } from './otlp/responses.js';
export { decodeExportResponse } from './otlp/decode-response.js';
export { countDataPoints, countItems, countLogRecords, countSpans } from './otlp/count.js';
export { DEFAULT_DECODE_LIMITS } from './otlp/limits.js';
export type { DecodeLimits, DecodeOptions } from './otlp/limits.js';

// Series store and ingest pipeline
export { createSeriesStore } from './series/series-store.js';
export type { SeriesStore, SeriesTarget } from './series/series-store.js';
export { LogSketch } from './series/log-sketch.js';
export type {
  AttributeMatchers,
  Clock,
  EvictionResult,
  MetricStats,
  RollupSample,
  RollupTierOptions,
  Sample,
  SeriesInfo,
  SeriesKind,
  SeriesSelector,
  SeriesStoreOptions,
  SeriesStoreStats,
  SeriesTotals,
  WindowAggregate,
} from './series/types.js';
export type { SeriesStoreSnapshot } from './series/snapshot.js';
export { createIngestPipeline } from './pipeline/ingest-pipeline.js';
export type {
  DropReason,
  IngestCounters,
  IngestPipeline,
  IngestPipelineOptions,
  IngestResult,
  SpanMetricsMode,
} from './pipeline/types.js';

// Receivers and the ingest queue
export { createOtlpHttpReceiver } from './receivers/otlp-http-receiver.js';
export type { OtlpHttpReceiverOptions } from './receivers/otlp-http-receiver.js';
export { createOtlpGrpcReceiver } from './receivers/otlp-grpc-receiver.js';
export type { OtlpGrpcReceiverOptions } from './receivers/otlp-grpc-receiver.js';
export type {
  OtlpReceiver,
  ReceiverAddress,
  ReceiverCommonOptions,
  ReceiverErrorReason,
  ReceiverTelemetry,
} from './receivers/types.js';
export { createIngestQueue } from './queue/ingest-queue.js';
export type {
  EnqueueRefusal,
  IngestItem,
  IngestOutcome,
  IngestQueue,
  IngestQueueOptions,
  IngestQueueStats,
  IngestQueueTelemetry,
} from './queue/types.js';

// Persistence
export { openStore, parseStoreUrl } from './store/open-store.js';
export type { CommonStoreOptions, StoreOptions } from './store/open-store.js';
export { StoreError } from './store/store-error.js';
export type { StoreErrorCode } from './store/store-error.js';
export type { SqliteStoreOptions } from './store/sqlite-store.js';
export type { SqliteDriverChoice, SqliteDriverName } from './store/sqlite-driver.js';
export type {
  AlertQuery,
  DeliveryAttemptQuery,
  DriftEventQuery,
  AlertStore,
  BaselineStore,
  CheckpointStore,
  MonitoringStore,
  OpportunityQuery,
  OpportunityStore,
  RemediationQuery,
  SloHistoryQuery,
  SloHistoryStore,
  SloStateStore,
  StoreBackend,
  StoreBatch,
  StoreHealth,
  TimeRangeQuery,
} from './store/types.js';
export type {
  CheckpointInput,
  CheckpointRecord,
  CheckpointSummary,
  OpportunityInput,
  OpportunityRecord,
  OpportunityStatus,
  RemediationRecord,
  RemediationStatus,
  SloRecord,
  SloRecordInput,
  SloStateInput,
  SloStateRecord,
} from './store/records.js';
export type {
  AcknowledgementInput,
  AcknowledgementRecord,
  AlertFiring,
  AlertFireResult,
  AlertRecord,
  AlertStatus,
  DeliveryAttemptInput,
  DeliveryAttemptRecord,
  DeliveryStatus,
  SilenceInput,
  SilenceMatcher,
  SilenceRecord,
} from './store/alert-records.js';
export type {
  BaselineHistoryEntry,
  BaselineInput,
  BaselineMethod,
  BaselineRecord,
  BaselineStatistics,
  BaselineVersionInput,
  BaselineVersionRecord,
  BaselineVersionSnapshot,
  DriftEventInput,
  DriftEventRecord,
  EpochMillis,
} from './store/baseline-records.js';

// Exports and self-telemetry
export { createTelemetry } from './telemetry/create-telemetry.js';
export type { Telemetry, TelemetryOptions } from './telemetry/create-telemetry.js';
export type { DerivedMetrics } from './telemetry/derived-metrics.js';
export type { SelfMetrics } from './telemetry/self-metrics.js';
export { writePrometheusText, PROMETHEUS_CONTENT_TYPE } from './exporters/prometheus-text.js';
export type { MetricFamily, PrometheusSample } from './exporters/prometheus-text.js';
export { toPrometheusFamilies } from './exporters/prometheus-translate.js';
export type { PrometheusTranslateOptions } from './exporters/prometheus-translate.js';

export { AlertSystem } from './alerting/alert-system.js';
export type { AlertSystemOptions } from './alerting/alert-system.js';
export { createAlertingCore } from './alerting/alerting-core.js';
export type { AlertingCore, AlertingCoreOptions, AlertView } from './alerting/alerting-core.js';
export type { AlertingConfig } from './alerting/config.js';
export { buildRoute, matchRoutes, DEFAULT_ROUTE_TIMING } from './alerting/dispatch/route.js';
export type { Route, RouteConfig, RouteTiming } from './alerting/dispatch/route.js';
export type { InhibitRule } from './alerting/inhibit/inhibitor.js';
export { fingerprint } from './alerting/labels.js';
export type { LabelSet } from './alerting/labels.js';
export { parseMatcher, parseMatchers, matchesAll, formatMatcher } from './alerting/matchers.js';
export type { Matcher } from './alerting/matchers.js';
export { createNotifier, readChannel } from './alerting/notify/channels.js';
export type { ChannelConfig } from './alerting/notify/channels.js';
export { createConsoleNotifier } from './alerting/notify/console.js';
export { createDeliveryQueue, DEFAULT_DELIVERY_CONFIG } from './alerting/notify/delivery-queue.js';
export type {
  DeliveryConfig,
  DeliveryQueue,
  DeliveryQueueOptions,
} from './alerting/notify/delivery-queue.js';
export { CHANNEL_TYPES } from './alerting/notify/notifier.js';
export type { ChannelType, Notifier, NotifierContext } from './alerting/notify/notifier.js';
export { webhookPayload } from './alerting/notify/payload.js';
export type { WebhookPayload } from './alerting/notify/payload.js';
export { webhookSignature } from './alerting/notify/webhook.js';
export { DEFAULT_THRESHOLD_RULES } from './alerting/rules/default-rules.js';
export { findingToAlert } from './alerting/rules/finding-alerts.js';
export { createThresholdRule, COMPARISONS } from './alerting/rules/threshold-rule.js';
export type {
  Comparison,
  ThresholdRule,
  ThresholdRuleConfig,
} from './alerting/rules/threshold-rule.js';
export { REDUCTIONS } from './alerting/rules/reduction.js';
export type { Reduction } from './alerting/rules/reduction.js';
export type { Alert, AlertSeverity, Notification } from './alerting/types.js';
export {
  OptimizationEngine,
  OPTIMIZATION_ENGINE_NAME,
} from './engines/optimization/optimization-engine.js';
export type {
  OptimizationEngineOptions,
  OptimizationStatus,
} from './engines/optimization/optimization-engine.js';
export type {
  Detection,
  Opportunity,
  OpportunityEvidence,
  OptimizationTemplate,
  PredictedImpact,
  RemediationCallback,
  RemediationRequest,
  TemplateInput,
} from './engines/optimization/types.js';
export type {
  DecisionOutcome,
  RemediationDecision,
  RemediationFlow,
} from './engines/optimization/remediation-flow.js';
export { builtinTemplates } from './engines/optimization/builtin-templates.js';
export type {
  OptimizationConfig,
  OptimizationTemplateConfig,
  OptimizationThresholds,
  RemediationWebhookConfig,
  TemplateCondition,
} from './config/optimization-config.js';
export type {
  FindingRecord,
  FindingRecordInput,
  FindingRecordQuery,
  FindingStore,
  FiringFindingQuery,
} from './store/finding-records.js';
export type {
  RemediationAuditInput,
  RemediationAuditQuery,
  RemediationAuditRecord,
  RemediationAuditStore,
} from './store/remediation-audit.js';
export { createApprovals, DEFAULT_PROPOSAL_TTL_MILLIS } from './approvals/approvals.js';
export type {
  Approvals,
  ApprovalsOptions,
  DecisionRefusal,
  ProposalApplier,
  ProposalObserver,
} from './approvals/approvals.js';
export {
  REMEDIATION_KIND,
  createRemediationApprovalGate,
  remediationApprovalHooks,
} from './approvals/remediation-approvals.js';
export type { RemediationApprovalGate } from './approvals/remediation-approvals.js';
export type {
  ApprovalStore,
  AuditRecord,
  ProposalRecord,
  ProposalStatus,
} from './store/approval-records.js';
