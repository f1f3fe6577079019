import {
  ATTR_MEMORY_TYPE,
  MEMORY_TYPE_VALUES,
  METRIC_MEMORY_USAGE,
  METRIC_MEMORY_UTILIZATION,
} from '@heterodyne/semconv';
import { metrics } from '@opentelemetry/api';
import type { BatchObservableCallback, Meter } from '@opentelemetry/api';
import { logger, reportInternalError } from '../internal/diag.js';
import { metricOptions } from '../telemetry/instruments.js';
import { SCOPE_NAME, VERSION } from '../version.js';

/** The parts of Node's `process` and `node:v8` the gauges read. */
interface NodeProcess {
  memoryUsage: { rss(): number };
  getBuiltinModule?: (id: string) => unknown;
}
interface V8Module {
  getHeapStatistics(): { used_heap_size: number; heap_size_limit: number };
}

const HEAP_USED = { [ATTR_MEMORY_TYPE]: MEMORY_TYPE_VALUES.HEAP_USED };
const HEAP_LIMIT = { [ATTR_MEMORY_TYPE]: MEMORY_TYPE_VALUES.HEAP_LIMIT };
const RSS = { [ATTR_MEMORY_TYPE]: MEMORY_TYPE_VALUES.RSS };

/**
 * Registers the observable gauges `heterodyne.process.memory.usage` (bytes, with
 * `heterodyne.memory.type` = `heap_used`, `heap_limit`, `rss`) and
 * `heterodyne.process.memory.utilization` (heap used / heap limit, the memory SLI), observed
 * whenever the meter's reader collects. Returns a function that unregisters them.
 *
 * Heap figures come from `v8.getHeapStatistics()` (`heap_size_limit` is the limit V8 enforces,
 * `--max-old-space-size` included), RSS from `process.memoryUsage.rss()`. Node built-ins are
 * loaded only inside this function, so the SDK still loads where they do not exist; there it
 * registers nothing and returns a no-op.
 *
 * @param meter - the meter to register on. Defaults to the SDK's meter from the global meter
 *   provider as registered now: call this after the OpenTelemetry SDK is set up.
 *
 * @example
 * const unregister = registerMemoryGauges();
 * // ... on shutdown:
 * unregister();
 */
export function registerMemoryGauges(meter?: Meter): () => void {
  const proc = (globalThis as { process?: Partial<NodeProcess> }).process;
  if (typeof proc?.memoryUsage?.rss !== 'function') {
    logger.debug('registerMemoryGauges: not running on Node.js; no memory gauges registered');
    return () => {};
  }
  const memoryUsage = proc.memoryUsage;
  let v8: V8Module | undefined;
  try {
    v8 = proc.getBuiltinModule?.('node:v8') as V8Module | undefined;
  } catch (error) {
    reportInternalError('registerMemoryGauges: loading node:v8', error);
  }
  if (v8 === undefined) {
    // Node before 20.16 has no process.getBuiltinModule; heap figures follow once loaded.
    import('node:v8').then(
      (module) => {
        v8 = module as unknown as V8Module;
      },
      (error: unknown) => reportInternalError('registerMemoryGauges: loading node:v8', error),
    );
  }
  const target = meter ?? metrics.getMeter(SCOPE_NAME, VERSION);
  const usage = target.createObservableGauge(
    METRIC_MEMORY_USAGE,
    metricOptions(METRIC_MEMORY_USAGE),
  );
  const utilization = target.createObservableGauge(
    METRIC_MEMORY_UTILIZATION,
    metricOptions(METRIC_MEMORY_UTILIZATION),
  );
  const observe: BatchObservableCallback = (result) => {
    try {
      result.observe(usage, memoryUsage.rss(), RSS);
      if (v8 === undefined) return;
      const heap = v8.getHeapStatistics();
      result.observe(usage, heap.used_heap_size, HEAP_USED);
      result.observe(usage, heap.heap_size_limit, HEAP_LIMIT);
      if (heap.heap_size_limit > 0) {
        result.observe(utilization, heap.used_heap_size / heap.heap_size_limit);
      }
    } catch (error) {
      reportInternalError('memory gauges', error);
    }
  };
  target.addBatchObservableCallback(observe, [usage, utilization]);
  let registered = true;
  return () => {
    if (!registered) return;
    registered = false;
    try {
      target.removeBatchObservableCallback(observe, [usage, utilization]);
    } catch (error) {
      reportInternalError('registerMemoryGauges: unregister', error);
    }
  };
}
