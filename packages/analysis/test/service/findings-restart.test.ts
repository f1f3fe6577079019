/**
 * The service's findings survive a graceful restart on its SQLite store: a condition raised
 * before it is listed by `GET /api/v1/findings` after it, still firing, and one resolved
 * before it stays resolved; the writes are counted on `/metrics`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingView } from '../../src/api/types.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { AnalysisConfig } from '../../src/config/types.js';
import type { Engine } from '../../src/engines/engine.js';
import type { Finding } from '../../src/engines/findings.js';
import type { EngineFactory } from '../../src/engines/registry.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';
import { manualTimer } from '../helpers/manual-timer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'findings-restart-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function config(text: string): AnalysisConfig {
  const parsed = parseConfig(text, { file: 'service.yaml' });
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  return parsed.value;
}

/** An engine that emits, at each evaluation, the next entry of `script` (nothing after it). */
function scriptedEngine(script: Finding[][]): Engine {
  return {
    name: 'watch',
    keepsFiringState: true,
    intervalMillis: 15_000,
    evaluate(_at, context) {
      for (const f of script.shift() ?? []) context.emit(f);
    },
    report: () => ({ name: 'watch', healthy: true }),
  };
}

const T0 = 1_700_000_010_000;
function finding(id: string, state: 'firing' | 'resolved'): Finding {
  return {
    engine: 'watch',
    kind: 'watch.threshold',
    severity: 'warning',
    state,
    labels: { series: id },
    summary: `${id} is ${state === 'firing' ? 'above' : 'back under'} its limit`,
    value: 3.5,
    threshold: 3,
    startsAtMillis: T0,
    ...(state === 'resolved' ? { endsAtMillis: T0 + 15_000 } : {}),
  };
}

interface FindingsReply {
  findings: FindingView[];
  firing: number;
}

/** Runs the service through `boundaries` (ms after 1_700_000_000_000), reading the API first. */
async function runService(db: string, script: Finding[][], boundaries: number[]) {
  let now = 1_700_000_000_000;
  const timer = manualTimer();
  const factory: EngineFactory = () => [scriptedEngine(script)];
  const service = createAnalysisService(config(loopbackServiceYaml(db)), {
    clock: { now: () => now },
    schedulerTimer: timer,
    engineFactories: [factory],
  });
  const addresses = await service.start();
  try {
    const before = (await (
      await fetch(`${addresses.api}/api/v1/findings?engine=watch`)
    ).json()) as FindingsReply;
    for (const offset of boundaries) {
      now = 1_700_000_000_000 + offset;
      await timer.fire();
    }
    const after = (await (
      await fetch(`${addresses.api}/api/v1/findings?engine=watch`)
    ).json()) as FindingsReply;
    const firing = (await (
      await fetch(`${addresses.api}/api/v1/findings?engine=watch&state=firing`)
    ).json()) as FindingsReply;
    const metrics = await (await fetch(`${addresses.api}/metrics`)).text();
    return { before, after, firing, metrics };
  } finally {
    await service.shutdown();
  }
}

describe('findings across a graceful restart', () => {
  it('lists a finding raised before the restart after it, still firing; a resolved one stays resolved', async () => {
    const db = join(dir, 'findings.db');
    const first = await runService(
      db,
      [[finding('fit', 'firing'), finding('load', 'firing')], [finding('load', 'resolved')]],
      [10_000, 25_000],
    );
    expect(first.before).toMatchObject({ findings: [], firing: 0 });
    expect(first.after.findings.map((f) => f.summary)).toEqual([
      'load is back under its limit',
      'load is above its limit',
      'fit is above its limit',
    ]);
    expect(first.after.firing).toBe(1);
    expect(first.metrics).toMatch(/^heterodyne_monitor_findings_written_total(\{[^}]*\})? 3$/m);

    // Restarted: the engine has nothing new to say, yet the history and the firing set are back.
    const second = await runService(db, [], [10_000]);
    expect(second.before).toEqual(first.after);
    expect(second.after).toEqual(first.after);
    expect(second.firing.findings.map((f) => [f.labels.series, f.state])).toEqual([
      ['load', 'firing'],
      ['fit', 'firing'],
    ]);
    expect(second.firing.firing).toBe(1);
    const fit = second.after.findings.find((f) => f.labels.series === 'fit');
    expect(fit).toMatchObject({
      severity: 'warning',
      value: 3.5,
      threshold: 3,
      startsAt: new Date(T0).toISOString(),
    });
  });
});
