/**
 * `heterodyne-monitor replay` computes the same SLO history and findings as a live service
 * given the same OTLP: the same exports go to a running service (real OTLP/HTTP receiver,
 * injected clock, manual scheduler timer) and, as recorded files, through replay; the
 * stored per-group history of both stores is equal, burn alert included.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayCommand } from '../../../src/cli/replay-command.js';
import { parseConfig } from '../../../src/config/load-config.js';
import { createAnalysisService } from '../../../src/service/analysis-service.js';
import { openStore } from '../../../src/store/open-store.js';
import { fakeIo } from '../../cli/fake-io.js';
import { trafficRequest } from './otlp-traffic.js';
import type { Totals } from './otlp-traffic.js';
import { manualTimer } from '../../helpers/manual-timer.js';

const INTERVAL = 10_000;
const T0 = Date.UTC(2026, 3, 1, 8);
const EXPORTS = 30; // one every 10 s, 5 s after each boundary: 5 minutes

/** Exports: 100 operations each; 10 % errors from export 10 to 15, 1 % otherwise. */
function exportsOf(): { timeMillis: number; bytes: Uint8Array }[] {
  const totals: Totals = { ops: 0, errors: 0, buckets: [0, 0, 0, 0] };
  return Array.from({ length: EXPORTS }, (_, k) => {
    const i = k + 1;
    totals.ops += 100;
    totals.errors += i >= 10 && i <= 15 ? 10 : 1;
    totals.buckets = [totals.buckets[0] + 100, 0, 0, 0];
    const timeMillis = T0 + i * INTERVAL + 5000;
    return { timeMillis, bytes: trafficRequest(totals, timeMillis, T0) };
  });
}

function yaml(db: string): string {
  return [
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      http: { endpoint: 127.0.0.1:0 }',
    'api: { endpoint: 127.0.0.1:0 }',
    `store: sqlite:${db}`,
    'slo:',
    '  builtin: false',
    '  evaluation_interval: 10s',
    '  history_interval: 0s',
    '  window: 1h',
    '  alert_windows:',
    '    - { severity: page, long: 60s, short: 20s, budget_consumed: 0.05 }',
    '  objectives:',
    '    app_errors:',
    '      objective: 0.98',
    '      ratio: { total: { metric: app.ops }, bad: { metric: app.errors } }',
    '',
  ].join('\n');
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slo-replay-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function history(db: string) {
  const store = await openStore(`sqlite:${db}`);
  try {
    const records = await store.listSloHistory({ limit: 10_000 });
    return records.map(({ id: _id, ...rest }) => rest).reverse();
  } finally {
    await store.close();
  }
}

describe('SLO engine under replay', () => {
  it('stores the same history as the live service for the same data', async () => {
    const exports = exportsOf();
    const parsed = parseConfig(yaml(join(dir, 'live.db')), { file: 'live.yaml' });
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    let now = T0;
    const timer = manualTimer();
    const service = createAnalysisService(parsed.value, {
      clock: { now: () => now },
      schedulerTimer: timer,
    });
    const addresses = await service.start();
    let liveFindings: { kind: string; state: string; startsAtMillis: number }[] = [];
    try {
      let boundary = T0 + INTERVAL;
      for (const e of exports) {
        for (; boundary < e.timeMillis; boundary += INTERVAL) {
          now = boundary;
          await timer.fire();
        }
        now = e.timeMillis;
        const res = await fetch(`${addresses.otlpHttp as string}/v1/metrics`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: e.bytes,
        });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      const body = (await (
        await fetch(`${addresses.api as string}/api/v1/findings?engine=slo`)
      ).json()) as {
        findings: typeof liveFindings;
      };
      liveFindings = body.findings.map(({ kind, state, startsAtMillis }) => ({
        kind,
        state,
        startsAtMillis,
      }));
    } finally {
      await service.shutdown();
    }

    const files: string[] = [];
    for (const [i, e] of exports.entries()) {
      const file = join(dir, `metrics-${String(i).padStart(3, '0')}.pb`);
      await writeFile(file, e.bytes);
      files.push(file);
    }
    const configFile = join(dir, 'replay.yaml');
    await writeFile(configFile, yaml(join(dir, 'replay.db')));
    const io = fakeIo();
    expect(await replayCommand(['--config', configFile, ...files], io)).toBe(0);

    const live = await history(join(dir, 'live.db'));
    const replayed = await history(join(dir, 'replay.db'));
    // One record per evaluation with data: boundaries T0 + 20 s ... T0 + 300 s.
    expect(live.map((r) => r.recordedAt)).toEqual(
      Array.from({ length: EXPORTS }, (_, i) => T0 + (i + 2) * INTERVAL).slice(0, live.length),
    );
    expect(live.length).toBeGreaterThanOrEqual(EXPORTS - 1);
    expect(replayed).toEqual(live);
    // The 10 % burst burns at 5x against a 2 % budget: the compressed page row fires.
    expect(liveFindings.map((f) => f.kind)).toContain('slo.burn_rate.page');
    expect(io.out()).toContain('finding firing');
  });
});
