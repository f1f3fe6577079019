import type { AnalysisConfig } from '../config/types.js';
import type { Signal } from '../otlp/model.js';
import type { IngestPipeline } from '../pipeline/types.js';
import { ok } from '../result.js';
import { createIngestQueue } from '../queue/ingest-queue.js';
import type { IngestItem, IngestOutcome, IngestQueue } from '../queue/types.js';
import { createByteBudget } from '../receivers/byte-budget.js';
import type { ByteBudget } from '../receivers/byte-budget.js';
import type { ReceiverTelemetry } from '../receivers/types.js';
import {
  DEFAULT_QUEUE_MAX_IN_FLIGHT_BYTES,
  DEFAULT_QUEUE_MAX_POINTS,
  DEFAULT_QUEUE_MAX_REQUESTS,
  DEFAULT_QUEUE_MAX_WAIT_MILLIS,
} from '../config/defaults.js';
import type { SelfMetrics } from '../telemetry/self-metrics.js';
import type { DropCounter } from './drop-counter.js';
import type { IngestStats } from './ingest-stats.js';
import type { ServiceLogger } from './logger.js';

/** What the ingest wiring reports to. */
export interface ServiceIngestOptions {
  config: AnalysisConfig;
  pipeline: IngestPipeline;
  /** Signals a pipeline carries; requests of other signals are rejected. */
  signals: ReadonlySet<Signal>;
  stats: IngestStats;
  drops: DropCounter;
  self: SelfMetrics;
  logger: ServiceLogger;
  /**
   * Awaited after a request was processed and before it is answered: the write-ahead log's
   * group commit, so a success means the request's points are durable. @default none
   */
  afterProcessed?: () => Promise<void>;
}

/** The queue feeding the pipeline, its limits, and the receivers' telemetry hooks. */
export interface ServiceIngest {
  queue: IngestQueue;
  limits: { maxRequests: number; maxPoints: number };
  receiverTelemetry: ReceiverTelemetry;
  /** Memory for request bodies in flight, shared by every receiver (`max_in_flight_bytes`). */
  bodyBudget: ByteBudget;
}

/**
 * Wires receivers → queue → pipeline with the service's accounting: every point is either
 * accepted, rejected (invalid, back to the client as `partial_success`) or dropped with a
 * reason (`duplicate`, `out_of_order`, `overflow`, `overloaded`, `unavailable`,
 * `too_large`, `processing_failed`, `no_pipeline`, ...), counted in the status and the
 * self-telemetry.
 */
export function createServiceIngest(options: ServiceIngestOptions): ServiceIngest {
  const { config, pipeline, signals, stats, drops, self, logger } = options;
  const drop = (signal: Signal | undefined, reason: string, points: number): void => {
    if (points <= 0) return;
    drops.add(reason, points);
    self.recordDropped(signal, reason === 'overflow' ? 'cardinality_limit' : reason, points);
  };

  const storing = storingSignals(config);
  for (const signal of signals) {
    if (signal !== 'logs' && !storing.has(signal)) {
      logger.warn(
        `no ${signal} pipeline lists a series processor: ${signal} are counted, not stored`,
      );
    }
  }

  const process = (item: IngestItem): IngestOutcome => {
    if (!signals.has(item.signal)) {
      drop(item.signal, 'no_pipeline', item.points);
      return {
        acceptedPoints: 0,
        rejectedPoints: item.points,
        errorMessage: `this service has no ${item.signal} pipeline (service.pipelines)`,
      };
    }
    if (item.signal !== 'logs' && !storing.has(item.signal)) {
      return { acceptedPoints: item.points, rejectedPoints: 0, errorMessage: '' };
    }
    const before = pipeline.counters();
    const result =
      item.signal === 'metrics'
        ? pipeline.ingestMetrics(item.request)
        : item.signal === 'traces'
          ? pipeline.ingestTraces(item.request)
          : pipeline.ingestLogs(item.request);
    const after = pipeline.counters();
    drop(item.signal, 'invalid', after.spansRejected - before.spansRejected);
    for (const reason of Object.keys(after.dropped) as (keyof typeof after.dropped)[]) {
      drop(item.signal, reason, after.dropped[reason] - before.dropped[reason]);
    }
    return result;
  };

  const queueConfig = Object.values(config.processors).find((p) => p.type === 'queue');
  const queueOptions = queueConfig?.type === 'queue' ? queueConfig : undefined;
  const limits = {
    maxRequests: queueOptions?.maxRequests ?? DEFAULT_QUEUE_MAX_REQUESTS,
    maxPoints: queueOptions?.maxPoints ?? DEFAULT_QUEUE_MAX_POINTS,
  };
  const queue = createIngestQueue({
    maxQueuedRequests: limits.maxRequests,
    maxQueuedPoints: limits.maxPoints,
    maxWaitMillis: queueOptions?.maxWaitMillis ?? DEFAULT_QUEUE_MAX_WAIT_MILLIS,
    process,
    telemetry: {
      onDepthChanged: (requests, points) => self.setQueueDepth(requests, points),
      onProcessed: (signal, outcome, timings) => {
        stats.recordProcessed(signal, outcome.acceptedPoints, outcome.rejectedPoints);
        self.recordAccepted(signal, outcome.acceptedPoints);
        self.recordProcessingDuration(signal, timings.waitSeconds + timings.processingSeconds);
      },
      onProcessingFailed: (signal, points, error) => {
        // Refused because the write-ahead log cannot store it (logged once, where it failed).
        if ((error as { refusal?: unknown } | undefined)?.refusal !== undefined) {
          drop(signal, 'unavailable', points);
          return;
        }
        drop(signal, 'processing_failed', points);
        logger.error('processing a request failed', { signal, points, error });
      },
      onRefused: (signal, points, reason) => drop(signal, reason, points),
    },
  });
  const afterProcessed = options.afterProcessed;
  const answered: IngestQueue =
    afterProcessed === undefined
      ? queue
      : {
          ...queue,
          enqueue(signal, request, points) {
            const queued = queue.enqueue(signal, request, points);
            if (!queued.ok) return queued;
            return ok(
              queued.value.then(async (outcome) => {
                await afterProcessed();
                return outcome;
              }),
            );
          },
        };
  const receiverTelemetry: ReceiverTelemetry = {
    onReceived: (transport, signal, points) => self.recordReceived(signal, points, transport),
    onRequestFailed: (transport, signal, reason, points) => {
      self.recordRefused(transport, signal, reason);
      if (reason === 'decode_error') self.recordDecodeError(signal, undefined);
      // Queue refusals are counted by the queue's own hook.
      if (reason === 'overloaded' || reason === 'unavailable') return;
      drop(signal, reason, points);
    },
  };
  const bodyBudget = createByteBudget(
    queueOptions?.maxInFlightBytes ?? DEFAULT_QUEUE_MAX_IN_FLIGHT_BYTES,
  );
  return { queue: answered, limits, receiverTelemetry, bodyBudget };
}

/** Signals with a pipeline that lists a `series` processor (their points are stored). */
export function storingSignals(config: AnalysisConfig): Set<Signal> {
  const out = new Set<Signal>();
  for (const p of Object.values(config.service.pipelines)) {
    if (p.processors.some((id) => config.processors[id]?.type === 'series')) out.add(p.signal);
  }
  return out;
}
