/**
 * A bounded least-recently-used cache of objective evaluations, keyed by the parameter
 * vector (and what else the value depends on). Repeated fits of the same data from the same
 * start retrace the same simplex, so their evaluations are found here instead of recomputed.
 */
import { recordCacheAccess } from '@heterodyne/sdk';

/** Cache name in `heterodyne.cache.requests`. */
export const EVALUATION_CACHE_NAME = 'model_evaluation';

/** A bounded LRU map from keys to objective values, counting hits and misses. */
export interface EvaluationCache {
  /** The cached value, or computes, stores and returns it. */
  getOrCompute(key: string, compute: () => number): number;
  /** Changes the capacity; the least recently used entries beyond it are evicted. */
  resize(capacity: number): void;
  /** Entries held. */
  readonly size: number;
  /** Most entries held. */
  readonly capacity: number;
  /** Lookups that found their key. */
  readonly hits: number;
  /** Lookups that did not. */
  readonly misses: number;
}

const keyBits = new Float64Array(1);
const keyChars = new Uint16Array(keyBits.buffer);

/**
 * Key of a parameter vector in a context (dataset, objective, weights version): the context,
 * then the exact bits of every float64 as four UTF-16 code units (56 characters for 14
 * parameters, against about 250 for their decimal text).
 */
export function evaluationKey(context: string, x: readonly number[]): string {
  let key = `${context}|`;
  for (const v of x) {
    keyBits[0] = v;
    key += String.fromCharCode(
      keyChars[0] as number,
      keyChars[1] as number,
      keyChars[2] as number,
      keyChars[3] as number,
    );
  }
  return key;
}

/**
 * Creates an LRU cache of at most `capacity` entries. A Map keeps insertion order, so moving
 * a hit to the end and evicting from the front is LRU in O(1).
 *
 * @param capacity most entries, >= 1 @default 65536
 */
export function createEvaluationCache(capacity = 65_536): EvaluationCache {
  const check = (c: number) => {
    if (!Number.isInteger(c) || c < 1) {
      throw new RangeError(`evaluation cache capacity: must be an integer >= 1, got ${c}`);
    }
  };
  check(capacity);
  const entries = new Map<string, number>();
  let limit = capacity;
  let hits = 0;
  let misses = 0;
  const evict = () => {
    while (entries.size > limit) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
    }
  };
  return {
    getOrCompute(key, compute) {
      const known = entries.get(key);
      if (known !== undefined) {
        hits++;
        recordCacheAccess(EVALUATION_CACHE_NAME, true);
        entries.delete(key);
        entries.set(key, known);
        return known;
      }
      misses++;
      recordCacheAccess(EVALUATION_CACHE_NAME, false);
      const value = compute();
      entries.set(key, value);
      evict();
      return value;
    },
    resize(c) {
      check(c);
      limit = c;
      evict();
    },
    get size() {
      return entries.size;
    },
    get capacity() {
      return limit;
    },
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
  };
}
