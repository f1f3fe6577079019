import type { ComponentStatus } from '../api/types.js';
import { inactiveSectionWarnings } from '../config/inactive-sections.js';
import type { AnalysisConfig } from '../config/types.js';
import { createEngines, ENGINE_FACTORIES } from '../engines/registry.js';
import type { Clock } from '../series/types.js';
import { createTelemetry } from '../telemetry/create-telemetry.js';
import { createApiBackend } from './api-backend.js';
import { createApiComponent } from './api-component.js';
import type { ApiComponent } from './api-component.js';
import { createCheckpointComponent } from './checkpoint-component.js';
import { createComponentHost } from './component.js';
import type { Component, ComponentHost } from './component.js';
import { createCoreComponent } from './core-component.js';
import { createDropCounter } from './drop-counter.js';
import { createEnginesComponent } from './engines-component.js';
import { createHousekeepingComponent } from './housekeeping-component.js';
import { createIngestStats } from './ingest-stats.js';
import { SILENT_LOGGER } from './logger.js';
import { createPassThrough } from './pass-through.js';
import type { PassThrough } from './pass-through.js';
import { createReceiversComponent } from './receivers-component.js';
import { createScrapeProblemLog } from './scrape-problem-log.js';
import { storeLocation } from './service-core.js';
import { pipelineSignals } from './service-receivers.js';
import { createTelemetryComponent } from './telemetry-component.js';
import type { AnalysisService, AnalysisServiceOptions, ServiceAddresses } from './types.js';
import { packageVersion } from './version.js';

const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/**
 * Creates the analysis service for a resolved configuration (see `loadConfig`). Nothing is
 * opened until `start()`. The service is an ordered list of components (telemetry, store,
 * housekeeping, checkpoint, engines, API, receivers), started in that order and shut down in
 * reverse; it owns time, timers and I/O, while the series store, the pipeline and the
 * engines it composes are pure.
 */
export function createAnalysisService(
  config: AnalysisConfig,
  options: AnalysisServiceOptions = {},
): AnalysisService {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const logger = options.logger ?? SILENT_LOGGER;
  const addresses: ServiceAddresses = {
    otlpHttp: undefined,
    otlpGrpc: undefined,
    api: undefined,
    metrics: undefined,
  };
  let host: ComponentHost | undefined;
  let api: ApiComponent | undefined;
  let started = false;
  let starting: Promise<ServiceAddresses> | undefined;
  let stopping: Promise<void> | undefined;

  /**
   * The components in start order (shutdown runs them in reverse), and what to do once all
   * started.
   */
  function assemble(): { parts: Component[]; onStarted: () => void } {
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
      onStoreOperation: (op, seconds, errorType) =>
        self.recordStoreDuration(op, seconds, errorType),
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
    api = createApiComponent({
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
          stopping: () => stopping !== undefined,
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
        finalCheckpoint: () => started,
      }),
      engines,
      api,
      receivers,
    );
    // Known only once the parts started: the addresses and what the log line reports.
    const onStarted = (): void => {
      addresses.otlpHttp = receivers.address('http');
      addresses.otlpGrpc = receivers.address('grpc');
      addresses.api = api?.url;
      const own = telemetryPart.ownEndpoints[0];
      addresses.metrics = telemetry.prometheusPath
        ? `${api?.url}${telemetry.prometheusPath}`
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
    return { parts, onStarted };
  }

  async function start(): Promise<ServiceAddresses> {
    for (const warning of inactiveSectionWarnings(config)) logger.warn(warning);
    const { parts, onStarted } = assemble();
    host = createComponentHost(parts);
    await host.start();
    started = true;
    onStarted();
    return { ...addresses };
  }

  return {
    addresses,
    start() {
      if (starting) {
        return Promise.reject(new Error('analysis service: start() was already called'));
      }
      if (stopping) return Promise.reject(new Error('analysis service: already shut down'));
      starting = start();
      return starting;
    },
    shutdown() {
      if (stopping) return stopping;
      stopping = (async () => {
        await starting?.catch(() => undefined);
        if (!started || !host) return;
        try {
          await host.shutdown();
        } finally {
          logger.info('analysis service stopped');
        }
      })();
      return stopping;
    },
    status() {
      const backend = started ? api?.backend() : undefined;
      if (!backend) return Promise.reject(new Error('analysis service: not started'));
      return backend.status();
    },
  };
}
