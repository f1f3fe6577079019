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
import type { MetricFamily } from './prometheus-text.js';
import { sdkMetricsToModel } from './sdk-metrics-to-model.js';

/**
 * Streams received metrics as exposition text, merging in the reader's own families (`own`,
 * whose `target_info` comes first) by name, and adds what it left out to `dropped`.
 */
export type PassThroughText = (
  own: readonly MetricFamily[],
  dropped: DroppedMetric[],
  options: PrometheusTranslateOptions,
) => AsyncIterable<string>;

/** Options of {@link PrometheusPullReader}. */
export interface PrometheusPullReaderOptions extends PrometheusTranslateOptions {
  /**
   * Received metrics to expose next to the SDK's (pass-through), read at every scrape.
   * They must be cumulative; delta sums and histograms are left out and reported.
   */
  passThrough?: () => readonly ResourceMetrics[];
  /**
   * Received metrics rendered by the caller, streamed (takes the place of `passThrough`):
   * what the service uses for its series store.
   */
  passThroughText?: PassThroughText;
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
    let text = '';
    for await (const chunk of this.renderChunks()) text += chunk;
    return text;
  }

  /**
   * Collects and renders one scrape as chunks of text, returning to the event loop between
   * them when the received metrics are streamed (`passThroughText`).
   */
  async *renderChunks(): AsyncGenerator<string> {
    const { resourceMetrics, errors } = await this.collect();
    const all = [sdkMetricsToModel(resourceMetrics), ...(this._options.passThrough?.() ?? [])];
    const { families, dropped } = toPrometheusFamilies(all, this._options);
    const stream = this._options.passThroughText;
    if (stream) {
      yield* stream(families, dropped, this._options);
    } else {
      yield writePrometheusText(families);
    }
    if ((dropped.length > 0 || errors.length > 0) && this._options.onProblems) {
      this._options.onProblems({ dropped, errors });
    }
  }

  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
