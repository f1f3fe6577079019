import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffMillis, createDeliveryQueue } from '../../src/alerting/notify/delivery-queue.js';
import type { Notifier } from '../../src/alerting/notify/notifier.js';
import { createWebhookNotifier } from '../../src/alerting/notify/webhook.js';
import type { Notification } from '../../src/alerting/types.js';
import { openStore } from '../../src/store/open-store.js';
import type { MonitoringStore } from '../../src/store/types.js';
import { firing, recordingNotifier, webhookConfig } from './helpers.js';
import { startRecorder } from './real-servers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sqliteStore(): Promise<{
  store: MonitoringStore;
  path: string;
  reopen: () => Promise<MonitoringStore>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'alert-queue-'));
  const path = join(dir, 'store.db');
  const store = await openStore({ kind: 'sqlite', path });
  const opened: MonitoringStore[] = [store];
  cleanups.push(async () => {
    for (const s of opened) await s.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    store,
    path,
    reopen: async () => {
      const s = await openStore({ kind: 'sqlite', path });
      opened.push(s);
      return s;
    },
  };
}

function note(id: string, channel: string, at: number): Notification {
  return {
    id,
    channel,
    groupKey: 'g',
    groupLabels: { alertname: 'A' },
    status: 'firing',
    alerts: [firing({ op: id }, at)],
    createdAtMillis: at,
  };
}

function manualClock(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('delivery queue', () => {
  it('a channel down then back: the notification arrives once, late, nothing lost', async () => {
    const { store } = await sqliteStore();
    // The webhook receiver refuses the first three requests (down), then accepts.
    const server = await startRecorder((_req, i) => ({ status: i < 3 ? 503 : 200 }));
    cleanups.push(server.close);
    const clock = manualClock(1_000_000);
    const hook = createWebhookNotifier(webhookConfig(server.url), {});
    const queue = createDeliveryQueue({
      store,
      notifiers: new Map([['hook', hook]]),
      clock,
      random: () => 1,
      initialBackoffMillis: 1000,
      maxBackoffMillis: 60_000,
      maxAttempts: 10,
    });
    await queue.enqueue(note('n1', 'hook', clock.now()));
    await queue.enqueue(note('n2', 'hook', clock.now()));
    const outcomes = [];
    for (let step = 0; step < 20; step++) {
      outcomes.push(await queue.process());
      clock.advance(1000);
    }
    const bodies = server.requests.map(
      (r) => (JSON.parse(r.body) as { alerts: { labels: { op: string } }[] }).alerts[0]?.labels.op,
    );
    // Three refused attempts, then each notification exactly once.
    expect(bodies.slice(3).sort()).toEqual(['n1', 'n2']);
    const attempts = await store.listDeliveryAttempts({ channel: 'hook' });
    const delivered = attempts
      .filter((a) => a.status === 'delivered')
      .map((a) => a.alertId)
      .sort();
    expect(delivered).toEqual(['n1', 'n2']);
    expect(attempts.filter((a) => a.status === 'failed')).toHaveLength(3);
    expect(attempts.find((a) => a.status === 'failed')?.error).toBe(
      `POST ${server.url}: HTTP 503: {}`,
    );
    expect(await store.listDueRetries(clock.now() + 10_000_000)).toEqual([]);
  });

  it('backs off exponentially with jitter, capped', async () => {
    const config = { maxAttempts: 10, initialBackoffMillis: 1000, maxBackoffMillis: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffMillis(config, a))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    const { store } = await sqliteStore();
    const clock = manualClock(0);
    const down: Notifier = {
      id: 'x',
      type: 'webhook',
      send: async () => ({ ok: false, error: 'down' }),
    };
    const queue = createDeliveryQueue({
      store,
      notifiers: new Map([['x', down]]),
      clock,
      random: () => 0.5,
      ...config,
    });
    await queue.enqueue(note('n', 'x', 0));
    await queue.process();
    const [first] = await store.listDeliveryAttempts({ status: 'failed' });
    // Half of the 1 s first backoff.
    expect(first?.nextRetryAt).toBe(500);
  });

  it('dead-letters after max attempts with the payload kept', async () => {
    const { store } = await sqliteStore();
    const clock = manualClock(0);
    let calls = 0;
    const down: Notifier = {
      id: 'x',
      type: 'webhook',
      send: async () => {
        calls++;
        return { ok: false, error: 'connection refused' };
      },
    };
    const queue = createDeliveryQueue({
      store,
      notifiers: new Map([['x', down]]),
      clock,
      random: () => 1,
      maxAttempts: 3,
      initialBackoffMillis: 10,
    });
    await queue.enqueue(note('n', 'x', 0));
    for (let i = 0; i < 10; i++) {
      await queue.process();
      clock.advance(1000);
    }
    expect(calls).toBe(3);
    const dead = await store.listDeliveryAttempts({ status: 'dead-letter' });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ alertId: 'n', attempt: 3, error: 'connection refused' });
    expect((dead[0]?.payload as Notification).alerts[0]?.labels.op).toBe('n');
  });

  it('continues after a restart with what was queued or due', async () => {
    const { store, reopen } = await sqliteStore();
    const clock = manualClock(0);
    const ok = recordingNotifier('x');
    const before = createDeliveryQueue({ store, notifiers: new Map([['x', ok]]), clock });
    await before.enqueue(note('n1', 'x', 0));
    await store.close();
    // A new process over the same database delivers what the old one had queued.
    const after = createDeliveryQueue({
      store: await reopen(),
      notifiers: new Map([['x', ok]]),
      clock,
    });
    await after.process();
    await after.process();
    expect(ok.sent.map((n) => n.id)).toEqual(['n1']);
  });

  it('rate limits per channel delay deliveries without dropping them', async () => {
    const { store } = await sqliteStore();
    const clock = manualClock(0);
    const ok = recordingNotifier('x');
    const queue = createDeliveryQueue({
      store,
      notifiers: new Map([['x', ok]]),
      clock,
      rateLimits: new Map([['x', 2]]),
    });
    for (const id of ['a', 'b', 'c']) await queue.enqueue(note(id, 'x', 0));
    const first = await queue.process();
    expect(first).toMatchObject({ delivered: 2, 'rate-limited': 1 });
    clock.advance(30 * 60_000);
    await queue.process();
    expect(ok.sent.map((n) => n.id)).toEqual(['a', 'b']);
    clock.advance(31 * 60_000);
    await queue.process();
    expect(ok.sent.map((n) => n.id)).toEqual(['a', 'b', 'c']);
  });
});
