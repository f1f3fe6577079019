import type { StatusReport } from '../api/types.js';
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
  /** First retry delay after a failed checkpoint, doubled per failure. @default 1000 */
  checkpointRetryMillis?: number;
  /** Fault-injection seams and hooks of the write-ahead log and checkpoints (tests). */
  durability?: ServiceCoreOptions['durability'];
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
   * Opens the store, restores the series checkpoint, builds telemetry, pipeline and queue,
   * and starts the receivers and the API server. On failure everything already opened is
   * closed again and the promise rejects with an error naming the part that failed.
   */
  start(): Promise<ServiceAddresses>;
  /**
   * Graceful stop: the receivers stop accepting (new requests get 503/`UNAVAILABLE`), the
   * queue is drained, the series store is checkpointed into the store, telemetry is
   * flushed, the servers are closed and the store is closed. Idempotent.
   */
  shutdown(): Promise<void>;
  /** The `/api/v1/status` body. Rejects before `start()`. */
  status(): Promise<StatusReport>;
  /** Listening addresses once started. */
  readonly addresses: ServiceAddresses;
}
