/**
 * The store's periodic pass, in slices: marks series stale after `stalenessMillis`, evicts
 * stale ones after `retentionMillis`, collects the series idle for `evictionMinIdleMillis`
 * as eviction candidates for the store-wide limits, and re-measures prefixes and handles. A slice visits a bounded number of series, so the caller can yield to the event
 * loop between slices; a `Map` iterator stays valid while series come and go, so the pass
 * resumes where it stopped and also sees series created meanwhile.
 */
import type { SeriesEntry } from './internal-types.js';
import {
  ENTRY_OBJECT_BYTES,
  MAP_ENTRIES_BYTES,
  prefixesBytes,
  seriesMemoryBytes,
} from './memory.js';
import { H_ATTRIBUTE_BYTES, H_LAST_SEEN } from './record-layout.js';
import type { SeriesRegistry } from './series-registry.js';

/** What one slice did, and the running totals of its pass. */
export interface EvictionSliceResult {
  /** True when the pass completed with this slice. */
  done: boolean;
  /** Series marked stale by the pass so far. */
  markedStale: number;
  /** Series evicted by the pass so far. */
  evicted: number;
}

interface Pass {
  registry: SeriesRegistry;
  iterator: Iterator<SeriesEntry>;
  markedStale: number;
  evicted: number;
  idle: SeriesEntry[];
}

/** The sliced pass of one store. */
export interface Housekeeping {
  /** Runs at most `maxSeries` series of the current pass (starting one if needed). */
  slice(registry: SeriesRegistry, nowMillis: number, maxSeries: number): EvictionSliceResult;
  /** Abandons the current pass (the registry was replaced). */
  reset(): void;
}

/** Creates the sliced pass of one store. */
export function createHousekeeping(): Housekeeping {
  let pass: Pass | undefined;
  return {
    slice(registry, nowMillis, maxSeries) {
      if (pass === undefined || pass.registry !== registry) {
        pass = {
          registry,
          iterator: registry.byId.values(),
          markedStale: 0,
          evicted: 0,
          idle: [],
        };
      }
      const p = pass;
      const { stalenessMillis, retentionMillis, evictionMinIdleMillis } = registry.config;
      for (let visited = 0; visited < maxSeries; visited++) {
        const next = p.iterator.next();
        if (next.done === true) {
          registry.sweep();
          registry.bounds.identityBytes = prefixesBytes(registry);
          registry.bounds.setIdleCandidates(p.idle);
          pass = undefined;
          return { done: true, markedStale: p.markedStale, evicted: p.evicted };
        }
        const entry = next.value;
        const age = nowMillis - (entry.buf[entry.base + H_LAST_SEEN] as number);
        if (!entry.stale && age >= stalenessMillis) {
          entry.stale = true;
          p.markedStale++;
        }
        if (entry.stale && age >= retentionMillis) {
          registry.remove(entry);
          p.evicted++;
          continue;
        }
        if (age >= evictionMinIdleMillis) p.idle.push(entry);
      }
      return { done: false, markedStale: p.markedStale, evicted: p.evicted };
    },
    reset() {
      pass = undefined;
    },
  };
}
