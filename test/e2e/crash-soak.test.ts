/**
 * Soak: concurrent clients keep sending (valid requests and garbage) while the service is
 * killed with `kill -9` at seeded random moments and restarted, several times. Every request
 * answered 200 before a kill must be there afterwards, exactly once; requests cut off by the
 * kill may or may not be there (they were never acknowledged); garbage is refused with 400
 * and stores nothing. `SOAK_CYCLES` sets the number of kills (default 3).
 */
import { describe, expect, it } from 'vitest';
import { seededBytes, seededRandom } from '../../packages/analysis/test/helpers/seeded-random.js';
import { useCleanup } from './helpers/cleanup.js';
import { seriesOf } from './helpers/api.js';
import { config, kill9, nanos, send, serve, sumRequest } from './helpers/serve-child.js';
import type { Child } from './helpers/serve-child.js';
import { tempDir } from './helpers/service.js';

const cleanup = useCleanup();
const CYCLES = Number(process.env.SOAK_CYCLES ?? 3);
const CLIENTS = 8;

describe('crash soak', () => {
  it('loses no acknowledged request across repeated kill -9 under concurrent load', async () => {
    const { dir, remove } = await tempDir('e2e-soak-');
    cleanup.push(remove);
    const file = await config(dir, '1s');
    const random = seededRandom(20_261_206);
    const acknowledged = new Set<string>();
    let garbageRefused = 0;
    let sent = 0;
    const start = Date.now();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const child: Child = await serve(file, cleanup);
      let running = true;
      const clients = Array.from({ length: CLIENTS }, async (_, c) => {
        for (let n = 0; running; n++) {
          const id = `${cycle}-${c}-${n}`;
          if (random() < 0.1) {
            const status = await post(child, seededBytes(sent++, 64)).catch(() => 0);
            if (status === 400) garbageRefused++;
            continue;
          }
          const t = nanos(start + sent++);
          const status = await send(
            child,
            sumRequest('soak.requests', 1, 1, t - 1000n, t, { request: id }),
          ).catch(() => 0); // the connection dies with the process
          if (status === 200) acknowledged.add(id);
        }
      });
      await new Promise((r) => setTimeout(r, 300 + random() * 700));
      await kill9(child);
      running = false;
      await Promise.all(clients);
    }
    const last = await serve(file, cleanup);
    const stored = await seriesOf(last.api, 'soak.requests');
    const byRequest = new Map(stored.map((s) => [String(s.attributes.request), s]));
    const missing = [...acknowledged].filter((id) => !byRequest.has(id));
    expect(missing).toEqual([]);
    for (const id of acknowledged) expect(byRequest.get(id)?.samples).toBe(1);
    expect(acknowledged.size).toBeGreaterThan(CYCLES * CLIENTS);
    expect(garbageRefused).toBeGreaterThan(0);
    await kill9(last);
  });
});

async function post(child: Child, body: Uint8Array): Promise<number> {
  const res = await fetch(`${child.otlp}/v1/metrics`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-protobuf' },
  });
  await res.arrayBuffer();
  return res.status;
}
