/**
 * A pull `MetricReader`: nothing happens until a scrape calls {@link PrometheusPullReader.render},
 * which collects the SDK's metrics (cumulative, as Prometheus wants them), adds the received
 * metrics when pass-through is on, and writes the exposition text.
 *
 * A class because the SDK's `MetricReader` base class requires one.
 */
import { MetricReader } from '@opentelemetry/sdk-metrics';
import type { ResourceMetrics } from '../otlp/model.js';
import { currentGaugeTemporality } from './current-gauges.js';
import { toPrometheusFamilies } from './prometheus-translate.js';
import type { DroppedMetric, PrometheusTranslateOptions } from './prometheus-translate.js';
import { writePrometheusText } from './prometheus-text.js';
import { sdkMetricsToModel } from './sdk-metrics-to-model.js';

/** Options of {@link PrometheusPullReader}. */
export interface PrometheusPullReaderOptions extends PrometheusTranslateOptions {
  /**
   * Received metrics to expose next to the SDK's (pass-through), read at every scrape.
   * They must be cumulative; delta sums and histograms are left out and reported.
   */
  passThrough?: () => readonly ResourceMetrics[];
  /** Called when a scrape left metrics out (type conflicts, delta data) or a callback failed. */
  onProblems?: (problems: { dropped: DroppedMetric[]; errors: unknown[] }) => void;
}

/** Reads the SDK's metrics on demand and renders them for Prometheus. */
export class PrometheusPullReader extends MetricReader {
  private readonly _options: PrometheusPullReaderOptions;

  constructor(options: PrometheusPullReaderOptions = {}) {
    // Cumulative, as Prometheus wants it, except observable gauges (see current-gauges.ts).
    super({ aggregationTemporalitySelector: currentGaugeTemporality() });
    this._options = options;
  }

  /** Collects and renders one scrape. Rejects once the reader is shut down. */
  async render(): Promise<string> {
    const { resourceMetrics, errors } = await this.collect();
    const all = [sdkMetricsToModel(resourceMetrics), ...(this._options.passThrough?.() ?? [])];
    const { families, dropped } = toPrometheusFamilies(all, this._options);
    if ((dropped.length > 0 || errors.length > 0) && this._options.onProblems) {
      this._options.onProblems({ dropped, errors });
    }
    return writePrometheusText(families);
  }

  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
