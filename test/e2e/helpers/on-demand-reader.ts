import { MetricReader } from '@opentelemetry/sdk-metrics';

/** A metric reader that collects only when a test calls `collect()`: no timer, no exporter. */
export class OnDemandReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
