/**
 * The service with a write-ahead log that cannot write (an injected ENOSPC): requests are
 * answered 503 (retryable), `/readyz` names the log, and the failures and the event-loop
 * stall are in the self-metrics.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import type { WalFile } from '../../src/wal/wal-writer.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';
import { metric, metricsRequest, numberPoint } from '../series/builders.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durability-service-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function body(i: number): Uint8Array {
  return encodeMetricsProtobuf(
    metricsRequest([
      metric('jobs.done', {
        type: 'sum',
        temporality: AggregationTemporality.DELTA,
        isMonotonic: true,
        points: [numberPoint(100 + i, 1, { start: 99 + i })],
      }),
    ]),
  );
}

describe('service with a failing write-ahead log', () => {
  it('answers 503, turns not ready, and counts the failure', async () => {
    let failing = false;
    const openWalFile = async (path: string): Promise<WalFile> => {
      const handle = await open(path, 'a');
      return {
        write: (data) =>
          failing
            ? Promise.reject(
                Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
              )
            : handle.write(data),
        datasync: () => handle.datasync(),
        close: () => handle.close(),
      };
    };
    const parsed = parseConfig(loopbackServiceYaml(join(dir, 'wal.db')), { file: 'wal.yaml' });
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    const service = createAnalysisService(parsed.value, {
      checkpointIntervalMillis: 0,
      durability: { openWalFile },
    });
    const addresses = await service.start();
    try {
      const post = (i: number) =>
        fetch(`${addresses.otlpHttp}/v1/metrics`, {
          method: 'POST',
          body: body(i),
          headers: { 'content-type': 'application/x-protobuf' },
        });
      expect((await post(1)).status).toBe(200);
      expect((await fetch(`${addresses.api}/readyz`)).status).toBe(200);

      failing = true;
      const refused = await post(2);
      expect(refused.status).toBe(503);
      const ready = await fetch(`${addresses.api}/readyz`);
      expect(ready.status).toBe(503);
      const report = (await ready.json()) as {
        checks: Record<string, { ok: boolean; message: string }>;
      };
      expect(report.checks.wal?.ok).toBe(false);
      expect(report.checks.wal?.message).toMatch(/ENOSPC/);
      // While failed, requests are refused before they are applied.
      expect((await post(3)).status).toBe(503);

      const metrics = await (await fetch(addresses.metrics as string)).text();
      expect(metrics).toMatch(
        /^heterodyne_monitor_wal_failures_total\{error_type="ENOSPC"[^}]*\} 1$/m,
      );
      expect(metrics).toMatch(/^heterodyne_monitor_eventloop_delay_max_seconds(\{[^}]*\})? \d/m);
      // The refused points are counted as unavailable (the client retries), not as a defect.
      expect(metrics).toMatch(
        /^heterodyne_monitor_points_dropped_total\{[^}]*heterodyne_monitor_drop_reason="unavailable"[^}]*\} 1$/m,
      );
    } finally {
      failing = false;
      await service.shutdown();
    }
  });
});
