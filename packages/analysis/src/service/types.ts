import type { ApiBackend, StatusReport } from '../api/types.js';
import type { Signal } from '../otlp/model.js';
import type { IngestOutcome, RequestBySignal } from '../queue/types.js';
import type { SchedulerTimer } from '../engines/scheduler.js';
import type { EngineFactory } from '../engines/registry.js';
import type { Clock } from '../series/types.js';
import type { ServiceLogger } from './logger.js';
import type { ServiceCoreOptions } from './service-core.js';

/** Options of `createAnalysisService`. */
export interface AnalysisServiceOptions {
  /**
   * Time source of the series store, the pipeline and the status (uptime, rates).
   * @default the system clock
   */
  clock?: Clock;
  /** Where the service logs start-up, shutdown and failures. @default silent */
  logger?: ServiceLogger;
  /**
   * Interval of the background housekeeping (staleness and eviction), in milliseconds.
   * @default 10000
   */
  housekeepingIntervalMillis?: number;
  /**
   * Interval of periodic series checkpoints while running, in milliseconds; 0 checkpoints
   * only at shutdown. Each checkpoint truncates the write-ahead log it covers.
   * @default `processors.series.checkpoint_interval` (60 s)
   */
  checkpointIntervalMillis?: number;
  /**
   * Builds the engines from the configuration.
   * @default ENGINE_FACTORIES (the engines this version ships)
   */
  engineFactories?: readonly EngineFactory[];
  /**
   * Wakes the engine scheduler at interval boundaries (tests pass a manual timer together
   * with an injected clock).
   * @default setTimeout, unreferenced
   */
  schedulerTimer?: SchedulerTimer;
  /** First retry delay after a failed checkpoint, doubled per failure. @default 1000 */
  checkpointRetryMillis?: number;
  /** Fault-injection seams and hooks of the write-ahead log and checkpoints (tests). */
  durability?: ServiceCoreOptions['durability'];
  /**
   * Run without network: the OTLP receivers and the API server do not listen (an exporter
   * with an endpoint of its own still does). Data comes in through
   * {@link AnalysisService.ingest}, results are read through {@link AnalysisService.backend};
   * the embedded monitor runs the service this way. @default false
   */
  inProcess?: boolean;
}

/** Where a started service listens; a field is undefined when that server is disabled. */
export interface ServiceAddresses {
  /** OTLP/HTTP base URL (`http://127.0.0.1:4318`); exporters append `/v1/<signal>`. */
  otlpHttp: string | undefined;
  /** OTLP/gRPC address (`127.0.0.1:4317`). */
  otlpGrpc: string | undefined;
  /** HTTP API base URL (`http://127.0.0.1:8080`). */
  api: string | undefined;
  /** Full URL of the Prometheus scrape endpoint (`http://127.0.0.1:8080/metrics`). */
  metrics: string | undefined;
}

/** The running analysis service. */
export interface AnalysisService {
  /**
   * Starts the components in order: telemetry, the store (series checkpoint restored,
   * pipeline built), housekeeping, periodic checkpoints, the engines, the API server and the
   * receivers with their queue. On failure everything already opened is closed again and
   * the promise rejects with an error naming the part that failed.
   */
  start(): Promise<ServiceAddresses>;
  /**
   * Graceful stop, the components in reverse order: the receivers stop accepting (new
   * requests get 503/`UNAVAILABLE`) while the queue drains, the API server closes, the
   * engines save their state, the series store is checkpointed, the store is closed and
   * telemetry is flushed. Errors are collected into one `AggregateError`. Idempotent.
   */
  shutdown(): Promise<void>;
  /** The `/api/v1/status` body. Rejects before `start()`. */
  status(): Promise<StatusReport>;
  /**
   * Counts an error the process survived (`unhandled_rejection`, `uncaught_exception`) in
   * `heterodyne.monitor.process.errors` (those before `start()` are recorded when it runs).
   */
  recordProcessError(kind: string): void;
  /** Listening addresses once started. */
  readonly addresses: ServiceAddresses;
  /**
   * Hands a decoded OTLP request to the ingest queue, as a receiver does after decoding
   * (same limits, accounting and durability). Resolves with what the pipeline accepted,
   * rejected and dropped; rejects when the queue refuses it (full, draining) or the service
   * is not started.
   */
  ingest<S extends Signal>(signal: S, request: RequestBySignal[S]): Promise<IngestOutcome>;
  /**
   * Counts points (spans) dropped on their way to the service, before `ingest` (the embedded
   * monitor's full span buffer), in the status' `dropped` by `reason` and the self-telemetry's
   * dropped counter. Ignored before start.
   */
  recordDropped(signal: Signal, reason: string, points: number): void;
  /** What the API reads (status, series, findings, SLOs, baselines, alerts); undefined before start. */
  backend(): ApiBackend | undefined;
}
