import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'series-bounds-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An OTLP/JSON gauge request with one point per attribute value. */
function gauges(name: string, values: string[], timeMillis: number): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'flood' } }] },
        scopeMetrics: [
          {
            scope: { name: 's' },
            metrics: [
              {
                name,
                gauge: {
                  dataPoints: values.map((v) => ({
                    attributes: [{ key: 'request_id', value: { stringValue: v } }],
                    timeUnixNano: String(timeMillis * 1e6),
                    asDouble: 1,
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

describe('store-wide series limit in the service', () => {
  it('stores up to max_series over OTLP/HTTP, refuses the rest by reason, and reports them', async () => {
    const yaml = `${loopbackServiceYaml(join(dir, 'b.db'))}processors:\n  queue: {}\n  series:\n    max_series: 3\n`;
    const parsed = parseConfig(yaml, { file: 'service.yaml' });
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    const service = createAnalysisService(parsed.value);
    const addresses = await service.start();
    try {
      const base = (addresses.otlpHttp as string).replace(/^(?!http)/, 'http://');
      const post = (body: string) =>
        fetch(`${base}/v1/metrics`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      const now = Date.now();
      const first = await post(gauges('load', ['a', 'b', 'c', 'd', 'e'], now));
      expect(first.status).toBe(200);
      // Existing series keep accepting points past the limit.
      expect((await post(gauges('load', ['a'], now + 1000))).status).toBe(200);
      const status = await service.status();
      expect(status.series.byMetric).toEqual({ load: 3 });
      expect(status.series.maxSeries).toBe(3);
      expect(status.series.refused).toEqual({ series_limit: 2, memory_limit: 0, too_long: 0 });
      expect(status.dropped).toMatchObject({ series_limit: 2 });
      const metrics = await (await fetch(addresses.metrics as string)).text();
      expect(metrics).toMatch(
        /heterodyne_monitor_series_refused_total\{[^}]*heterodyne_monitor_drop_reason="series_limit"[^}]*\} 2/,
      );
      expect(metrics).toMatch(/heterodyne_monitor_series_limit(_series)?(\{[^}]*\})? 3/);
    } finally {
      await service.shutdown();
    }
  });
});
