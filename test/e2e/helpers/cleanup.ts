import { afterEach } from 'vitest';

/** Teardown steps registered by a test; run in reverse order after each test. */
export interface Cleanup {
  push(step: () => Promise<unknown> | unknown): void;
}

/**
 * Registers an `afterEach` in the calling test file that runs every step pushed during the
 * test, last pushed first (so a service stops before its data directory is removed).
 */
export function useCleanup(): Cleanup {
  let steps: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    const pending = steps.reverse();
    steps = [];
    for (const step of pending) await step();
  });
  return { push: (step) => void steps.push(step) };
}
