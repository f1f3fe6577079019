/**
 * The analysis service's components, in start order: telemetry, the store (series store and
 * pipeline), housekeeping, checkpoints, alerting, the engines, the API server and the receivers
 * with their queue. Each is built here with what it reads of the others; adding a part of the
 * service adds one entry to the list.
 */
import type { AnalysisConfig } from '../config/types.js';
import type { Signal } from '../otlp/model.js';
import { createEngines, ENGINE_FACTORIES } from '../engines/registry.js';
import type { Clock } from '../series/types.js';
import { createTelemetry } from '../telemetry/create-telemetry.js';
import { createAlertingComponent } from './alerting-component.js';
import { createApiBackend } from './api-backend.js';
import { createApiComponent } from './api-component.js';
import type { ApiComponent } from './api-component.js';
import { createCheckpointComponent } from './checkpoint-component.js';
import { componentStatus } from './component.js';
import type { Component } from './component.js';
import { createCoreComponent } from './core-component.js';
import { createDropCounter } from './drop-counter.js';
import { createDurabilityWiring } from './durability-wiring.js';
import { createEnginesComponent } from './engines-component.js';
import { createHousekeepingComponent } from './housekeeping-component.js';
import { createIngestStats } from './ingest-stats.js';
import type { ServiceLogger } from './logger.js';
import { createPassThrough } from './pass-through.js';
import { renderPassThroughText } from './prometheus-pass-through.js';
import type { PassThroughText } from '../exporters/prometheus-pull-reader.js';
import { writePrometheusText } from '../exporters/prometheus-text.js';
import type { MetricFamily } from '../exporters/prometheus-text.js';
import { createReceiversComponent } from './receivers-component.js';
import type { ReceiversComponent } from './receivers-component.js';
import { createRetentionComponent } from './retention-component.js';
import { MONITOR_SCOPE_NAME } from '../telemetry/names.js';
import { createScrapeProblemLog } from './scrape-problem-log.js';
import { seriesProcessor, storeLocation } from './service-core.js';
import { pipelineSignals } from './service-receivers.js';
import { createTelemetryComponent } from './telemetry-component.js';
import type { AnalysisServiceOptions, ServiceAddresses } from './types.js';
import { packageVersion } from './version.js';

/** What the assembly needs from the service. */
export interface AssembleOptions extends AnalysisServiceOptions {
  clock: Clock;
  logger: ServiceLogger;
  /** Filled in once every component started. */
  addresses: ServiceAddresses;
  /** True once shutdown began (the status and readiness say so). */
  stopping: () => boolean;
  /** True once every component started (an aborted start writes no final checkpoint). */
  started: () => boolean;
  /**
   * No network: the receivers and the API server do not listen; requests are handed to
   * {@link ServiceComponents.receivers} in-process and the API backend is read directly.
   * @default false
   */
  inProcess?: boolean;
}

/** The components, the API component (for `status()`), and what to do once all started. */
export interface ServiceComponents {
  parts: Component[];
  api: ApiComponent;
  /** The receivers (and the ingest queue: `enqueue` hands requests over in-process). */
  receivers: ReceiversComponent;
  /** Fills in the addresses and logs the start. */
  onStarted: () => void;
  /** Counts an error the process survived in `heterodyne.monitor.process.errors`. */
  recordProcessError: (kind: string) => void;
  /**
   * Counts points (spans) dropped before they reached the service (the embedded monitor's full
   * span buffer) in the status' `dropped` and the self-telemetry, like the service's own drops.
   */
  recordDropped: (signal: Signal, reason: string, points: number) => void;
}

