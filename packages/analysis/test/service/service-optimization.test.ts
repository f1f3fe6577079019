/**
 * The optimization engine inside the running service: cache lookups sent as OTLP over HTTP
 * become an opportunity that `/api/v1/opportunities` lists, `/api/v1/findings` reports as an
 * informational finding, and `/metrics` exports under the semconv names.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { SILENT_LOGGER } from '../../src/service/logger.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';
import { manualTimer } from '../helpers/manual-timer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'service-optimization-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function lookups(timeMillis: number, hits: number, misses: number): string {
  const point = (result: string, n: number) => ({
    attributes: [
      { key: 'heterodyne.cache.name', value: { stringValue: 'correlation' } },
      { key: 'heterodyne.cache.result', value: { stringValue: result } },
    ],
    startTimeUnixNano: String((timeMillis - 10_000) * 1e6),
    timeUnixNano: String(timeMillis * 1e6),
    asInt: String(n),
  });
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'xpcs-fit' } }] },
        scopeMetrics: [
          {
            scope: { name: '@heterodyne/sdk' },
            metrics: [
              {
                name: 'heterodyne.cache.requests',
                unit: '{request}',
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [point('hit', hits), point('miss', misses)],
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

describe('optimization in the service', () => {
  it('turns received cache lookups into an opportunity in the API, findings and /metrics', async () => {
    const T0 = 1_700_000_040_000; // a minute boundary: the engine's next one is a minute later
    let now = T0;
    const timer = manualTimer();
    const yaml = `${loopbackServiceYaml(join(dir, 's.db'))}optimization:\n  evaluation_interval: 1m\n  window: 5m\n`;
    const parsed = parseConfig(yaml, { file: 'service.yaml' });
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    const service = createAnalysisService(parsed.value, {
      logger: SILENT_LOGGER,
      clock: { now: () => now },
      schedulerTimer: timer,
    });
    const addresses = await service.start();
    try {
      for (const t of [T0 - 10_000, T0]) {
        const res = await fetch(`${addresses.otlpHttp}/v1/metrics`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: lookups(t, 200, 300),
        });
        expect(res.status).toBe(200);
      }
      now = T0 + 60_000;
      await timer.fire();

      const status = await service.status();
      expect(status.engines.find((e) => e.name === 'optimization')).toMatchObject({
        healthy: true,
        detail: { opportunities: 1 },
      });
      const listed = (await (await fetch(`${addresses.api}/api/v1/opportunities`)).json()) as {
        opportunities: Array<Record<string, unknown>>;
      };
      expect(listed.opportunities).toMatchObject([
        {
          id: 'cache_tuning:correlation',
          status: 'open',
          evidence: { values: { hits: 400, misses: 600, hitRate: 0.4 } },
        },
      ]);
      const findings = (await (
        await fetch(`${addresses.api}/api/v1/findings?engine=optimization`)
      ).json()) as { firing: number; findings: Array<Record<string, unknown>> };
      expect(findings.firing).toBe(1);
      expect(findings.findings[0]).toMatchObject({ kind: 'opportunity', severity: 'info' });
      // Automatic remediation is off by default: the opportunity is only recommended.
      const audit = (await (await fetch(`${addresses.api}/api/v1/remediations/audit`)).json()) as {
        entries: Array<{ event: string; reason: string }>;
      };
      expect(audit.entries.map((e) => e.event)).toEqual(['recommended']);
      expect(audit.entries[0]!.reason).toContain('auto_remediation_enabled is false');
      const metrics = await (await fetch(`${addresses.api}/metrics`)).text();
      expect(metrics).toMatch(
        /heterodyne_opportunity_active\{[^}]*heterodyne_opportunity_category="algorithm"[^}]*\} 1/,
      );
      expect(metrics).toMatch(
        /heterodyne_remediation_actions_total\{[^}]*heterodyne_remediation_outcome="recommended"[^}]*\} 1/,
      );
    } finally {
      await service.shutdown();
    }
  });
});
