import {
  ATTR_OPERATION_NAME,
  DURATION_BUCKETS_SECONDS,
  METRIC_COMPILATION_DURATION,
} from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { recordCompilation } from '../../src/compilation/record-compilation.js';
import { histogramPoint, useTelemetry } from '../helpers/telemetry.js';

describe('recordCompilation', () => {
  const { telemetry, diagnostics } = useTelemetry({ diag: true });

  it('records seconds per operation with second-scale buckets', async () => {
    recordCompilation('kernel', 0.42);
    recordCompilation('kernel', 1.5);
    const metric = (await telemetry.metrics()).get(METRIC_COMPILATION_DURATION);
    expect(metric?.descriptor.unit).toBe('s');
    const point = histogramPoint(metric, { [ATTR_OPERATION_NAME]: 'kernel' });
    expect(point?.count).toBe(2);
    expect(point?.sum).toBeCloseTo(1.92, 12);
    expect(point?.buckets.boundaries).toEqual(DURATION_BUCKETS_SECONDS);
  });

  it.each([[-1], [Number.NaN], [Infinity], ['1' as unknown as number]])(
    'drops %s seconds through diag',
    async (seconds) => {
      expect(() => recordCompilation('kernel', seconds)).not.toThrow();
      expect((await telemetry.metrics()).get(METRIC_COMPILATION_DURATION)).toBeUndefined();
      expect(diagnostics.messages.some((m) => m.includes('recordCompilation(kernel)'))).toBe(true);
    },
  );
});
