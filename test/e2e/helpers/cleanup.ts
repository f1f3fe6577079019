import { afterEach } from 'vitest';

/** Teardown steps registered by a test; run in reverse order after each test. */
export interface Cleanup {
  push(step: () => Promise<unknown> | unknown): void;
}

/**
 * Runs every step, in the order given, even when some fail (a failed stop must not leave the
 * next service running or its directory behind); then throws what failed, if anything.
 */
export async function runCleanupSteps(
  steps: readonly (() => Promise<unknown> | unknown)[],
): Promise<void> {
  const errors: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} cleanup steps failed`);
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
    await runCleanupSteps(pending);
  });
  return { push: (step) => void steps.push(step) };
}
