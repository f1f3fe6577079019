import { inactiveSectionWarnings } from '../config/inactive-sections.js';
import type { AnalysisConfig } from '../config/types.js';
import type { Clock } from '../series/types.js';
import type { ApiComponent } from './api-component.js';
import type { ReceiversComponent } from './receivers-component.js';
import { createComponentHost } from './component.js';
import type { ComponentHost } from './component.js';
import { SILENT_LOGGER } from './logger.js';
import { assembleServiceComponents } from './service-components.js';
import type { ServiceComponents } from './service-components.js';
import type { AnalysisService, AnalysisServiceOptions, ServiceAddresses } from './types.js';

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
  let receivers: ReceiversComponent | undefined;
  let started = false;
  let recordProcessError: ((kind: string) => void) | undefined;
  let recordDropped: ServiceComponents['recordDropped'] | undefined;
  /** Process errors counted before the telemetry exists; recorded once it does. */
  const earlyProcessErrors: string[] = [];
  let starting: Promise<ServiceAddresses> | undefined;
  let stopping: Promise<void> | undefined;

  async function start(): Promise<ServiceAddresses> {
    for (const warning of inactiveSectionWarnings(config)) logger.warn(warning);
    const assembled = assembleServiceComponents(config, {
      ...options,
      clock,
      logger,
      addresses,
      stopping: () => stopping !== undefined,
      started: () => started,
    });
    api = assembled.api;
    receivers = assembled.receivers;
    recordProcessError = assembled.recordProcessError;
    recordDropped = assembled.recordDropped;
    for (const kind of earlyProcessErrors.splice(0)) recordProcessError(kind);
    host = createComponentHost(assembled.parts);
    await host.start();
    started = true;
    assembled.onStarted();
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
    recordProcessError(kind) {
      if (recordProcessError) recordProcessError(kind);
      else if (!stopping && earlyProcessErrors.length < 1000) earlyProcessErrors.push(kind);
    },
    ingest(signal, request) {
      if (!started || !receivers) {
        return Promise.reject(new Error('analysis service: not started'));
      }
      const queued = receivers.enqueue(signal, request);
      if (!queued.ok) {
        return Promise.reject(
          new Error(
            `analysis service: ${signal} refused (${queued.error.reason}): ${queued.error.message}`,
          ),
        );
      }
      return queued.value;
    },
    backend: () => (started ? api?.backend() : undefined),
    recordDropped(signal, reason, points) {
      if (started) recordDropped?.(signal, reason, points);
    },
    status() {
      const backend = started ? api?.backend() : undefined;
      if (!backend) return Promise.reject(new Error('analysis service: not started'));
      return backend.status();
    },
  };
}
