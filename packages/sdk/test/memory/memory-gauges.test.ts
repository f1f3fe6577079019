import {
  ATTR_MEMORY_TYPE,
  METRIC_MEMORY_USAGE,
  METRIC_MEMORY_UTILIZATION,
} from '@heterodyne/semconv';
import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { registerMemoryGauges } from '../../src/memory/memory-gauges.js';
import { createProviders, points, useTelemetry } from '../helpers/telemetry.js';

describe('registerMemoryGauges', () => {
  const { telemetry } = useTelemetry();

  it('observes heap used, heap limit and RSS in bytes, and heap utilization', async () => {
    const unregister = registerMemoryGauges();
    const metrics = await telemetry.metrics();
    unregister();
    const usage = metrics.get(METRIC_MEMORY_USAGE);
    expect(usage?.descriptor.unit).toBe('By');
    const byType = new Map(
      points<number>(usage).map((p) => [p.attributes[ATTR_MEMORY_TYPE], p.value]),
    );
    expect([...byType.keys()].sort()).toEqual(['heap_limit', 'heap_used', 'rss']);
    // The heap limit is fixed for the process: it must equal V8's own figure.
    expect(byType.get('heap_limit')).toBe(getHeapStatistics().heap_size_limit);
    const heapUsed = byType.get('heap_used') as number;
    expect(heapUsed).toBeGreaterThan(0);
    expect(byType.get('rss')).toBeGreaterThan(heapUsed);
    const utilization = points<number>(metrics.get(METRIC_MEMORY_UTILIZATION));
    expect(metrics.get(METRIC_MEMORY_UTILIZATION)?.descriptor.unit).toBe('1');
    expect(utilization).toHaveLength(1);
    expect(utilization[0]?.value).toBeCloseTo(heapUsed / getHeapStatistics().heap_size_limit, 2);
  });

  it('stops observing after unregistering', async () => {
    const unregister = registerMemoryGauges();
    unregister();
    unregister();
    const metrics = await telemetry.metrics();
    expect(points(metrics.get(METRIC_MEMORY_USAGE))).toHaveLength(0);
  });

  it('registers on a given meter', async () => {
    const providers = createProviders();
    const unregister = registerMemoryGauges(providers.meterProvider.getMeter('custom'));
    const metrics = await providers.metrics();
    unregister();
    await providers.meterProvider.shutdown();
    expect(points(metrics.get(METRIC_MEMORY_USAGE))).toHaveLength(3);
    expect(points((await telemetry.metrics()).get(METRIC_MEMORY_USAGE))).toHaveLength(0);
  });
});
