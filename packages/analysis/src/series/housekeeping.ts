/**
 * The store's periodic pass, in slices: marks series stale after `stalenessMillis`, evicts
 * stale ones after `retentionMillis`, collects the longest-idle series (idle for at least
 * `evictionMinIdleMillis`) as eviction candidates for the store-wide limits, then forgets
 * prefixes, handles and metric names left without series.
 *
 * A slice does a bounded amount of work (series, then prefixes, then metric names), so the
 * caller can yield to the event loop between slices. `Map` iterators stay valid while
 * entries come and go, so the pass resumes where it stopped and also sees what was created
 * meanwhile. Candidates are kept in a bounded max-heap by last-seen time, so the pass never
 * sorts the whole store.
 */
import type { MetricFamily, SeriesEntry, StreamPrefix } from './internal-types.js';
import { H_LAST_SEEN } from './record-layout.js';
import type { SeriesRegistry } from './series-registry.js';

/** Most eviction candidates one pass collects (the longest-idle ones). */
export const MAX_EVICTION_CANDIDATES = 16_384;

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
  phase: 'series' | 'prefixes' | 'families';
  series: Iterator<SeriesEntry>;
  prefixes: Iterator<StreamPrefix> | undefined;
  families: Iterator<[string, MetricFamily]> | undefined;
  markedStale: number;
  evicted: number;
  /** Max-heap by last-seen time: the root is the most recently seen candidate. */
  heap: SeriesEntry[];
}

/** The sliced pass of one store. */
export interface Housekeeping {
  /** Does at most `budget` units of work of the current pass (starting one if needed). */
  slice(registry: SeriesRegistry, nowMillis: number, budget: number): EvictionSliceResult;
  /** Abandons the current pass (the registry was replaced). */
  reset(): void;
}

const lastSeen = (e: SeriesEntry): number => e.buf[e.base + H_LAST_SEEN] as number;

function siftUp(heap: SeriesEntry[], i: number): void {
  const item = heap[i] as SeriesEntry;
  const t = lastSeen(item);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (lastSeen(heap[parent] as SeriesEntry) >= t) break;
    heap[i] = heap[parent] as SeriesEntry;
    i = parent;
  }
  heap[i] = item;
}

function siftDown(heap: SeriesEntry[], i: number): void {
  const n = heap.length;
  const item = heap[i] as SeriesEntry;
  const t = lastSeen(item);
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (
      child + 1 < n &&
      lastSeen(heap[child + 1] as SeriesEntry) > lastSeen(heap[child] as SeriesEntry)
    ) {
      child++;
    }
    if (lastSeen(heap[child] as SeriesEntry) <= t) break;
    heap[i] = heap[child] as SeriesEntry;
    i = child;
  }
  heap[i] = item;
}

/** Keeps the `MAX_EVICTION_CANDIDATES` longest-idle entries offered. */
function offer(heap: SeriesEntry[], entry: SeriesEntry): void {
  if (heap.length < MAX_EVICTION_CANDIDATES) {
    heap.push(entry);
    siftUp(heap, heap.length - 1);
  } else if (lastSeen(entry) < lastSeen(heap[0] as SeriesEntry)) {
    heap[0] = entry;
    siftDown(heap, 0);
  }
}

/** Creates the sliced pass of one store. */
export function createHousekeeping(): Housekeeping {
  let pass: Pass | undefined;
  return {
    slice(registry, nowMillis, budget) {
      if (pass === undefined || pass.registry !== registry) {
        pass = {
          registry,
          phase: 'series',
          series: registry.byId.values(),
          prefixes: undefined,
          families: undefined,
          markedStale: 0,
          evicted: 0,
          heap: [],
        };
      }
      const p = pass;
      const { stalenessMillis, retentionMillis, evictionMinIdleMillis } = registry.config;
      let work = 0;
      while (work < budget && p.phase === 'series') {
        const next = p.series.next();
        if (next.done === true) {
          p.phase = 'prefixes';
          p.prefixes = registry.allPrefixes();
          break;
        }
        work++;
        const entry = next.value;
        const age = nowMillis - lastSeen(entry);
        if (!entry.stale && age >= stalenessMillis) {
          registry.beforeChange?.(entry);
          entry.stale = true;
          p.markedStale++;
        }
        if (entry.stale && age >= retentionMillis) {
          registry.remove(entry);
          p.evicted++;
        } else if (age >= evictionMinIdleMillis) {
          offer(p.heap, entry);
        }
      }
      while (work < budget && p.phase === 'prefixes') {
        const next = (p.prefixes as Iterator<StreamPrefix>).next();
        if (next.done === true) {
          p.phase = 'families';
          p.families = registry.families.entries();
          break;
        }
        work += 1 + next.value.handles.size;
        registry.sweepPrefix(next.value);
      }
      while (work < budget && p.phase === 'families') {
        const next = (p.families as Iterator<[string, MetricFamily]>).next();
        if (next.done === true) {
          // Oldest last: the store pops candidates from the end.
          p.heap.sort((a, b) => lastSeen(b) - lastSeen(a));
          registry.bounds.setIdleCandidates(p.heap);
          pass = undefined;
          return { done: true, markedStale: p.markedStale, evicted: p.evicted };
        }
        work++;
        registry.sweepFamily(next.value[0], next.value[1]);
      }
      return { done: false, markedStale: p.markedStale, evicted: p.evicted };
    },
    reset() {
      pass = undefined;
    },
  };
}
