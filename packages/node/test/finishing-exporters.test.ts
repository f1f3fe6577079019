import { ExportResultCode } from '@opentelemetry/core';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  InstrumentType,
} from '@opentelemetry/sdk-metrics';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { finishingMetricExporter, finishingSpanExporter } from '../src/finishing-exporters.js';

/** Span exporters made by the factory, with the timeout each was made with. */
function spanFactory() {
  const made: { timeoutMillis: number | undefined; exporter: InMemorySpanExporter }[] = [];
  const make = (timeoutMillis?: number) => {
    const exporter = new InMemorySpanExporter();
    made.push({ timeoutMillis, exporter });
    return exporter;
  };
  return { made, make };
}

const span = { name: 's' } as unknown as ReadableSpan;

describe('finishing exporters', () => {
  it('send exports after finishWithin to a new exporter with that timeout', async () => {
    const { made, make } = spanFactory();
    const exporter = finishingSpanExporter(make);
    const results: ExportResultCode[] = [];
    exporter.export([span], (r) => results.push(r.code));
    exporter.finishWithin(1234.7);
    exporter.finishWithin(10); // only the first deadline counts
    exporter.export([span, span], (r) => results.push(r.code));
    await new Promise((resolve) => setTimeout(resolve, 0)); // the callbacks come on a timer
    expect(made.map((m) => m.timeoutMillis)).toEqual([undefined, 1234]);
    expect(made.map((m) => m.exporter.getFinishedSpans().length)).toEqual([1, 2]);
    expect(results).toEqual([ExportResultCode.SUCCESS, ExportResultCode.SUCCESS]);
    await exporter.shutdown();
    // InMemorySpanExporter clears itself on shutdown: both were shut down.
    expect(made.map((m) => m.exporter.getFinishedSpans().length)).toEqual([0, 0]);
  });

  it('keep the exporter when its configured timeout already ends before the deadline', () => {
    const { made, make } = spanFactory();
    const exporter = finishingSpanExporter(make, 500);
    exporter.finishWithin(5000);
    exporter.export([span], () => undefined);
    expect(made).toHaveLength(1);
    expect(made[0]?.exporter.getFinishedSpans()).toHaveLength(1);
  });

  it('answer the metric reader with the first exporter temporality', async () => {
    const made: InMemoryMetricExporter[] = [];
    const exporter = finishingMetricExporter(() => {
      const e = new InMemoryMetricExporter(AggregationTemporality.DELTA);
      made.push(e);
      return e;
    });
    exporter.finishWithin(100);
    expect(exporter.selectAggregationTemporality?.(InstrumentType.COUNTER)).toBe(
      AggregationTemporality.DELTA,
    );
    const metrics = { resource: {}, scopeMetrics: [] } as unknown as ResourceMetrics;
    exporter.export(metrics, () => undefined);
    expect(made.map((m) => m.getMetrics().length)).toEqual([0, 1]);
    await exporter.forceFlush();
    await exporter.shutdown();
  });
});
