import { describe, expect, it } from 'vitest';
import { createIngestQueue } from '../../src/queue/ingest-queue.js';
import type { IngestItem, IngestOutcome, IngestQueue } from '../../src/queue/types.js';
import type { MetricsRequest } from '../../src/otlp/model.js';

/** A distinguishable metrics request: its only resource carries `id`. */
function request(id: number): MetricsRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: { id }, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [],
      },
    ],
  };
}

function idOf(item: IngestItem): number {
  if (item.signal !== 'metrics') throw new Error(`unexpected signal ${item.signal}`);
  return item.request.resourceMetrics[0]?.resource.attributes['id'] as number;
}

function accepted(points: number): IngestOutcome {
  return { acceptedPoints: points, rejectedPoints: 0, errorMessage: '' };
}

/** A `process` that blocks each request until the test releases it. */
function gatedProcess(): {
  process: (item: IngestItem) => Promise<IngestOutcome>;
  started: number[];
  release: () => void;
  active: () => number;
  maxActive: () => number;
} {
  const started: number[] = [];
  const gates: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  return {
    started,
    process: (item) =>
      new Promise<IngestOutcome>((resolve) => {
        started.push(idOf(item));
        active += 1;
        maxActive = Math.max(maxActive, active);
        gates.push(() => {
          active -= 1;
          resolve(accepted(item.points));
        });
      }),
    release: () => gates.shift()?.(),
    active: () => active,
    maxActive: () => maxActive,
  };
}

