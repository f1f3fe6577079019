/**
 * Exporters whose final exports end with `shutdown()`'s deadline.
 *
 * An OTLP exporter retries a failed export (connection refused, 429, 503) with backoff until
 * its own timeout (`timeoutMillis`, 10 s by default), on timers that keep the process alive.
 * When the receiver is down, the last export at shutdown would therefore hold a finished
 * program for that long. These wrappers send every export made after `finishWithin(ms)` to a
 * fresh exporter created with that timeout, so the final flush gives up in time.
 */
import type { ExportResult } from '@opentelemetry/core';
import type {
  AggregationSelector,
  AggregationTemporalitySelector,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** An exporter that can be told to finish within a time. */
export interface Finishing {
  /** Exports from now on go to an exporter whose requests time out after `timeoutMillis`. */
  finishWithin(timeoutMillis: number): void;
}

/** Makes an exporter with an explicit request timeout (milliseconds), or the configured one. */
export type ExporterFactory<E> = (timeoutMillis?: number) => E;

interface Switch<E> {
  current(): E;
  all(): readonly E[];
  finishWithin(timeoutMillis: number): void;
}

function createSwitch<E>(make: ExporterFactory<E>, configuredTimeoutMillis?: number): Switch<E> {
  let current = make();
  const all = [current];
  let finishing = false;
  return {
    current: () => current,
    all: () => all,
    finishWithin(timeoutMillis) {
      if (finishing) return;
      finishing = true;
      // A configured timeout already shorter than the deadline needs no replacement.
      if (configuredTimeoutMillis !== undefined && configuredTimeoutMillis <= timeoutMillis) return;
      current = make(Math.max(1, Math.floor(timeoutMillis)));
      all.push(current);
    },
  };
}

async function forAll<E>(exporters: readonly E[], run: (e: E) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(exporters.map(run));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/** A span exporter that can finish within a deadline (see the module comment). */
export function finishingSpanExporter(
  make: ExporterFactory<SpanExporter>,
  configuredTimeoutMillis?: number,
): SpanExporter & Finishing {
  const exporters = createSwitch(make, configuredTimeoutMillis);
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
      exporters.current().export(spans, done);
    },
    forceFlush: () => forAll(exporters.all(), (e) => e.forceFlush?.() ?? Promise.resolve()),
    shutdown: () => forAll(exporters.all(), (e) => e.shutdown()),
    finishWithin: (timeoutMillis) => exporters.finishWithin(timeoutMillis),
  };
}

/** A metric exporter that can finish within a deadline (see the module comment). */
export function finishingMetricExporter(
  make: ExporterFactory<PushMetricExporter>,
  configuredTimeoutMillis?: number,
): PushMetricExporter & Finishing {
  const exporters = createSwitch(make, configuredTimeoutMillis);
  // The reader asks for temporality and aggregation once, of the first exporter; every
  // replacement is made from the same settings, so it answers the same.
  const first = exporters.current();
  const wrapper: PushMetricExporter & Finishing = {
    export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
      exporters.current().export(metrics, done);
    },
    forceFlush: () => forAll(exporters.all(), (e) => e.forceFlush()),
    shutdown: () => forAll(exporters.all(), (e) => e.shutdown()),
    finishWithin: (timeoutMillis) => exporters.finishWithin(timeoutMillis),
  };
  if (first.selectAggregationTemporality !== undefined) {
    const select: AggregationTemporalitySelector = (type) =>
      first.selectAggregationTemporality?.(type) as ReturnType<AggregationTemporalitySelector>;
    wrapper.selectAggregationTemporality = select;
  }
  if (first.selectAggregation !== undefined) {
    const select: AggregationSelector = (type) =>
      first.selectAggregation?.(type) as ReturnType<AggregationSelector>;
    wrapper.selectAggregation = select;
  }
  return wrapper;
}
