/**
 * A replay reproduces what a live service computed: the same recorded OTLP requests are sent
 * to a running service (real OTLP/HTTP receiver on loopback, injected clock, manual
 * scheduler timer) and replayed with `heterodyne-monitor replay`; the engine sees the same
 * values at the same interval boundaries and raises the same findings in both.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayCommand } from '../../src/cli/replay-command.js';
import { parseConfig } from '../../src/config/load-config.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import type { MetricsRequest } from '../../src/otlp/model.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { fakeIo } from '../cli/fake-io.js';
import { windowSumFactory } from './window-sum-engine.js';
import { manualTimer } from '../helpers/manual-timer.js';

const INTERVAL = 10_000;
const T0 = Date.UTC(2025, 0, 1, 12); // producer start, a multiple of the interval (ms)
const STEP = 4_000; // one export every 4 s
const EXPORTS = 45; // 3 minutes

/** Increments per export: 1, and 5 during a burst from 60 s to 100 s. */
function increment(seconds: number): number {
  return seconds > 60 && seconds <= 100 ? 5 : 1;
}

/** The cumulative counter of two hosts at export `i` (1-based), as one request. */
function exportAt(i: number): { timeMillis: number; bytes: Uint8Array } {
  const timeMillis = T0 + i * STEP;
  let total = 0;
  for (let k = 1; k <= i; k++) total += increment((k * STEP) / 1000);
  const point = (host: string, value: number) => ({
    attributes: { host },
    startTimeUnixNano: T0 * 1e6,
    timeUnixNano: timeMillis * 1e6,
    flags: 0,
    value,
    isInt: true,
  });
  const request: MetricsRequest = {
    resourceMetrics: [
      {
        resource: { attributes: { 'service.name': 'recorded' }, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { name: 'rec', version: '', attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics: [
              {
                name: 'rec.errors',
                description: '',
                unit: '{error}',
                data: {
                  type: 'sum',
                  temporality: 2,
                  isMonotonic: true,
                  points: [point('a', total), point('b', 2 * total)],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  return { timeMillis, bytes: encodeMetricsProtobuf(request) };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replay-equivalence-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function yaml(db: string): string {
  return [
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      http: { endpoint: 127.0.0.1:0 }',
    'api: { endpoint: 127.0.0.1:0 }',
    `store: sqlite:${db}`,
    '',
  ].join('\n');
}

const ENGINE = {
  metric: 'rec.errors',
  intervalMillis: INTERVAL,
  windowMillis: 30_000,
  threshold: 25,
};

describe('replay runs the engines on the data timestamps', () => {
  it('computes the same evaluations and findings as a live service given the same data', async () => {
    const exports = Array.from({ length: EXPORTS }, (_, i) => exportAt(i + 1));

    // Live: the clock moves to each boundary (the timer fires) and to each export's time.
    const live = windowSumFactory(ENGINE);
    const parsed = parseConfig(yaml(join(dir, 'live.db')), { file: 'live.yaml' });
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    let now = T0;
    const timer = manualTimer();
    const service = createAnalysisService(parsed.value, {
      clock: { now: () => now },
      schedulerTimer: timer,
      engineFactories: [live],
      checkpointIntervalMillis: 0,
    });
    const addresses = await service.start();
    let liveFindings: unknown;
    let liveStatus;
    try {
      let boundary = T0 + INTERVAL;
      for (const e of exports) {
        for (; boundary < e.timeMillis; boundary += INTERVAL) {
          now = boundary;
          await timer.fire();
        }
        now = e.timeMillis;
        const res = await fetch(`${addresses.otlpHttp}/v1/metrics`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: e.bytes,
        });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      await timer.fire(); // the boundary at or before the last export, if not yet evaluated
      const findings = await fetch(`${addresses.api}/api/v1/findings?limit=100`);
      liveFindings = ((await findings.json()) as { findings: unknown[] }).findings;
      liveStatus = await service.status();
    } finally {
      await service.shutdown();
    }

    // Replay: the recorded requests, one protobuf file each, in order.
    const files: string[] = [];
    for (const [i, e] of exports.entries()) {
      const file = join(dir, `metrics-${String(i).padStart(3, '0')}.pb`);
      await writeFile(file, e.bytes);
      files.push(file);
    }
    const configFile = join(dir, 'replay.yaml');
    await writeFile(configFile, yaml(join(dir, 'replay.db')));
    const replayed = windowSumFactory(ENGINE);
    const io = fakeIo();
    const code = await replayCommand(['--config', configFile, ...files], io, {
      engineFactories: [replayed],
    });
    expect(io.err()).not.toContain('error');
    expect(code).toBe(0);

    const [liveEngine] = live.made;
    const [replayEngine] = replayed.made;
    if (!liveEngine || !replayEngine) throw new Error('the engines were not built');
    // Every boundary from T0 + 10 s to the last export (180 s), once, in order.
    expect(liveEngine.evaluations.map((e) => e.atMillis)).toEqual(
      Array.from({ length: 18 }, (_, i) => T0 + (i + 1) * INTERVAL),
    );
    expect(replayEngine.evaluations).toEqual(liveEngine.evaluations);
    // The burst is seen: both hosts' increments over the window cross the threshold.
    expect(Math.max(...liveEngine.evaluations.map((e) => e.windowSum))).toBeGreaterThan(25);
    expect(liveEngine.emitted.map((f) => f.state)).toEqual(['firing', 'resolved']);
    expect(replayEngine.emitted).toEqual(liveEngine.emitted);
    // The runtime kept and served what the engine emitted (newest first).
    expect(liveFindings).toMatchObject(
      [...liveEngine.emitted]
        .reverse()
        .map((f) => ({ ...f, startsAt: new Date(f.startsAtMillis).toISOString() })),
    );
    expect(liveStatus?.engines).toMatchObject([
      {
        name: 'window-sum',
        healthy: true,
        lastEvaluationMillis: T0 + 180_000,
        schedule: { evaluations: 18, skipped: 0, failures: 0, intervalSeconds: 10 },
      },
    ]);
    // The replay logs each finding at its data time and sums up per engine.
    expect(io.out()).toContain(
      `${new Date(liveEngine.emitted[0]!.startsAtMillis).toISOString()} warn finding firing`,
    );
    expect(io.out()).toContain(
      'engine window-sum: 18 evaluations, 2 findings, 0 firing at the end',
    );
  });

  it('replays the data even when an engine cannot start, and says so with exit code 1', async () => {
    const file = join(dir, 'metrics-000.pb');
    await writeFile(file, exportAt(1).bytes);
    const configFile = join(dir, 'broken.yaml');
    await writeFile(configFile, yaml(join(dir, 'broken.db')));
    const io = fakeIo();
    const code = await replayCommand(['--config', configFile, file], io, {
      engineFactories: [
        () => [
          {
            name: 'broken',
            intervalMillis: INTERVAL,
            start: () => Promise.reject(new Error('its history is unreadable')),
            evaluate: () => undefined,
            report: () => ({ name: 'broken', healthy: false }),
          },
        ],
      ],
    });
    expect(code).toBe(1);
    expect(io.err()).toContain(
      'replay: engines: an engine failed to start: engine broken: start failed: its history is unreadable',
    );
    expect(io.out()).toContain('2 points accepted');
    expect(io.out()).toMatch(/series checkpoint: 2 series saved/);
  });
});
