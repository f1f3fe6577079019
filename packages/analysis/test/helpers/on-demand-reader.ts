/** The OpenTelemetry SDK metric reader the tests collect through. */
import { MetricReader } from '@opentelemetry/sdk-metrics';

/**
 * A reader that collects only when a test calls `collect()`: no timer, no exporter. Options
 * (such as an aggregation temporality selector) go to `MetricReader` unchanged.
 */
export class OnDemandReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