function mustEnqueue(queue: IngestQueue, id: number, points: number): Promise<IngestOutcome> {
  const result = queue.enqueue('metrics', request(id), points);
  if (!result.ok) throw new Error(`enqueue ${id} refused: ${result.error.message}`);
  return result.value;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createIngestQueue', () => {
  it('processes requests in arrival order and resolves each with its own outcome', async () => {
    const seen: number[] = [];
    const queue = createIngestQueue({
      process: (item) => {
        seen.push(idOf(item));
        return {
          acceptedPoints: item.points - 1,
          rejectedPoints: 1,
          errorMessage: `r${idOf(item)}`,
        };
      },
    });
    const outcomes = await Promise.all([1, 2, 3].map((id) => mustEnqueue(queue, id, id * 10)));
    expect(seen).toEqual([1, 2, 3]);
    expect(outcomes).toEqual([
      { acceptedPoints: 9, rejectedPoints: 1, errorMessage: 'r1' },
      { acceptedPoints: 19, rejectedPoints: 1, errorMessage: 'r2' },
      { acceptedPoints: 29, rejectedPoints: 1, errorMessage: 'r3' },
    ]);
    expect(queue.stats()).toMatchObject({
      queuedRequests: 0,
      queuedPoints: 0,
      enqueuedRequests: 3,
      processedRequests: 3,
      acceptedPoints: 57,
      rejectedPoints: 3,
    });
  });

  it('never processes inside the enqueuing turn', () => {
    let calls = 0;
    const queue = createIngestQueue({
      process: (item) => {
        calls += 1;
        return accepted(item.points);
      },
    });
    void mustEnqueue(queue, 1, 1);
    expect(calls).toBe(0);
    expect(queue.stats().queuedRequests).toBe(1);
  });

  it('yields to other event-loop work between requests', async () => {
    const log: string[] = [];
    const queue = createIngestQueue({
      process: (item) => {
        log.push(`process ${idOf(item)}`);
        // Work the event loop queued while request 1 was processed must run before request 2.
        if (idOf(item) === 1) setImmediate(() => log.push('other work'));
        return accepted(item.points);
      },
    });
    await Promise.all([mustEnqueue(queue, 1, 1), mustEnqueue(queue, 2, 1)]);
    expect(log).toEqual(['process 1', 'other work', 'process 2']);
  });

  it('runs one asynchronous request at a time', async () => {
    const gate = gatedProcess();
    const queue = createIngestQueue({ process: gate.process });
    const done = [1, 2, 3].map((id) => mustEnqueue(queue, id, 1));
    await turn();
    expect(gate.started).toEqual([1]);
    gate.release();
    await done[0];
    await turn();
    expect(gate.started).toEqual([1, 2]);
    gate.release();
    await done[1];
    await turn();
    gate.release();
    await done[2];
    expect(gate.maxActive()).toBe(1);
  });

  it('refuses as overloaded once maxQueuedRequests are held, counting the one in process', async () => {
    const gate = gatedProcess();
    const queue = createIngestQueue({ maxQueuedRequests: 2, process: gate.process });
    const first = mustEnqueue(queue, 1, 1);
    const second = mustEnqueue(queue, 2, 1);
    await turn(); // request 1 is now in process, request 2 waits
    const third = queue.enqueue('metrics', request(3), 1);
    expect(third.ok).toBe(false);
    if (!third.ok) {
      expect(third.error.reason).toBe('overloaded');
      expect(third.error.message).toContain('2 requests');
    }
    expect(queue.stats()).toMatchObject({
      queuedRequests: 2,
      queuedPoints: 2,
      overloadedRequests: 1,
    });
    gate.release();
    await first;
    // One slot is free again.
    const fourth = mustEnqueue(queue, 4, 1);
    await turn();
    gate.release();
    await second;
    await turn();
    gate.release();
    await fourth;
    expect(gate.started).toEqual([1, 2, 4]);
  });

  it('refuses as overloaded when the points would exceed maxQueuedPoints', () => {
    const queue = createIngestQueue({ maxQueuedPoints: 100, process: (i) => accepted(i.points) });
    void mustEnqueue(queue, 1, 60);
    void mustEnqueue(queue, 2, 40); // exactly at the limit
    const refused = queue.enqueue('metrics', request(3), 1);
    expect(refused.ok).toBe(false);
    expect(queue.stats()).toMatchObject({ queuedPoints: 100, queuedRequests: 2 });
  });

  it('admits a request larger than maxQueuedPoints when nothing else is held', async () => {
    const queue = createIngestQueue({ maxQueuedPoints: 10, process: (i) => accepted(i.points) });
    const big = mustEnqueue(queue, 1, 500);
    expect(queue.enqueue('metrics', request(2), 1).ok).toBe(false);
    await expect(big).resolves.toEqual(accepted(500));
  });

  it('rejects the promise when process throws, counts it, and goes on with the next request', async () => {
    const failures: [string, number][] = [];
    const queue = createIngestQueue({
      process: (item) => {
        if (idOf(item) === 1) throw new Error('pipeline bug');
        return accepted(item.points);
      },
      telemetry: { onProcessingFailed: (signal, points) => failures.push([signal, points]) },
    });
    const first = mustEnqueue(queue, 1, 7);
    const second = mustEnqueue(queue, 2, 3);
    await expect(first).rejects.toThrow('pipeline bug');
    await expect(second).resolves.toEqual(accepted(3));
    expect(failures).toEqual([['metrics', 7]]);
    expect(queue.stats()).toMatchObject({
      failedRequests: 1,
      processedRequests: 1,
      queuedPoints: 0,
    });
  });

  it('drain refuses new requests as unavailable and resolves after the queued ones finished', async () => {
    const gate = gatedProcess();
    const queue = createIngestQueue({ process: gate.process });
    const first = mustEnqueue(queue, 1, 1);
    const second = mustEnqueue(queue, 2, 1);
    let drained = false;
    const draining = queue.drain().then(() => {
      drained = true;
    });
    const late = queue.enqueue('metrics', request(3), 1);
    expect(late.ok ? 'accepted' : late.error.reason).toBe('unavailable');
    await turn();
    gate.release();
    await first;
    expect(drained).toBe(false);
    await turn();
    gate.release();
    await second;
    await draining;
    expect(drained).toBe(true);
    expect(queue.stats()).toMatchObject({
      draining: true,
      unavailableRequests: 1,
      processedRequests: 2,
    });
  });

  it('drain of an idle queue resolves at once and can be called twice', async () => {
    const queue = createIngestQueue({ process: (i) => accepted(i.points) });
    await queue.drain();
    await queue.drain();
    expect(queue.stats().draining).toBe(true);
  });

  it('reports depth, refusals and timings from the injected clock to telemetry', async () => {
    let clock = 1000;
    const depths: [number, number][] = [];
    const timings: { waitSeconds: number; processingSeconds: number }[] = [];
    const refusals: string[] = [];
    const queue = createIngestQueue({
      maxQueuedRequests: 2,
      nowMillis: () => clock,
      process: (item) => {
        clock += 250; // processing takes 250 ms of the injected clock
        return accepted(item.points);
      },
      telemetry: {
        onDepthChanged: (requests, points) => depths.push([requests, points]),
        onProcessed: (_signal, _outcome, t) => timings.push(t),
        onRefused: (signal, points, reason) => refusals.push(`${signal}:${points}:${reason}`),
      },
    });
    const a = mustEnqueue(queue, 1, 5); // enqueued at 1000
    clock = 1500;
    const b = mustEnqueue(queue, 2, 3); // enqueued at 1500
    expect(queue.enqueue('metrics', request(3), 2).ok).toBe(false);
    clock = 2000;
    await Promise.all([a, b]);
    expect(depths).toEqual([
      [1, 5],
      [2, 8],
      [1, 3],
      [0, 0],
    ]);
    // a: waited 2000-1000, ran 2000..2250; b: waited 2250-1500, ran 2250..2500.
    expect(timings).toEqual([
      { waitSeconds: 1, processingSeconds: 0.25 },
      { waitSeconds: 0.75, processingSeconds: 0.25 },
    ]);
    expect(refusals).toEqual(['metrics:2:overloaded']);
  });

  it('ignores telemetry hooks that throw', async () => {
    const queue = createIngestQueue({
      process: (item) => accepted(item.points),
      telemetry: {
        onDepthChanged: () => {
          throw new Error('broken exporter');
        },
        onProcessed: () => {
          throw new Error('broken exporter');
        },
      },
    });
    await expect(mustEnqueue(queue, 1, 4)).resolves.toEqual(accepted(4));
  });

  it('keeps memory bounded: thousands of refused requests hold nothing', async () => {
    const gate = gatedProcess();
    const queue = createIngestQueue({ maxQueuedRequests: 3, process: gate.process });
    const held = [1, 2, 3].map((id) => mustEnqueue(queue, id, 1));
    let refused = 0;
    for (let id = 4; id < 10_004; id += 1) {
      if (!queue.enqueue('metrics', request(id), 1).ok) refused += 1;
    }
    expect(refused).toBe(10_000);
    expect(queue.stats()).toMatchObject({ queuedRequests: 3, queuedPoints: 3 });
    for (const done of held) {
      await turn();
      gate.release();
      await done;
    }
  });

  it('throws a RangeError naming the option for a non-positive limit', () => {
    expect(() => createIngestQueue({ maxQueuedRequests: 0, process: () => accepted(0) })).toThrow(
      /maxQueuedRequests must be a positive integer, got 0/,
    );
    expect(() => createIngestQueue({ maxQueuedPoints: 1.5, process: () => accepted(0) })).toThrow(
      /maxQueuedPoints/,
    );
  });
});

