/**
 * The `housekeeping` component: marks series stale and evicts them on a timer (see
 * `SeriesStore.evictStale`).
 */
import type { SeriesStore } from '../series/series-store.js';
import type { Clock } from '../series/types.js';
import type { Component } from './component.js';
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
  return {
    name: 'housekeeping',
    async start() {
      timer = setInterval(() => {
        try {
          options.series().evictStale(options.clock.now());
        } catch (error) {
          options.logger.error('housekeeping failed', { error });
        }
      }, options.intervalMillis ?? 10_000);
      timer.unref();
    },
    async shutdown() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
