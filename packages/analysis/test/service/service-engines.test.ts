/**
 * Engines inside the running service: built from the factories with the store, evaluated by
 * the scheduler, listed in the status with their schedules, shut down after the receivers
 * and before the store closes; and the start-up warnings for sections nothing acts on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { AnalysisConfig } from '../../src/config/types.js';
import type { Engine } from '../../src/engines/engine.js';
import type { EngineFactory } from '../../src/engines/registry.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { openStore } from '../../src/store/open-store.js';
import type { CheckpointStore } from '../../src/store/types.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';
import { manualTimer } from '../helpers/manual-timer.js';
import { recordingLogger } from '../helpers/recording-logger.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'service-engines-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function config(text: string): AnalysisConfig {
  const parsed = parseConfig(text, { file: 'service.yaml' });
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  return parsed.value;
}

/**
 * An engine that counts evaluations into a checkpoint of its own: it depends on the
 * checkpoint domain only, loads its count at start and saves it at shutdown.
 */
function countingEngine(store: CheckpointStore, fail: () => boolean): Engine {
  let count = 0;
  return {
    name: 'counting',
    intervalMillis: 15_000,
    async start() {
      const saved = await store.getCheckpoint('counting');
      count = (saved?.data as { count: number } | undefined)?.count ?? 0;
    },
    evaluate(at, context) {
      if (fail()) throw new RangeError('cannot count today');
      count++;
      context.emit({
        engine: 'counting',
        kind: 'counting.tick',
        severity: 'info',
        state: 'firing',
        labels: {},
        summary: `evaluation ${count}`,
        startsAtMillis: at,
      });
    },
    report: () => ({ name: 'counting', healthy: true, detail: { count } }),
    async shutdown() {
      await store.putCheckpoint({ key: 'counting', version: 1, data: { count } });
    },
  };
}

