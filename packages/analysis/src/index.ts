// The public API of @heterodyne/analysis. Every export is listed by name.

// Results
export { ok, err } from './result.js';
export type { Result } from './result.js';

// The service
export { createAnalysisService } from './service/analysis-service.js';
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
export type {
  EngineRuntime,
  EngineRuntimeOptions,
  EngineStatus,
} from './engines/engine-runtime.js';
export { createFindingLog, DEFAULT_FINDING_LOG_CAPACITY } from './engines/finding-log.js';
export type { FindingLog, FindingLogOptions, FindingQuery } from './engines/finding-log.js';
export { anomalyEngineFactory, createEngines, ENGINE_FACTORIES } from './engines/registry.js';
export type { EngineDependencies, EngineFactory } from './engines/registry.js';
// Anomalies, trends, forecasts and patterns.
export { createStreamingAnomalyDetector } from './engines/anomaly/streaming-anomaly-detector.js';
export { createAnomalyEngine } from './engines/anomaly/anomaly-engine.js';
export type {
  AnomalyEngine,
  AnomalyEngineOptions,
  AnomalySeriesState,
} from './engines/anomaly/anomaly-engine.js';
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
