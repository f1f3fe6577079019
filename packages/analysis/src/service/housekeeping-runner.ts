/**
 * Runs the series store's housekeeping pass (`evictStaleSlice`) a slice at a time, yielding
 * to the event loop between slices, so a pass over a large store never stalls ingest or the
 * API for long (see `bench/housekeeping.bench.js` for slice times).
 */
import type { SeriesStore } from '../series/series-store.js';
import type { Clock } from '../series/types.js';
import type { ServiceLogger } from './logger.js';

/** Series visited per slice: well under a millisecond of work each. */
export const HOUSEKEEPING_SLICE_SERIES = 5_000;

/** Options of {@link runHousekeeping}. */
export interface HousekeepingRun {
  series: SeriesStore;
  clock: Clock;
  logger: ServiceLogger;
  /** True once the service stops: the pass is abandoned at the next slice. */
  stopped: () => boolean;
  /** Called once when the pass completed, failed or was abandoned. */
  done: () => void;
  /** @default HOUSEKEEPING_SLICE_SERIES */
  sliceSeries?: number;
}

/** Starts one pass; returns at once, the slices run from `setImmediate`. */
export function runHousekeeping(run: HousekeepingRun): void {
  const size = run.sliceSeries ?? HOUSEKEEPING_SLICE_SERIES;
  const step = (): void => {
    if (run.stopped()) {
      run.done();
      return;
    }
    try {
      const result = run.series.evictStaleSlice(run.clock.now(), size);
      if (result.done) {
        run.done();
        return;
      }
    } catch (error) {
      run.logger.error('housekeeping failed', { error });
      run.done();
      return;
    }
    setImmediate(step);
  };
  step();
}
