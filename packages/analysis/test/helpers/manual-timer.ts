/** A scheduler timer driven by hand, for tests that step engines through interval boundaries. */
import type { SchedulerTimer } from '../../src/engines/scheduler.js';

/** A {@link SchedulerTimer} that holds its one pending wake-up until `fire()` runs it. */
export interface ManualTimer extends SchedulerTimer {
  /** The delay (ms) the pending wake-up was armed with, or `undefined` when none is armed. */
  pending(): { delay: number } | undefined;
  /** Runs the pending wake-up; throws when the scheduler armed none. */
  fire(): Promise<void>;
}

/** Creates a timer fired by hand: holds the one pending callback and its delay. */
export function manualTimer(): ManualTimer {
  let pending: { callback: () => Promise<void>; delay: number } | undefined;
  return {
    schedule(callback, delay) {
      const entry = { callback, delay };
      pending = entry;
      return () => {
        if (pending === entry) pending = undefined;
      };
    },
    pending: () => (pending ? { delay: pending.delay } : undefined),
    async fire() {
      const entry = pending;
      if (!entry) throw new Error('the scheduler armed no wake-up');
      pending = undefined;
      await entry.callback();
    },
  };
}
