import {
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  METRIC_OPTIMIZATION_ITERATIONS,
} from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { recordIterations } from '../../src/optimization/record-iterations.js';
import { histogramPoint, useTelemetry } from '../helpers/telemetry.js';

describe('recordIterations', () => {
  const { telemetry } = useTelemetry();

  it('records iteration counts by operation and method, dropping invalid counts', async () => {
    recordIterations('fit', 40, 'nelder-mead');
    recordIterations('fit', 60, 'nelder-mead');
    recordIterations('fit', 7);
    recordIterations('fit', -1, 'nelder-mead');
    recordIterations('fit', Number.NaN);
    const metric = (await telemetry.metrics()).get(METRIC_OPTIMIZATION_ITERATIONS);
    expect(metric?.descriptor.unit).toBe('{iteration}');
    const nm = histogramPoint(metric, {
      [ATTR_OPERATION_NAME]: 'fit',
      [ATTR_OPTIMIZATION_METHOD]: 'nelder-mead',
    });
    expect([nm?.count, nm?.sum]).toEqual([2, 100]);
    expect(histogramPoint(metric, { [ATTR_OPERATION_NAME]: 'fit' })?.sum).toBe(7);
  });
});