describe('engines in the service', () => {
  it('evaluates, reports, lists findings, and persists at shutdown before the store closes', async () => {
    const db = join(dir, 'engines.db');
    let failing = false;
    const factory: EngineFactory = (_config, deps) => [countingEngine(deps.store, () => failing)];
    const run = async (boundaries: number[]) => {
      let now = 1_700_000_000_000;
      const timer = manualTimer();
      const service = createAnalysisService(config(loopbackServiceYaml(db)), {
        clock: { now: () => now },
        schedulerTimer: timer,
        engineFactories: [factory],
      });
      const addresses = await service.start();
      try {
        for (const offset of boundaries) {
          now = 1_700_000_000_000 + offset;
          await timer.fire();
        }
        const status = await service.status();
        const res = await fetch(`${addresses.api}/api/v1/findings?engine=counting`);
        return { status, findings: (await res.json()) as { returned: number; firing: number } };
      } finally {
        await service.shutdown();
      }
    };
    // 1_700_000_000_000 is 5 s past a 15 s boundary: the first is 10 s later.
    const first = await run([10_000, 25_000, 40_000]);
    expect(first.status.engines).toMatchObject([
      {
        name: 'counting',
        healthy: true,
        detail: { count: 3 },
        schedule: {
          evaluations: 3,
          failures: 0,
          skipped: 0,
          lastBoundaryMillis: 1_700_000_040_000,
        },
      },
    ]);
    expect(first.findings).toMatchObject({ returned: 3, firing: 1 });
    expect(first.status.components.map((c) => c.name)).toEqual([
      'telemetry',
      'store',
      'housekeeping',
      'checkpoint',
      'retention',
      'alerting',
      'engines',
      'api',
      'receivers',
    ]);
    const components = Object.fromEntries(first.status.components.map((c) => [c.name, c]));
    expect(components.api?.report).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    expect(components.receivers?.report).toEqual({
      'otlp (http)': expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      'otlp (grpc)': expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    });
    expect(components.checkpoint).toMatchObject({ healthy: true, report: { intervalSeconds: 60 } });
    const store = await openStore(`sqlite:${db}`);
    expect((await store.getCheckpoint('counting'))?.data).toEqual({ count: 3 });
    await store.close();

    // Restarted: the engine loads its state; a failing evaluation marks it unhealthy.
    failing = true;
    const second = await run([10_000]);
    expect(second.status.engines[0]).toMatchObject({
      healthy: false,
      detail: { count: 3 },
      schedule: { evaluations: 1, failures: 1, lastError: 'cannot count today' },
    });
    expect(second.status.components.find((c) => c.name === 'engines')).toEqual({
      name: 'engines',
      healthy: false,
      message: 'unhealthy engines: counting',
      // The three findings of the first run came back from the store; the counting engine
      // keeps no firing state across a restart, so its condition is history, not firing.
      report: {
        engines: 1,
        findings: {
          recorded: 0,
          restored: 3,
          kept: 3,
          dropped: 0,
          persisted: {
            written: 0,
            pending: 0,
            failures: 0,
            dropped: 0,
            restored: { recent: 3, firing: 0 },
          },
        },
        findingsLimit: 1000,
      },
    });
  });

  it('drives engines on real timers and the system clock by default', async () => {
    const evaluatedAt: number[] = [];
    const fast: EngineFactory = () => [
      {
        name: 'fast',
        intervalMillis: 20,
        evaluate: (at) => {
          evaluatedAt.push(at);
        },
        report: () => ({ name: 'fast', healthy: true }),
      },
    ];
    const service = createAnalysisService(config(loopbackServiceYaml(join(dir, 'real.db'))), {
      engineFactories: [fast],
    });
    await service.start();
    try {
      await vi.waitFor(() => expect(evaluatedAt.length).toBeGreaterThanOrEqual(3), {
        timeout: 5_000,
      });
    } finally {
      await service.shutdown();
    }
    // Boundaries of the 20 ms interval, increasing; none evaluated twice.
    expect(evaluatedAt.every((t) => t % 20 === 0)).toBe(true);
    expect(new Set(evaluatedAt).size).toBe(evaluatedAt.length);
    expect([...evaluatedAt].sort((a, b) => a - b)).toEqual(evaluatedAt);
  });

  it('names the engine that cannot start, and releases what the service opened', async () => {
    const db = join(dir, 'broken.db');
    const broken: EngineFactory = () => [
      {
        name: 'broken',
        intervalMillis: 15_000,
        start: () => Promise.reject(new Error('its history is unreadable')),
        evaluate: () => undefined,
        report: () => ({ name: 'broken', healthy: false }),
      },
    ];
    const service = createAnalysisService(config(loopbackServiceYaml(db)), {
      engineFactories: [broken],
    });
    await expect(service.start()).rejects.toThrow(
      /^engine broken: start failed: its history is unreadable$/,
    );
    await service.shutdown();
    const again = createAnalysisService(config(loopbackServiceYaml(db)));
    await again.start();
    await again.shutdown();
  });

  it('refuses two engines with one name', async () => {
    const twice: EngineFactory = (_c, deps) => [
      countingEngine(deps.store, () => false),
      countingEngine(deps.store, () => false),
    ];
    const service = createAnalysisService(config(loopbackServiceYaml(join(dir, 'twice.db'))), {
      engineFactories: [twice],
    });
    await expect(service.start()).rejects.toThrow('engines: two engines are named "counting"');
    await service.shutdown();
  });

  it('does not warn about the analytics and optimization sections, which engines act on', async () => {
    const logger = recordingLogger();
    const text = `${loopbackServiceYaml(join(dir, 'w.db'))}analytics: {}\noptimization: {}\n`;
    const service = createAnalysisService(config(text), { logger });
    await service.start();
    await service.shutdown();
    const warnings = logger.lines.filter((l) => l.startsWith('warn '));
    expect(warnings).toEqual([]);
  });
});
