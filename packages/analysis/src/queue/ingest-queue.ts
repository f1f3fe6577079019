import type { Signal } from '../otlp/model.js';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import type {
  EnqueueRefusal,
  IngestItem,
  IngestOutcome,
  IngestQueue,
  IngestQueueOptions,
  IngestQueueStats,
  IngestQueueTelemetry,
  RequestBySignal,
} from './types.js';
import { QueueWaitRefusal } from './types.js';

/** Default of {@link IngestQueueOptions.maxQueuedRequests}. */
export const DEFAULT_MAX_QUEUED_REQUESTS = 1000;
/** Default of {@link IngestQueueOptions.maxQueuedPoints}. */
export const DEFAULT_MAX_QUEUED_POINTS = 200_000;
/** Default of {@link IngestQueueOptions.maxWaitMillis}. */
export const DEFAULT_MAX_WAIT_MILLIS = 2_000;

const DRAINING_MESSAGE = 'the service is shutting down; retry against another instance or later';

interface Entry {
  item: IngestItem;
  enqueuedAtMillis: number;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

/** The cumulative counters of a queue that has taken nothing yet. */
function zeroCounters() {
  return {
    enqueuedRequests: 0,
    processedRequests: 0,
    acceptedPoints: 0,
    rejectedPoints: 0,
    failedRequests: 0,
    overloadedRequests: 0,
    unavailableRequests: 0,
  };
}

/** The stats of a queue that holds nothing and has taken nothing (before a queue exists). */
export const IDLE_QUEUE_STATS: Readonly<IngestQueueStats> = Object.freeze({
  queuedRequests: 0,
  queuedPoints: 0,
  processing: false,
  draining: false,
  ...zeroCounters(),
});

/**
 * Creates the bounded ingest queue. Receivers decode a request synchronously and hand it
 * here; requests are processed one at a time, each in its own turn of the event loop
 * (`setImmediate`), so the servers keep answering other clients between requests. The
 * queue never holds more than `maxQueuedRequests` requests or `maxQueuedPoints` points:
 * past that, `enqueue` refuses at once with `overloaded`. A request that waited longer
 * than `maxWaitMillis` is refused (its promise rejects with `QueueWaitRefusal`) instead of
 * processed, so clients are answered within that bound.
 *
 * @throws {RangeError} when a limit is not a positive integer.
 */
export function createIngestQueue(options: IngestQueueOptions): IngestQueue {
  const maxRequests = options.maxQueuedRequests ?? DEFAULT_MAX_QUEUED_REQUESTS;
  const maxPoints = options.maxQueuedPoints ?? DEFAULT_MAX_QUEUED_POINTS;
  assertPositiveInteger('maxQueuedRequests', maxRequests);
  assertPositiveInteger('maxQueuedPoints', maxPoints);
  const maxWaitMillis = options.maxWaitMillis ?? DEFAULT_MAX_WAIT_MILLIS;
  assertPositiveInteger('maxWaitMillis', maxWaitMillis);
  const process = options.process;
  const telemetry = options.telemetry ?? {};
  const nowMillis = options.nowMillis ?? (() => performance.now());

  // FIFO as an array with a moving head, compacted once the consumed prefix dominates,
  // so dequeue stays O(1) amortised (Array#shift is O(n)).
  let entries: (Entry | undefined)[] = [];
  let head = 0;
  let queuedPoints = 0;
  let processing = false;
  let scheduled = false;
  let draining = false;
  const drainWaiters: (() => void)[] = [];
  const counters = zeroCounters();

  const waiting = (): number => entries.length - head;
  const held = (): number => waiting() + (processing ? 1 : 0);

  function report<K extends keyof IngestQueueTelemetry>(
    hook: K,
    ...args: Parameters<NonNullable<IngestQueueTelemetry[K]>>
  ): void {
    const fn = telemetry[hook] as ((...a: typeof args) => void) | undefined;
    if (fn === undefined) return;
    try {
      fn.apply(telemetry, args);
    } catch {
      // Telemetry must never break ingestion.
    }
  }

  function schedule(): void {
    if (scheduled || processing || waiting() === 0) return;
    scheduled = true;
    setImmediate(runNext);
  }

  function settleDrainIfIdle(): void {
    if (!draining || processing || waiting() > 0) return;
    for (const resolve of drainWaiters.splice(0)) resolve();
  }

  /** Takes the head entry off the queue. */
  function shift(): Entry | undefined {
    const entry = entries[head];
    if (entry === undefined) return undefined;
    entries[head] = undefined; // release the reference early
    head += 1;
    if (head > 1024 && head * 2 > entries.length) {
      entries = entries.slice(head);
      head = 0;
    }
    return entry;
  }

  /**
   * Refuses the entries at the head that waited past `maxWaitMillis` (entries are in
   * arrival order, so the expired ones are all at the head); returns the first that did not.
   */
  function nextUnexpired(now: number): Entry | undefined {
    for (let entry = shift(); entry !== undefined; entry = shift()) {
      const waited = now - entry.enqueuedAtMillis;
      if (waited <= maxWaitMillis) return entry;
      const { item } = entry;
      queuedPoints -= item.points;
      const refusal = refuse(item.signal, item.points, {
        reason: 'overloaded',
        message: `the request waited ${Math.round(waited)} ms in the ingest queue, over its ${maxWaitMillis} ms limit, and was not processed; retry later`,
      });
      entry.reject(new QueueWaitRefusal(refusal));
    }
    return undefined;
  }

  function runNext(): void {
    scheduled = false;
    const startedMillis = nowMillis();
    const entry = nextUnexpired(startedMillis);
    if (entry === undefined) {
      report('onDepthChanged', held(), queuedPoints);
      settleDrainIfIdle();
      return;
    }
    processing = true;
    const { item } = entry;
    let result: IngestOutcome | Promise<IngestOutcome>;
    try {
      result = process(item);
    } catch (error) {
      finish(entry, startedMillis, { ok: false, error });
      return;
    }
    Promise.resolve(result).then(
      (outcome) => finish(entry, startedMillis, { ok: true, value: outcome }),
      (error: unknown) => finish(entry, startedMillis, { ok: false, error }),
    );
  }

  function finish(
    entry: Entry,
    startedMillis: number,
    result: Result<IngestOutcome, unknown>,
  ): void {
    const { item } = entry;
    processing = false;
    queuedPoints -= item.points;
    if (result.ok) {
      const outcome = result.value;
      counters.processedRequests += 1;
      counters.acceptedPoints += outcome.acceptedPoints;
      counters.rejectedPoints += outcome.rejectedPoints;
      const finishedMillis = nowMillis();
      report('onProcessed', item.signal, outcome, {
        waitSeconds: (startedMillis - entry.enqueuedAtMillis) / 1000,
        processingSeconds: (finishedMillis - startedMillis) / 1000,
      });
      entry.resolve(outcome);
    } else {
      counters.failedRequests += 1;
      report('onProcessingFailed', item.signal, item.points, result.error);
      entry.reject(result.error);
    }
    report('onDepthChanged', held(), queuedPoints);
    schedule();
    settleDrainIfIdle();
  }

  function fullMessage(heldRequests: number): string {
    return `ingest queue full (${heldRequests} requests, ${queuedPoints} points queued; limits ${maxRequests} requests, ${maxPoints} points); retry later`;
  }

  function refuse(signal: Signal, points: number, refusal: EnqueueRefusal): typeof refusal {
    if (refusal.reason === 'overloaded') counters.overloadedRequests += 1;
    else counters.unavailableRequests += 1;
    report('onRefused', signal, points, refusal.reason);
    return refusal;
  }

  return {
    enqueue<S extends Signal>(
      signal: S,
      request: RequestBySignal[S],
      points: number,
    ): Result<Promise<IngestOutcome>, EnqueueRefusal> {
      if (draining) {
        return err(
          refuse(signal, points, {
            reason: 'unavailable',
            message: DRAINING_MESSAGE,
          }),
        );
      }
      const heldRequests = held();
      if (
        heldRequests > 0 &&
        (heldRequests + 1 > maxRequests || queuedPoints + points > maxPoints)
      ) {
        return err(
          refuse(signal, points, {
            reason: 'overloaded',
            message: fullMessage(heldRequests),
          }),
        );
      }
      const promise = new Promise<IngestOutcome>((resolve, reject) => {
        // The union member is chosen by `signal`; TypeScript cannot correlate the generic.
        const item = { signal, request, points } as IngestItem;
        entries.push({ item, enqueuedAtMillis: nowMillis(), resolve, reject });
      });
      queuedPoints += points;
      counters.enqueuedRequests += 1;
      report('onDepthChanged', held(), queuedPoints);
      schedule();
      return ok(promise);
    },

    check(signal: Signal): EnqueueRefusal | undefined {
      if (draining) return refuse(signal, 0, { reason: 'unavailable', message: DRAINING_MESSAGE });
      const heldRequests = held();
      if (heldRequests >= maxRequests || (heldRequests > 0 && queuedPoints >= maxPoints)) {
        return refuse(signal, 0, { reason: 'overloaded', message: fullMessage(heldRequests) });
      }
      return undefined;
    },

    stats(): IngestQueueStats {
      return {
        queuedRequests: held(),
        queuedPoints,
        processing,
        draining,
        ...counters,
      };
    },

    drain(): Promise<void> {
      draining = true;
      return new Promise<void>((resolve) => {
        drainWaiters.push(resolve);
        settleDrainIfIdle();
      });
    },
  };
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`createIngestQueue: ${name} must be a positive integer, got ${value}`);
  }
}
