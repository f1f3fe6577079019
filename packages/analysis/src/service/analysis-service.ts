import { createApiServer } from '../api/api-server.js';
import type { ApiServer } from '../api/api-server.js';
import type { StatusReport } from '../api/types.js';
import type { AnalysisConfig } from '../config/types.js';
import type { IngestQueue } from '../queue/types.js';
import type { Clock } from '../series/types.js';
import { createTelemetry } from '../telemetry/create-telemetry.js';
import type { Telemetry } from '../telemetry/create-telemetry.js';
import { createApiBackend } from './api-backend.js';
import type { Checkpointer } from './checkpointer.js';
import { createDropCounter } from './drop-counter.js';
import { createDurabilityWiring } from './durability-wiring.js';
import { createIngestStats } from './ingest-stats.js';
import { SILENT_LOGGER } from './logger.js';
import { createScrapeProblemLog } from './scrape-problem-log.js';
import { createPassThrough } from './pass-through.js';
import type { PassThrough } from './pass-through.js';
import { openServiceCore, seriesProcessor, storeLocation } from './service-core.js';
import { createServiceIngest } from './service-ingest.js';
import type { ServiceCore } from './service-core.js';
import { createReceiverSlots, pipelineSignals, startSlot } from './service-receivers.js';
import type { ReceiverSlot } from './service-receivers.js';
import type { AnalysisService, AnalysisServiceOptions, ServiceAddresses } from './types.js';
import { packageVersion } from './version.js';

const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/** Everything a started service holds, released in reverse order on shutdown. */
interface Running {
  core: ServiceCore;
  telemetry: Telemetry;
  queue: IngestQueue;
  slots: ReceiverSlot[];
  api: ApiServer | undefined;
  passThrough: PassThrough;
  timers: NodeJS.Timeout[];
  checkpointer: Checkpointer;
  status: () => Promise<StatusReport>;
}

/**
 * Creates the analysis service for a resolved configuration (see `loadConfig`). Nothing is
 * opened until `start()`. The service owns time, timers and I/O; the series store and the
 * pipeline it composes are pure.
 */
