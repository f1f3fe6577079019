import { diag } from '@opentelemetry/api';
import type { Signal } from '../otlp/model.js';
import type {
  EnqueueRefusal,
  IngestOutcome,
  IngestQueue,
  RequestBySignal,
} from '../queue/types.js';
import { QueueWaitRefusal } from '../queue/types.js';
import type { PartialSuccess } from './otlp-codec.js';
import type { ReceiverErrorReason, ReceiverTelemetry, ReceiverTransport } from './types.js';

/** What became of a decoded request handed to the queue. */
export type SubmitResult =
  | { kind: 'processed'; outcome: IngestOutcome }
  | { kind: 'refused'; refusal: EnqueueRefusal }
  | { kind: 'failed'; message: string };

/**
 * Queues a decoded request and waits for its processing, so the response tells the truth:
 * a success means the points were processed, and `partial_success` counts what was not.
 */
export async function submit<S extends Signal>(
  queue: IngestQueue,
  signal: S,
  request: RequestBySignal[S],
  points: number,
): Promise<SubmitResult> {
  const queued = queue.enqueue(signal, request, points);
  if (!queued.ok) return { kind: 'refused', refusal: queued.error };
  try {
    return { kind: 'processed', outcome: await queued.value };
  } catch (error) {
    if (error instanceof QueueWaitRefusal) return { kind: 'refused', refusal: error.refusal };
    // A failure that carries a refusal (the write-ahead log cannot store the request) is
    // answered as that refusal: 503/UNAVAILABLE, which clients retry.
    const refusal = (error as { refusal?: EnqueueRefusal } | undefined)?.refusal;
    if (refusal !== undefined) return { kind: 'refused', refusal };
    // A pipeline defect: logged here; the client only learns that nothing was processed.
    diag.error(`ingest: processing a ${signal} request of ${points} points failed`, error);
    return { kind: 'failed', message: `internal error while processing the ${signal} request` };
  }
}

/**
 * The `partial_success` to send, or undefined for a full success. Per the OTLP spec it is
 * set when points were not accepted (invalid, or valid but dropped: both count as
 * `rejected_*`), or to carry a warning message with 0 rejected.
 */
export function partialSuccessOf(outcome: IngestOutcome): PartialSuccess | undefined {
  const rejected = outcome.rejectedPoints + (outcome.droppedPoints ?? 0);
  if (rejected === 0 && outcome.errorMessage === '') return undefined;
  return { rejected, errorMessage: outcome.errorMessage };
}

/** Calls the receiver telemetry hooks, ignoring hooks that throw. */
export interface TelemetryReporter {
  received(signal: Signal, points: number): void;
  failed(signal: Signal | undefined, reason: ReceiverErrorReason, points?: number): void;
}

/** Wraps the optional hooks of `telemetry` for one transport. */
export function createTelemetryReporter(
  transport: ReceiverTransport,
  telemetry: ReceiverTelemetry | undefined,
): TelemetryReporter {
  return {
    received(signal, points) {
      try {
        telemetry?.onReceived?.(transport, signal, points);
      } catch {
        // Telemetry must never break ingestion.
      }
    },
    failed(signal, reason, points = 0) {
      try {
        telemetry?.onRequestFailed?.(transport, signal, reason, points);
      } catch {
        // Telemetry must never break ingestion.
      }
    },
  };
}
