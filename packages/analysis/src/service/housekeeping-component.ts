/**
 * The `housekeeping` component: marks series stale and evicts them on a timer, one pass at a
 * time, each pass in slices between event-loop turns (see `housekeeping-runner.ts`).
 */
import type { SeriesStore } from '../series/series-store.js';
import type { Clock } from '../series/types.js';
import type { Component } from './component.js';
import { runHousekeeping } from './housekeeping-runner.js';
import type { ServiceLogger } from './logger.js';

/** Options of {@link createHousekeepingComponent}. */
export interface HousekeepingOptions {
  /** The series store, once open. */
  series: () => SeriesStore;
  clock: Clock;
  logger: ServiceLogger;
  /** Interval, in milliseconds. @default 10000 */
  intervalMillis?: number;
}

/** Creates the housekeeping component. */
export function createHousekeepingComponent(options: HousekeepingOptions): Component {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let stopped = false;
  return {
    name: 'housekeeping',
    async start() {
      stopped = false;
      timer = setInterval(() => {
        if (running) return;
        running = true;
        runHousekeeping({
          series: options.series(),
          clock: options.clock,
          logger: options.logger,
          stopped: () => stopped,
          done: () => {
            running = false;
          },
        });
      }, options.intervalMillis ?? 10_000);
      timer.unref();
    },
    async shutdown() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
    },
  };
}
