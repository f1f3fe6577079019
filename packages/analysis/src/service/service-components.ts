/**
 * The analysis service's components, in start order: telemetry, the store (series store and
 * pipeline), housekeeping, checkpoints, the engines, the API server and the receivers with
 * their queue. Each is built here with what it reads of the others; adding a part of the
 * service adds one entry to the list.
 */
import type { ComponentStatus } from '../api/types.js';
import type { AnalysisConfig } from '../config/types.js';
import { createEngines, ENGINE_FACTORIES } from '../engines/registry.js';
import type { Clock } from '../series/types.js';
import { createTelemetry } from '../telemetry/create-telemetry.js';
import { createApiBackend } from './api-backend.js';
import { createApiComponent } from './api-component.js';
import type { ApiComponent } from './api-component.js';
import { createCheckpointComponent } from './checkpoint-component.js';
import type { Component } from './component.js';
import { createCoreComponent } from './core-component.js';
import { createDropCounter } from './drop-counter.js';
import { createEnginesComponent } from './engines-component.js';
import { createHousekeepingComponent } from './housekeeping-component.js';
import { createIngestStats } from './ingest-stats.js';
import type { ServiceLogger } from './logger.js';
import { createPassThrough } from './pass-through.js';
import type { PassThrough } from './pass-through.js';
import { createReceiversComponent } from './receivers-component.js';
import { createScrapeProblemLog } from './scrape-problem-log.js';
import { storeLocation } from './service-core.js';
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
}

/** The components, the API component (for `status()`), and what to do once all started. */
export interface ServiceComponents {
  parts: Component[];
  api: ApiComponent;
  /** Fills in the addresses and logs the start. */
  onStarted: () => void;
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
  let passThrough: PassThrough | undefined;
  const telemetry = createTelemetry(config, {
    passThrough: () => passThrough?.collect() ?? [],
    serviceVersion: packageVersion(),
    onScrapeProblems: createScrapeProblemLog({ logger, clock }),
  });
  const self = telemetry.self;
  const telemetryPart = createTelemetryComponent(telemetry);
  const core = createCoreComponent(config, {
    clock,
    logger,
    onStoreOperation: (op, seconds, errorType) => self.recordStoreDuration(op, seconds, errorType),
    onOpen: (opened) => {
      passThrough = createPassThrough(opened.series, { startTimeMillis: startedAt });
      self.observeActiveSeries(() => opened.series.stats().activeSeries);
    },
  });
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
  });
  const receivers = createReceiversComponent({
    config,
    pipeline: () => core.core().pipeline,
    signals: pipelineSignals(config),
    stats,
    drops,
    self,
    logger,
  });
  const parts: Component[] = [];
  const componentStatuses = (): ComponentStatus[] =>
    parts.map((c) => {
      const health = c.health?.();
      const report = c.report?.();
      return {
        name: c.name,
        healthy: health?.ok ?? true,
        ...(health?.message === undefined ? {} : { message: health.message }),
        ...(report === undefined ? {} : { report }),
      };
    });
  const api = createApiComponent({
    config: config.api,
    metricsPath: telemetry.prometheusPath ?? false,
    logger,
    backend: () =>
      createApiBackend({
        store: core.core().store,
        series: core.core().series,
        stats,
        queue: () => receivers.queueStats(),
        // Read when the status is built: the queue exists once the receivers started.
        queueLimits: {
          get maxRequests() {
            return receivers.queueLimits().maxRequests;
          },
          get maxPoints() {
            return receivers.queueLimits().maxPoints;
          },
        },
        dropped: () => drops.snapshot(),
        receivers: () => receivers.views(),
        stopping: options.stopping,
        nowMillis: () => clock.now(),
        startedAtMillis: startedAt,
        metricsText: () => telemetry.renderPrometheus(),
        engines: () => engines.runtime(),
        components: componentStatuses,
      }),
  });
  parts.push(
    telemetryPart,
    core,
    createHousekeepingComponent({
      series: () => core.core().series,
      clock,
      logger,
      intervalMillis: options.housekeepingIntervalMillis,
    }),
    createCheckpointComponent({
      core: () => core.core(),
      logger,
      intervalMillis: options.checkpointIntervalMillis,
      finalCheckpoint: options.started,
    }),
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
    addresses.metrics = telemetry.prometheusPath
      ? `${api.url}${telemetry.prometheusPath}`
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
  return { parts, api, onStarted };
}
