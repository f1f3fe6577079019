/**
 * The metric reader that feeds the embedded monitor: each collection of the OTel SDK's
 * metrics is converted to the decoded OTLP model and handed to the in-process service's ingest
 * queue, as a `PeriodicExportingMetricReader` with an OTLP exporter would send it. The
 * monitor decides when to collect (`collectInto()`); `forceFlush()` and `shutdown()` of the
 * meter provider collect once more.
 */
import { MetricReader } from '@opentelemetry/sdk-metrics';
import type { MetricReaderOptions } from '@opentelemetry/sdk-metrics';
import { sdkMetricsToModel } from '../exporters/sdk-metrics-to-model.js';
import type { MetricsRequest } from '../otlp/model.js';

/** Options of {@link MonitorMetricReader}. */
export interface MonitorMetricReaderOptions extends MetricReaderOptions {
  /** Where a collection goes (the service's ingest). */
  sink: (request: MetricsRequest) => Promise<unknown>;
  /** Told of collection errors (an observable callback threw) and refused requests. */
  onError?: (error: unknown) => void;
}

/** A metric reader that hands its collections to the embedded monitor (a class: the SDK's base). */
export class MonitorMetricReader extends MetricReader {
  private readonly _sink: MonitorMetricReaderOptions['sink'];
  private readonly _onError: MonitorMetricReaderOptions['onError'];
  private _collecting: Promise<void> = Promise.resolve();

  constructor(options: MonitorMetricReaderOptions) {
    super(options);
    this._sink = options.sink;
    this._onError = options.onError;
  }

  /**
   * Collects the metrics once and hands them over; collections never overlap (each waits for
   * the previous one). Resolves once the service processed them. Errors go to `onError`.
   */
  collectInto(): Promise<void> {
    this._collecting = this._collecting.then(() => this._collectOnce());
    return this._collecting;
  }

  private async _collectOnce(): Promise<void> {
    try {
      const { resourceMetrics, errors } = await this.collect();
      for (const error of errors) this._onError?.(error);
      if (resourceMetrics.scopeMetrics.every((s) => s.metrics.length === 0)) return;
      await this._sink({ resourceMetrics: [sdkMetricsToModel(resourceMetrics)] });
    } catch (error) {
      this._onError?.(error);
    }
  }

  protected override onForceFlush(): Promise<void> {
    return this.collectInto();
  }

  protected override async onShutdown(): Promise<void> {
    await this._collecting;
  }
}
