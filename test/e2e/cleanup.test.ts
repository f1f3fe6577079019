/** The end-to-end suites' teardown helper: one failing step does not skip the others. */
import { describe, expect, it } from 'vitest';
import { runCleanupSteps } from './helpers/cleanup.js';

describe('cleanup steps', () => {
  it('runs every step when one fails, then throws that failure', async () => {
    const ran: string[] = [];
    const failure = new Error('stop failed');
    await expect(
      runCleanupSteps([
        () => ran.push('stop service'),
        () => {
          ran.push('stop other service');
          throw failure;
        },
        async () => {
          await Promise.resolve();
          ran.push('remove directory');
        },
      ]),
    ).rejects.toBe(failure);
    expect(ran).toEqual(['stop service', 'stop other service', 'remove directory']);
  });

  it('reports every failure when several steps fail', async () => {
    const result = runCleanupSteps([
      () => Promise.reject(new Error('a')),
      () => {
        throw new Error('b');
      },
    ]);
    await expect(result).rejects.toThrow('2 cleanup steps failed');
    await expect(result).rejects.toMatchObject({
      errors: [new Error('a'), new Error('b')],
    });
  });
});