export function createAnalysisService(
  config: AnalysisConfig,
  options: AnalysisServiceOptions = {},
): AnalysisService {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const logger = options.logger ?? SILENT_LOGGER;
  const housekeepingMillis = options.housekeepingIntervalMillis ?? 10_000;
  const checkpointMillis =
    options.checkpointIntervalMillis ?? seriesProcessor(config)?.checkpointIntervalMillis ?? 60_000;
  const addresses: ServiceAddresses = {
    otlpHttp: undefined,
    otlpGrpc: undefined,
    api: undefined,
    metrics: undefined,
  };
  let running: Running | undefined;
  let starting: Promise<ServiceAddresses> | undefined;
  let stopping: Promise<void> | undefined;

  async function start(): Promise<ServiceAddresses> {
    const startedAt = clock.now();
    const signals = pipelineSignals(config);
    const stats = createIngestStats(() => clock.now());
    const drops = createDropCounter();
    let passThrough: PassThrough | undefined;
    const telemetry = createTelemetry(config, {
      passThrough: () => passThrough?.collect() ?? [],
      serviceVersion: packageVersion(),
      onScrapeProblems: createScrapeProblemLog({ logger, clock }),
    });
    const self = telemetry.self;
    const durability = createDurabilityWiring({
      config,
      telemetry,
      logger,
      overrides: options.durability,
    });
    const cleanups: (() => Promise<unknown>)[] = [
      () => telemetry.shutdown(),
      async () => durability.shutdown(),
    ];
    try {
      const opened = await openServiceCore(config, {
        clock,
        logger,
        onStoreOperation: (op, seconds, errorType) =>
          self.recordStoreDuration(op, seconds, errorType),
        durability: durability.coreHooks,
      });
      cleanups.push(() => opened.close());
      const { checkpointer, checks } = durability.attach(opened, {
        intervalMillis: checkpointMillis,
        retryMillis: options.checkpointRetryMillis,
      });
      const through = createPassThrough(opened.series, { startTimeMillis: startedAt });
      passThrough = through;
      self.observeActiveSeries(() => opened.series.stats().activeSeries);

      const { queue, limits, receiverTelemetry } = createServiceIngest({
        config,
        pipeline: opened.pipeline,
        signals,
        stats,
        drops,
        self,
        logger,
        afterProcessed: () => opened.durability.flushed(),
      });
      const slots = createReceiverSlots(config, queue, receiverTelemetry);
      cleanups.push(async () => {
        await queue.drain();
        await Promise.all(slots.map((s) => s.receiver.shutdown()));
      });
      for (const slot of slots) await startSlot(slot);
      const backend = createApiBackend({
        store: opened.store,
        series: opened.series,
        stats,
        queue: () => queue.stats(),
        queueLimits: limits,
        dropped: () => drops.snapshot(),
        receivers: () => {
          const view = (t: 'http' | 'grpc') => {
            const slot = slots.find((s) => s.transport === t);
            return slot
              ? { address: slot.address ?? slot.endpoint, listening: slot.listening }
              : null;
          };
          return { http: view('http'), grpc: view('grpc') };
        },
        stopping: () => stopping !== undefined,
        nowMillis: () => clock.now(),
        startedAtMillis: startedAt,
        metricsText: () => telemetry.renderPrometheus(),
        checks,
      });
      const api = createApiServer({
        backend,
        host: config.api.listen.host,
        port: config.api.listen.port,
        bearerTokens: (config.api.auth?.tokens ?? []).map((t) => t.reveal()),
        metricsPath: telemetry.prometheusPath ?? false,
        onError: (error, request) => logger.error('API request failed', { ...request, error }),
      });
      let apiUrl: string;
      try {
        apiUrl = (await api.start()).url;
      } catch (error) {
        throw new Error(
          `api: cannot listen on ${config.api.listen.endpoint}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      cleanups.push(() => api.shutdown());
      const ownScrape = await telemetry.start();
      addresses.otlpHttp = slots.find((s) => s.transport === 'http')?.address;
      addresses.otlpGrpc = slots.find((s) => s.transport === 'grpc')?.address;
      addresses.api = apiUrl;
      addresses.metrics = telemetry.prometheusPath
        ? `${apiUrl}${telemetry.prometheusPath}`
        : ownScrape[0] && `http://${ownScrape[0].host}:${ownScrape[0].port}`;

      const timers: NodeJS.Timeout[] = [];
      const housekeeping = setInterval(() => {
        try {
          opened.series.evictStale(clock.now());
        } catch (error) {
          logger.error('housekeeping failed', { error });
        }
      }, housekeepingMillis);
      housekeeping.unref();
      timers.push(housekeeping);
      checkpointer.start();
      running = {
        core: opened,
        telemetry,
        queue,
        slots,
        api,
        passThrough: through,
        timers,
        checkpointer,
        status: () => backend.status(),
      };
      logger.info('analysis service started', {
        otlpHttp: addresses.otlpHttp,
        otlpGrpc: addresses.otlpGrpc,
        api: addresses.api,
        metrics: addresses.metrics,
        store: storeLocation(config),
        restoredSeries: opened.restoredSeries,
      });
      return { ...addresses };
    } catch (error) {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      throw error;
    }
  }

  async function stop(r: Running): Promise<void> {
    for (const t of r.timers) clearInterval(t);
    const errors: unknown[] = [];
    const step = async (what: string, run: () => Promise<unknown>): Promise<void> => {
      try {
        await run();
      } catch (error) {
        errors.push(
          new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error,
          }),
        );
      }
    };
    // New requests get 503/UNAVAILABLE while the queued ones are processed and answered.
    await step('draining the ingest queue', async () => {
      const drained = r.queue.drain();
      await Promise.all([drained, ...r.slots.map((s) => s.receiver.shutdown())]);
      for (const s of r.slots) s.listening = false;
    });
    await step('checkpointing the series store', async () => {
      const saved = await r.checkpointer.shutdown();
      logger.info('series checkpoint saved', { series: saved });
    });
    await step('flushing telemetry', () => r.telemetry.shutdown());
    await step('closing the API server', () => r.api?.shutdown() ?? Promise.resolve());
    await step('closing the store', () => r.core.close());
    logger.info('analysis service stopped');
    if (errors.length > 0)
      throw new AggregateError(errors, `shutdown: ${errors.map(String).join('; ')}`);
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
        if (running) await stop(running);
      })();
      return stopping;
    },
    status() {
      if (!running) return Promise.reject(new Error('analysis service: not started'));
      return running.status();
    },
  };
}
