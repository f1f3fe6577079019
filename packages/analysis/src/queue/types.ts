import type { OtlpRequestBySignal } from '../otlp/decode-otlp.js';
import type { Signal } from '../otlp/model.js';
import type { Result } from '../result.js';

/** The decoded request type of each signal. */
export type RequestBySignal = OtlpRequestBySignal;

/** One decoded export request waiting for (or under) processing. */
export type IngestItem = {
  [S in Signal]: {
    signal: S;
    request: RequestBySignal[S];
    /** Data points, spans or log records in the request, as counted by the receiver. */
    points: number;
  };
}[Signal];

/**
 * What processing a request produced. The receivers turn it into the OTLP
 * `Export*ServiceResponse`: `rejectedPoints + droppedPoints > 0` (or a non-empty
 * `errorMessage`) becomes `partial_success` with that many `rejected_*`.
 */
export interface IngestOutcome {
  /** Points (spans, log records) that were processed. */
  acceptedPoints: number;
  /** Points that were invalid and dropped. */
  rejectedPoints: number;
  /**
   * Valid points that were not stored (duplicate, out of order, over the cardinality
   * limit). Reported to the client as rejected, counted apart in the service's statistics.
   * @default 0
   */
  droppedPoints?: number;
  /** Why points were rejected or dropped; '' when nothing was. */
  errorMessage: string;
}

/** Processes one request; runs one at a time. May be synchronous. */
export type IngestProcessFn = (item: IngestItem) => IngestOutcome | Promise<IngestOutcome>;

/**
 * Why the queue refused a request:
 * - `overloaded`: the queue is full; the client should retry later (HTTP 429, gRPC `UNAVAILABLE`).
 * - `unavailable`: the queue is draining for shutdown (HTTP 503, gRPC `UNAVAILABLE`).
 */
export type EnqueueRefusalReason = 'overloaded' | 'unavailable';

/** A refused request: the reason and a message for the client. */
export interface EnqueueRefusal {
  reason: EnqueueRefusalReason;
  message: string;
}

/**
 * Timings of one processed request, in seconds, measured with the queue's clock.
 */
export interface IngestTimings {
  /** From `enqueue` to the start of processing. */
  waitSeconds: number;
  /** Time inside `process`. */
  processingSeconds: number;
}

/**
 * Self-telemetry hooks of the queue. Every hook is optional; a hook that throws is ignored
 * (telemetry must never break ingestion).
 */
export interface IngestQueueTelemetry {
  /** The number of queued requests and points changed (including the one being processed). */
  onDepthChanged?(requests: number, points: number): void;
  /** A request was processed. */
  onProcessed?(signal: Signal, outcome: IngestOutcome, timings: IngestTimings): void;
  /** `process` threw or rejected: the request's points were not processed. */
  onProcessingFailed?(signal: Signal, points: number, error: unknown): void;
  /** A request was refused without being queued (or after waiting too long in the queue). */
  onRefused?(signal: Signal, points: number, reason: EnqueueRefusalReason): void;
}

/** Options of {@link createIngestQueue}. */
export interface IngestQueueOptions {
  /**
   * Maximum number of requests held (waiting plus the one being processed).
   * @default 1000
   */
  maxQueuedRequests?: number;
  /**
   * Maximum number of points (data points, spans, log records) held. A request arriving at
   * an empty queue is always admitted, whatever its size (the receivers' body size limit
   * bounds it), so one large request can never be refused forever.
   * @default 200000
   */
  maxQueuedPoints?: number;
  /**
   * Longest time a request may wait in the queue before its processing starts, in
   * milliseconds. A request that waited longer is refused as `overloaded` (its client
   * retries later) instead of being processed after the client may have given up: with
   * processing one request at a time, answers come within this bound plus the processing
   * time of the request ahead, well inside an exporter's default 10 s timeout.
   * @default 2000
   */
  maxWaitMillis?: number;
  /** Processes one request at a time. */
  process: IngestProcessFn;
  /** Self-telemetry hooks. @default no-op */
  telemetry?: IngestQueueTelemetry;
  /**
   * Monotonic clock in milliseconds, for the timings reported to telemetry.
   * @default performance.now
   */
  nowMillis?: () => number;
}

/** Counters and depth of the queue, all since creation. */
export interface IngestQueueStats {
  /** Requests held: waiting plus the one being processed. */
  queuedRequests: number;
  /** Points held: waiting plus the one being processed. */
  queuedPoints: number;
  /** True while `process` runs. */
  processing: boolean;
  /** True once `drain()` was called. */
  draining: boolean;
  /** Requests admitted by `enqueue`. */
  enqueuedRequests: number;
  /** Requests `process` completed. */
  processedRequests: number;
  /** Sum of `acceptedPoints` over processed requests. */
  acceptedPoints: number;
  /** Sum of `rejectedPoints` over processed requests. */
  rejectedPoints: number;
  /** Requests for which `process` threw. */
  failedRequests: number;
  /** Requests refused because the queue was full, or after waiting past `maxWaitMillis`. */
  overloadedRequests: number;
  /** Requests refused because the queue was draining. */
  unavailableRequests: number;
}

/** A bounded FIFO between the receivers (which decode) and the pipeline (which processes). */
export interface IngestQueue {
  /**
   * Queues a decoded request. On success the value is a promise of the pipeline's outcome,
   * settled once the request was processed (rejected when `process` threw). When the queue
   * is full or draining, the request is refused at once and nothing is held.
   */
  enqueue<S extends Signal>(
    signal: S,
    request: RequestBySignal[S],
    points: number,
  ): Result<Promise<IngestOutcome>, EnqueueRefusal>;
  /**
   * Admission before a request is read: the refusal `enqueue` would answer now whatever
   * the request's size (the queue is draining, or holds `maxQueuedRequests` or
   * `maxQueuedPoints`), counted and reported like `enqueue`'s, or undefined. Receivers ask
   * before reading a body, so a full queue costs no read or decode.
   */
  check(signal: Signal): EnqueueRefusal | undefined;
  /** Current depth and counters. */
  stats(): IngestQueueStats;
  /**
   * Stops accepting (new requests are refused as `unavailable`) and resolves once every
   * queued request was processed. Idempotent.
   */
  drain(): Promise<void>;
}

/**
 * The rejection of an `enqueue` promise when the request waited past `maxWaitMillis`: it
 * was not processed, and the client should retry (HTTP 429, gRPC `UNAVAILABLE`).
 */
export class QueueWaitRefusal extends Error {
  override readonly name = 'QueueWaitRefusal';
  constructor(readonly refusal: EnqueueRefusal) {
    super(refusal.message);
  }
}
