/**
 * The span processor that feeds the embedded monitor: finished, sampled spans are buffered and
 * handed to the in-process service's ingest queue in batches (when the batch is full, at
 * `forceFlush()`, and when the monitor collects), like a `BatchSpanProcessor` with an OTLP
 * exporter would send them to a service, without the network.
 */
import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TracesRequest } from '../otlp/model.js';
import { spansToRequest } from './spans-to-model.js';

/** Default of `maxBatchSpans`, as the SDK's `BatchSpanProcessor`'s `maxExportBatchSize`. */
export const DEFAULT_MAX_BATCH_SPANS = 512;
/** Default of `maxQueuedSpans`, as the SDK's `BatchSpanProcessor`'s `maxQueueSize`. */
export const DEFAULT_MAX_QUEUED_SPANS = 2048;

/** Options of {@link createMonitorSpanProcessor}. */
export interface MonitorSpanProcessorOptions {
  /** Where a batch goes (the service's ingest); a rejection is reported to `onError`. */
  sink: (request: TracesRequest) => Promise<unknown>;
  /** Spans per batch; a full batch is handed over at once. @default 512 */
  maxBatchSpans?: number;
  /**
   * Spans held while batches are being handed over; past it new spans are dropped and
   * counted (`dropped()`). @default 2048
   */
  maxQueuedSpans?: number;
  /** Told of a batch the sink refused. @default ignore */
  onError?: (error: unknown, spans: number) => void;
  /** Told of each span dropped (buffer full, or after shutdown). @default ignore */
  onDropped?: (spans: number) => void;
}

/** The span processor with its flush and drop count. */
export interface MonitorSpanProcessor extends SpanProcessor {
  /** Spans dropped because the buffer was full or the processor shut down. */
  dropped(): number;
}

/** Creates the span processor. */
export function createMonitorSpanProcessor(
  options: MonitorSpanProcessorOptions,
): MonitorSpanProcessor {
  const maxBatch = options.maxBatchSpans ?? DEFAULT_MAX_BATCH_SPANS;
  const maxQueued = options.maxQueuedSpans ?? DEFAULT_MAX_QUEUED_SPANS;
  if (!(Number.isInteger(maxBatch) && maxBatch > 0)) {
    throw new RangeError(
      `span processor: maxBatchSpans must be a positive integer, got ${maxBatch}`,
    );
  }
  if (!(Number.isInteger(maxQueued) && maxQueued >= maxBatch)) {
    throw new RangeError(
      `span processor: maxQueuedSpans must be an integer >= maxBatchSpans (${maxBatch}), got ${maxQueued}`,
    );
  }
  let buffer: ReadableSpan[] = [];
  let inFlight = 0;
  let droppedSpans = 0;
  let closed = false;
  const pending = new Set<Promise<void>>();

  const flush = (): Promise<void> => {
    if (buffer.length === 0) return Promise.resolve();
    const batch = buffer;
    buffer = [];
    inFlight += batch.length;
    const sent = options
      .sink(spansToRequest(batch))
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error, batch.length),
      )
      .finally(() => {
        inFlight -= batch.length;
        pending.delete(sent);
      });
    pending.add(sent);
    return sent;
  };

  return {
    onStart() {},
    onEnd(span) {
      // As the SDK's batch processor: only sampled spans are exported.
      if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
      if (closed || buffer.length + inFlight >= maxQueued) {
        droppedSpans++;
        options.onDropped?.(1);
        return;
      }
      buffer.push(span);
      if (buffer.length >= maxBatch) void flush();
    },
    async forceFlush() {
      while (buffer.length > 0) void flush();
      await Promise.all([...pending]);
    },
    async shutdown() {
      if (closed) return;
      await this.forceFlush();
      closed = true;
    },
    dropped: () => droppedSpans,
  };
}