/** Builds (does not start) the service's components for `config`. */
export function assembleServiceComponents(
  config: AnalysisConfig,
  options: AssembleOptions,
): ServiceComponents {
  const { clock, logger, addresses } = options;
  const startedAt = clock.now();
  const stats = createIngestStats(() => clock.now());
  const drops = createDropCounter();
  // Until the store is open, a scrape shows the service's own metrics only.
  let passThroughText: PassThroughText = ownMetricsOnly;
  const telemetry = createTelemetry(config, {
    passThroughText: (own, dropped, scrape) => passThroughText(own, dropped, scrape),
    serviceVersion: packageVersion(),
    onScrapeProblems: createScrapeProblemLog({ logger, clock }),
  });
  const self = telemetry.self;
  // The write-ahead log's and checkpoints' metrics: the core reports to them while it opens.
  const durability = createDurabilityWiring({
    config,
    telemetry,
    logger,
    overrides: options.durability,
  });
  const telemetryPart = createTelemetryComponent(telemetry, {
    beforeShutdown: () => durability.shutdown(),
  });
  const core = createCoreComponent(config, {
    clock,
    logger,
    onStoreOperation: (op, seconds, errorType) => self.recordStoreDuration(op, seconds, errorType),
    durability: durability.coreHooks,
    onOpen: (opened) => {
      const through = createPassThrough(opened.series, { startTimeMillis: startedAt });
      passThroughText = (own, dropped, scrape) =>
        renderPassThroughText(opened.series, through, own, dropped, scrape);
      self.observeActiveSeries(() => opened.series.stats().activeSeries);
      self.observeSeriesBounds(() => {
        const s = opened.series.stats();
        return { refused: s.refusedSeries, evicted: s.evictedSeries, limit: s.maxSeries };
      });
    },
  });
  let apiUrl: () => string | undefined = () => undefined;
  const alerting = createAlertingComponent({
    config: config.alerting,
    store: () => core.core().store,
    series: () => core.core().series,
    clock,
    logger,
    ...(config.service.replica === undefined ? {} : { replica: config.service.replica }),
    externalUrl: () => apiUrl(),
    onDelivery: (channel, outcome) => self.recordAlertDelivery(channel, outcome),
  });
  self.observeActiveAlerts(() => alerting.system()?.activeBySeverity() ?? {});
  const engines = createEnginesComponent({
    engines: () =>
      createEngines(
        config,
        { store: core.core().store, clock, logger, metrics: telemetry.derived },
        options.engineFactories ?? ENGINE_FACTORIES,
      ),
    series: () => core.core().series,
    clock,
    logger,
    self,
    timer: options.schedulerTimer,
    config: config.engines,
    onFinding: (finding) => alerting.receiveFinding(finding),
    findingStore: () => core.core().store,
    ...(config.service.replica === undefined ? {} : { replica: config.service.replica }),
    meter: telemetry.meterProvider.getMeter(MONITOR_SCOPE_NAME),
  });
  const receivers = createReceiversComponent({
    config,
    pipeline: () => core.core().pipeline,
    signals: pipelineSignals(config),
    stats,
    drops,
    self,
    logger,
    // A request is answered once the log holds it as the sync policy requires.
    afterProcessed: () => core.core().durability.flushed(),
    listen: options.inProcess !== true,
  });
  const checkpoint = createCheckpointComponent({
    core: () => core.core(),
    durability,
    logger,
    intervalMillis:
      options.checkpointIntervalMillis ?? seriesProcessor(config)?.checkpointIntervalMillis,
    retryMillis: options.checkpointRetryMillis,
    finalCheckpoint: options.started,
  });
  const parts: Component[] = [];
  const api = createApiComponent({
    config: config.api,
    metricsPath: telemetry.prometheusPath ?? false,
    logger,
    listen: options.inProcess !== true,
    backend: () =>
      createApiBackend({
        store: core.core().store,
        series: core.core().series,
        stats,
        queue: () => receivers.queueStats(),
        queueLimits: () => receivers.queueLimits(),
        dropped: () => drops.snapshot(),
        receivers: () => receivers.views(),
        stopping: options.stopping,
        nowMillis: () => clock.now(),
        startedAtMillis: startedAt,
        metricsText: () => telemetry.renderPrometheus(),
        metricsChunks: () => telemetry.renderPrometheusChunks(),
        engines: () => engines.runtime(),
        components: () => parts.map(componentStatus),
        checks: () => checkpoint.checks(),
        alerting: () => alerting.system(),
        alertingConfig: config.alerting,
        proposalTtlMillis: config.approvals.expireAfterMillis,
      }),
  });
  apiUrl = () => api.url;
  parts.push(
    telemetryPart,
    core,
    createHousekeepingComponent({
      series: () => core.core().series,
      clock,
      logger,
      intervalMillis: options.housekeepingIntervalMillis,
    }),
    checkpoint,
    createRetentionComponent({
      config: config.retention,
      store: () => core.core().store,
      clock,
      logger,
      meter: telemetry.meterProvider.getMeter(MONITOR_SCOPE_NAME),
    }),
    alerting,
    engines,
    api,
    receivers,
  );
  // Known only once the parts started: the addresses and what the log line reports.
  const onStarted = (): void => {
    addresses.otlpHttp = receivers.address('http');
    addresses.otlpGrpc = receivers.address('grpc');
    addresses.api = api.url;
    const own = telemetryPart.ownEndpoints[0];
    // In-process the API does not listen, so it serves no scrape either.
    addresses.metrics = telemetry.prometheusPath
      ? api.url && `${api.url}${telemetry.prometheusPath}`
      : own && `http://${own.host}:${own.port}`;
    logger.info('analysis service started', {
      otlpHttp: addresses.otlpHttp,
      otlpGrpc: addresses.otlpGrpc,
      api: addresses.api,
      metrics: addresses.metrics,
      store: storeLocation(config),
      restoredSeries: core.core().restoredSeries,
    });
  };
  return {
    parts,
    api,
    receivers,
    onStarted,
    recordProcessError: (kind) => self.recordProcessError(kind),
    recordDropped(signal, reason, points) {
      if (points <= 0) return;
      drops.add(reason, points);
      self.recordDropped(signal, reason, points);
    },
  };
}

/** Scrape text before the series store is open: the service's own families. */
async function* ownMetricsOnly(own: readonly MetricFamily[]): AsyncGenerator<string> {
  yield writePrometheusText(own);
}
