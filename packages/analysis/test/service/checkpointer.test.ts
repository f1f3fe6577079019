import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCheckpointer } from '../../src/service/checkpointer.js';
import { SILENT_LOGGER } from '../../src/service/logger.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('checkpointer', () => {
  it('retries a failed checkpoint with doubling backoff and is unhealthy until one succeeds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const calls: number[] = [];
    let failuresLeft = 3;
    const failures: unknown[] = [];
    const checkpointer = createCheckpointer({
      intervalMillis: 10_000,
      retryMillis: 1_000,
      logger: SILENT_LOGGER,
      nowMillis: () => Date.now(),
      onFailure: (e) => failures.push(e),
      checkpoint: async () => {
        calls.push(Date.now());
        if (failuresLeft-- > 0) throw new Error('ENOSPC: no space left on device');
        return 42;
      },
    });
    const start = Date.now();
    checkpointer.start();
    expect(checkpointer.health()).toMatchObject({ ok: true, message: /no checkpoint yet/ });
    await vi.advanceTimersByTimeAsync(10_000); // first attempt fails
    expect(checkpointer.health()).toMatchObject({
      ok: false,
      message: /1 checkpoint\(s\) failed.*ENOSPC/,
    });
    await vi.advanceTimersByTimeAsync(1_000); // retry after 1 s fails
    await vi.advanceTimersByTimeAsync(2_000); // retry after 2 s fails
    expect(checkpointer.health().ok).toBe(false);
    await vi.advanceTimersByTimeAsync(4_000); // retry after 4 s succeeds
    expect(checkpointer.health()).toMatchObject({ ok: true, message: /last checkpoint/ });
    await vi.advanceTimersByTimeAsync(10_000); // back on the interval
    expect(calls.map((t) => t - start)).toEqual([10_000, 11_000, 13_000, 17_000, 27_000]);
    expect(failures).toHaveLength(3);
    expect(await checkpointer.shutdown()).toBe(42);
  });

  it('caps the backoff at the interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const calls: number[] = [];
    const checkpointer = createCheckpointer({
      intervalMillis: 3_000,
      retryMillis: 1_000,
      logger: SILENT_LOGGER,
      checkpoint: async () => {
        calls.push(Date.now());
        throw new Error('EIO');
      },
    });
    const start = Date.now();
    checkpointer.start();
    await vi.advanceTimersByTimeAsync(3_000 + 1_000 + 2_000 + 3_000 + 3_000);
    expect(calls.map((t) => t - start)).toEqual([3_000, 4_000, 6_000, 9_000, 12_000]);
    await expect(checkpointer.shutdown()).rejects.toThrow('EIO');
  });
});
