/**
 * Self-telemetry of the finding log's persistence: findings written, failed writes (by
 * `error.type`), findings dropped from a full write queue, and the queue's length.
 */
import {
  ATTR_ERROR_TYPE,
  METRIC_MONITOR_FINDINGS_WRITE_DROPPED,
  METRIC_MONITOR_FINDINGS_WRITE_FAILURES,
  METRIC_MONITOR_FINDINGS_WRITE_PENDING,
  METRIC_MONITOR_FINDINGS_WRITTEN,
  MONITOR_FINDINGS_METRICS,
} from '@heterodyne/semconv';
import type { Meter } from '@opentelemetry/api';

/** The hooks the runtime's finding writer reports to. */
export interface FindingStoreMetrics {
  onWritten(count: number): void;
  onWriteFailed(error: unknown): void;
  onDropped(count: number): void;
  /** Reports the queue length from `read` at each collection, until `stop()`. */
  observePending(read: () => number | undefined): void;
  /** Stops observing the queue. */
  stop(): void;
}

function definition(name: string): { description: string; unit: string } {
  const d = MONITOR_FINDINGS_METRICS.find((m) => m.name === name)!;
  return { description: d.description, unit: d.unit };
}

/** Creates the instruments on `meter` (none without one: the hooks do nothing). */
export function createFindingStoreMetrics(meter: Meter | undefined): FindingStoreMetrics {
  const written = meter?.createCounter(
    METRIC_MONITOR_FINDINGS_WRITTEN,
    definition(METRIC_MONITOR_FINDINGS_WRITTEN),
  );
  const failures = meter?.createCounter(
    METRIC_MONITOR_FINDINGS_WRITE_FAILURES,
    definition(METRIC_MONITOR_FINDINGS_WRITE_FAILURES),
  );
  const dropped = meter?.createCounter(
    METRIC_MONITOR_FINDINGS_WRITE_DROPPED,
    definition(METRIC_MONITOR_FINDINGS_WRITE_DROPPED),
  );
  const pending = meter?.createObservableUpDownCounter(
    METRIC_MONITOR_FINDINGS_WRITE_PENDING,
    definition(METRIC_MONITOR_FINDINGS_WRITE_PENDING),
  );
  let read: (() => number | undefined) | undefined;
  const observe = (result: { observe(value: number): void }): void => {
    const value = read?.();
    if (value !== undefined) result.observe(value);
  };
  return {
    onWritten: (count) => written?.add(count),
    onWriteFailed(error) {
      const type = error instanceof Error ? error.name : 'Error';
      failures?.add(1, { [ATTR_ERROR_TYPE]: type });
    },
    onDropped: (count) => dropped?.add(count),
    observePending(reader) {
      read = reader;
      pending?.addCallback(observe);
    },
    stop() {
      pending?.removeCallback(observe);
      read = undefined;
    },
  };
}
