import { ATTR_CACHE_NAME, ATTR_CACHE_RESULT, CACHE_RESULT_VALUES } from '@heterodyne/semconv';
import type { Attributes } from '@opentelemetry/api';
import { reportDropped, reportInternalError } from '../internal/diag.js';
import { GLOBAL_TELEMETRY } from '../telemetry/telemetry-source.js';

/** The two attribute sets of one cache name, built once. */
export interface CacheAttributes {
  readonly hit: Attributes;
  readonly miss: Attributes;
}

/** Attribute sets for the cache `name`. */
export function cacheAttributes(name: string): CacheAttributes {
  return {
    hit: { [ATTR_CACHE_NAME]: name, [ATTR_CACHE_RESULT]: CACHE_RESULT_VALUES.HIT },
    miss: { [ATTR_CACHE_NAME]: name, [ATTR_CACHE_RESULT]: CACHE_RESULT_VALUES.MISS },
  };
}

/** Adds one lookup to `heterodyne.cache.requests`. Never throws. */
export function countCacheLookup(attributes: CacheAttributes, hit: boolean): void {
  try {
    GLOBAL_TELEMETRY.resolve()?.instruments?.cacheRequests.add(
      1,
      hit ? attributes.hit : attributes.miss,
    );
  } catch (error) {
    reportInternalError('cache lookup', error);
  }
}

const byName = new Map<string, CacheAttributes>();
const MAX_CACHED_NAMES = 1000;

/**
 * Records one lookup of the cache `name` in `heterodyne.cache.requests`
 * (`heterodyne.cache.result` = `hit` or `miss`), for caches that `instrumentCache` cannot
 * wrap. A non-string name or non-boolean `hit` is reported through `diag` and dropped.
 *
 * @example
 * const hit = await redis.exists(key);
 * recordCacheAccess('correlation_model', hit === 1);
 */
export function recordCacheAccess(name: string, hit: boolean): void {
  if (typeof name !== 'string' || name.length === 0 || typeof hit !== 'boolean') {
    reportDropped('recordCacheAccess', 'needs a non-empty cache name and a boolean hit');
    return;
  }
  let attributes = byName.get(name);
  if (attributes === undefined) {
    attributes = cacheAttributes(name);
    if (byName.size < MAX_CACHED_NAMES) byName.set(name, attributes);
  }
  countCacheLookup(attributes, hit);
}
