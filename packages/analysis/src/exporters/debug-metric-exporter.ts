/**
 * The `debug` exporter for metrics: a readable summary of each export, one line per export
 * (`basic`), per metric (`normal`) or per data point (`detailed`).
 */
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { labelValue } from './prometheus-labels.js';
import { sdkMetricsToModel } from './sdk-metrics-to-model.js';
import type { Attributes, Metric } from '../otlp/model.js';

/** Options of {@link createDebugMetricExporter}. */
export interface DebugMetricExporterOptions {
  /** @default 'basic' */
  verbosity?: 'basic' | 'normal' | 'detailed';
  /** Where lines go. @default console.log */
  write?: (line: string) => void;
}

function attributesText(attributes: Attributes): string {
  const parts = Object.entries(attributes).map(([k, v]) => `${k}=${labelValue(v)}`);
  return parts.length === 0 ? '' : `{${parts.join(', ')}}`;
}

function pointLines(metric: Metric): string[] {
  const data = metric.data;
  switch (data.type) {
    case 'gauge':
    case 'sum':
      return data.points.map((p) => `  ${metric.name}${attributesText(p.attributes)} ${p.value}`);
    case 'histogram':
    case 'exponentialHistogram':
      return data.points.map(
        (p) =>
          `  ${metric.name}${attributesText(p.attributes)} count=${p.count} sum=${p.sum ?? 'n/a'} min=${p.min ?? 'n/a'} max=${p.max ?? 'n/a'}`,
      );
    case 'summary':
      return data.points.map(
        (p) => `  ${metric.name}${attributesText(p.attributes)} count=${p.count} sum=${p.sum}`,
      );
    default:
      return [];
  }
}

function pointCount(metric: Metric): number {
  return metric.data.type === 'empty' ? 0 : metric.data.points.length;
}

/** Creates the debug exporter. */
export function createDebugMetricExporter(
  options: DebugMetricExporterOptions = {},
): PushMetricExporter {
  const verbosity = options.verbosity ?? 'basic';
  const write = options.write ?? ((line: string) => console.log(line));
  let stopped = false;
  return {
    export(collected: ResourceMetrics, done: (result: ExportResult) => void): void {
      if (stopped) {
        done({ code: ExportResultCode.FAILED, error: new Error('debug exporter is shut down') });
        return;
      }
      const model = sdkMetricsToModel(collected);
      const metrics = model.scopeMetrics.flatMap((sm) => sm.metrics);
      const points = metrics.reduce((n, m) => n + pointCount(m), 0);
      write(`debug exporter: ${metrics.length} metrics, ${points} data points`);
      if (verbosity !== 'basic') {
        for (const metric of metrics) {
          write(
            `${metric.name} (${metric.data.type}, ${metric.unit || 'no unit'}): ${pointCount(metric)} points`,
          );
          if (verbosity === 'detailed') for (const line of pointLines(metric)) write(line);
        }
      }
      done({ code: ExportResultCode.SUCCESS });
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => {
      stopped = true;
      return Promise.resolve();
    },
  };
}
