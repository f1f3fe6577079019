import { ATTR_CACHE_NAME, ATTR_CACHE_RESULT, METRIC_CACHE_REQUESTS } from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { recordCacheAccess } from '../../src/cache/record-cache-access.js';
import { sumPoint, useTelemetry } from '../helpers/telemetry.js';

describe('recordCacheAccess', () => {
  const { telemetry, diagnostics } = useTelemetry({ diag: true });

  it('counts hits and misses per cache name', async () => {
    recordCacheAccess('redis', true);
    recordCacheAccess('redis', true);
    recordCacheAccess('redis', false);
    recordCacheAccess('disk', false);
    const metric = (await telemetry.metrics()).get(METRIC_CACHE_REQUESTS);
    const at = (name: string, result: string): number | undefined =>
      sumPoint(metric, { [ATTR_CACHE_NAME]: name, [ATTR_CACHE_RESULT]: result });
    expect([at('redis', 'hit'), at('redis', 'miss'), at('disk', 'miss')]).toEqual([2, 1, 1]);
  });

  it('drops bad values through diag instead of throwing', async () => {
    expect(() => recordCacheAccess('', true)).not.toThrow();
    expect(() => recordCacheAccess('x', 'yes' as never)).not.toThrow();
    expect((await telemetry.metrics()).get(METRIC_CACHE_REQUESTS)).toBeUndefined();
    expect(diagnostics.messages.filter((m) => m.includes('recordCacheAccess'))).toHaveLength(2);
  });
});
