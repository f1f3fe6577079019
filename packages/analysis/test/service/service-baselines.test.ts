/**
 * The baselines engine and routes inside the running service: the engine is built from the
 * default configuration and listed in the status; `/api/v1/baselines` answers from the
 * service's store, and POSTs save and restore versions through the real HTTP server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { SILENT_LOGGER } from '../../src/service/logger.js';
import { openStore } from '../../src/store/open-store.js';
import { baselineInput } from '../store/fixtures.js';
import { loopbackServiceYaml } from '../helpers/loopback.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'service-baselines-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('baselines in the service', () => {
  it('runs the engine and serves baselines, versions and rollback', async () => {
    const db = join(dir, 's.db');
    const seeded = await openStore(`sqlite:${db}`);
    await seeded.upsertBaseline(baselineInput('k', 1, { p50: 1.5 }));
    await seeded.close();
    const parsed = parseConfig(loopbackServiceYaml(db), { file: 'service.yaml' });
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    const service = createAnalysisService(parsed.value, { logger: SILENT_LOGGER });
    await service.start();
    try {
      const api = service.addresses.api!;
      const status = await service.status();
      expect(status.engines.map((e) => e.name)).toContain('baselines');

      const listed = (await (await fetch(`${api}/api/v1/baselines`)).json()) as {
        returned: number;
      };
      expect(listed.returned).toBe(1);
      const created = await fetch(`${api}/api/v1/baselines/versions`, {
        method: 'POST',
        body: JSON.stringify({ name: 'before-upgrade' }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const rolled = await fetch(`${api}/api/v1/baselines/versions/${id}/rollback`, {
        method: 'POST',
      });
      expect(rolled.status).toBe(200);
      expect(await rolled.json()).toMatchObject({ restored: 1 });
    } finally {
      await service.shutdown();
    }
  });
});