describe('bounded waiting', () => {
  it('refuses, without processing, a request that waited past maxWaitMillis', async () => {
    let clock = 0;
    const gate = gatedProcess();
    const refusals: string[] = [];
    const queue = createIngestQueue({
      maxWaitMillis: 2000,
      nowMillis: () => clock,
      process: gate.process,
      telemetry: {
        onRefused: (signal, points, reason) => refusals.push(`${signal}:${points}:${reason}`),
      },
    });
    const a = mustEnqueue(queue, 1, 5);
    const b = mustEnqueue(queue, 2, 3); // waits behind a
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.started).toEqual([1]);
    clock = 2001; // a took longer than b may wait
    const c = mustEnqueue(queue, 3, 1); // arrives now: within its bound
    gate.release();
    await a;
    await expect(b).rejects.toMatchObject({
      name: 'QueueWaitRefusal',
      refusal: { reason: 'overloaded' },
      message: expect.stringMatching(/waited 2001 ms in the ingest queue, over its 2000 ms limit/),
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.started).toEqual([1, 3]);
    gate.release();
    await c;
    expect(refusals).toEqual(['metrics:3:overloaded']);
    expect(queue.stats()).toMatchObject({
      overloadedRequests: 1,
      processedRequests: 2,
      queuedPoints: 0,
    });
  });

  it('check() refuses and counts while the queue is full, before any request is read', () => {
    const gate = gatedProcess();
    const queue = createIngestQueue({ maxQueuedRequests: 1, process: gate.process });
    expect(queue.check('metrics')).toBeUndefined();
    void mustEnqueue(queue, 1, 1);
    expect(queue.check('metrics')).toMatchObject({ reason: 'overloaded' });
    expect(queue.stats().overloadedRequests).toBe(1);
  });
});
