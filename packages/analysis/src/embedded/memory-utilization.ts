/**
 * `heterodyne.process.memory.utilization` (heap used / heap limit, the memory SLI of
 * `@heterodyne/semconv`) on the embedded monitor's own meter, observed at each collection.
 */
import { getHeapStatistics } from 'node:v8';
import { METRIC_MEMORY_UTILIZATION, getMetricDefinition } from '@heterodyne/semconv';
import type { Meter } from '@opentelemetry/api';

/** Registers the gauge on `meter`; returns a function that unregisters it. */
export function registerMemoryUtilization(meter: Meter): () => void {
  const definition = getMetricDefinition(METRIC_MEMORY_UTILIZATION);
  const gauge = meter.createObservableGauge(METRIC_MEMORY_UTILIZATION, {
    description: definition?.description ?? 'Heap used / heap limit',
    unit: definition?.unit ?? '1',
  });
  const observe = (result: { observe(value: number): void }): void => {
    const heap = getHeapStatistics();
    if (heap.heap_size_limit > 0) result.observe(heap.used_heap_size / heap.heap_size_limit);
  };
  gauge.addCallback(observe);
  return () => gauge.removeCallback(observe);
}
