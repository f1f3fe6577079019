/**
 * Shutdown while a periodic checkpoint is still being written: the final checkpoint must
 * wait for it, or the older snapshot could land last (PostgreSQL writes on several
 * connections) or be written into a store that shutdown already closed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import type * as ServiceCoreModule from '../../src/service/service-core.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';

/** What the wrapped checkpoints did, in order, and the gate holding the first one. */
const events: string[] = [];
let releaseFirst: () => void = () => undefined;

vi.mock('../../src/service/service-core.js', async (importOriginal) => {
  const original = await importOriginal<typeof ServiceCoreModule>();
  return {
    ...original,
    openServiceCore: async (...args: Parameters<typeof original.openServiceCore>) => {
      const core = await original.openServiceCore(...args);
      let calls = 0;
      return {
        ...core,
        async checkpoint(): Promise<number> {
          const call = ++calls;
          const name = call === 1 ? 'periodic' : 'final';
          events.push(`${name} started`);
          if (call === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
          try {
            const saved = await core.checkpoint();
            events.push(`${name} saved`);
            return saved;
          } catch (error) {
            events.push(`${name} failed`);
            throw error;
          }
        },
      };
    },
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'checkpoint-shutdown-'));
  events.length = 0;
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

describe('shutdown during a periodic checkpoint', () => {
  it('waits for the periodic checkpoint before writing the final one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const parsed = parseConfig(loopbackServiceYaml(join(dir, 'race.db')), { file: 'race.yaml' });
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    const service = createAnalysisService(parsed.value, { checkpointIntervalMillis: 5_000 });
    await service.start();
    vi.advanceTimersByTime(5_000);
    expect(events).toEqual(['periodic started']);

    const stopped = service.shutdown();
    // Give an unguarded shutdown every chance to start (and finish) its own checkpoint while
    // the periodic one is held; a guarded one waits for the release below.
    const finalStarted = vi.waitFor(() => expect(events).toContain('final started'), {
      timeout: 500,
    });
    await finalStarted.catch(() => undefined);
    releaseFirst();
    await stopped;
    expect(events).toEqual(['periodic started', 'periodic saved', 'final started', 'final saved']);
  });
});
