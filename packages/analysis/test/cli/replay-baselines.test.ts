/**
 * The baselines engine end to end through `heterodyne-monitor replay`: recorded OTLP/JSON
 * gauge points go through the pipeline into the series store; the engine, evaluated on the
 * data's own time, builds a baseline, raises a drift finding after a memory rise and stores
 * the baseline and the drift event in the configured SQLite file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/store/open-store.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { fakeIo } from './fake-io.js';

const T0 = Date.UTC(2025, 0, 1) * 1e6; // ns
const METRIC = 'heterodyne.process.memory.usage';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replay-baselines-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function memoryLine(value: number, seconds: number): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fit' } }] },
        scopeMetrics: [
          {
            scope: { name: 'rec' },
            metrics: [
              {
                name: METRIC,
                unit: 'By',
                gauge: {
                  dataPoints: [{ timeUnixNano: String(T0 + seconds * 1e9), asDouble: value }],
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

describe('replay with the baselines engine', () => {
  it('builds a baseline and raises one drift finding after a 60% memory rise', async () => {
    const rand = seededRandom(3);
    const lines: string[] = [];
    for (let i = 0; i < 240; i++) {
      const level = i < 150 ? 100e6 : 160e6;
      lines.push(memoryLine(level * (1 + 0.02 * (rand() - 0.5)), i * 10));
    }
    const data = join(dir, 'metrics.jsonl');
    await writeFile(data, `${lines.join('\n')}\n`);
    const db = join(dir, 'replay.db');
    const file = join(dir, 'monitor.yaml');
    await writeFile(file, `store: sqlite:${db}\nbaselines:\n  metrics: [${METRIC}]\n`);
    const io = fakeIo();
    expect(await runCli(['replay', data, '--config', file], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/drift/);
    expect(out).toMatch(/engine baselines: \d+ evaluations, 1 findings, 1 firing at the end/);

    const store = await openStore(`sqlite:${db}`);
    try {
      const [baseline] = await store.listBaselines();
      expect(baseline).toMatchObject({ metric: METRIC, method: 'robust' });
      expect(baseline!.median).toBeGreaterThan(99e6);
      expect(baseline!.median).toBeLessThan(101e6);
      const events = await store.listDriftEvents();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ metric: METRIC, test: 'mann-whitney' });
      expect(events[0]!.details).toMatchObject({ direction: 'degraded' });
    } finally {
      await store.close();
    }
  });
});
