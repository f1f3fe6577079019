import { reportInternalError } from '../internal/diag.js';
import { cacheAttributes, countCacheLookup } from './record-cache-access.js';

/** What `instrumentCache` can count: anything with a Map-like `get` and/or `has`. */
export interface CacheLike<K = unknown, V = unknown> {
  get?(key: K): V | undefined;
  has?(key: K): boolean;
}

/** Options of {@link instrumentCache}. */
export interface InstrumentCacheOptions {
  /** Cache name, the `heterodyne.cache.name` attribute (keep it low-cardinality). */
  readonly name: string;
}

type Method = (...args: unknown[]) => unknown;

/**
 * Returns a proxy of `cache` that counts hits and misses in `heterodyne.cache.requests`;
 * the cache itself is not modified, and every property and method behaves as before
 * (methods run with the cache itself as `this`, so `Map`s and classes with private fields
 * work through the proxy).
 *
 * Counting rule: `has(key)` is a hit when it returns `true`; `get(key)` is a hit when it
 * returns anything but `undefined` (a stored `undefined` counts as a miss). A `get(key)`
 * right after a `has(key)` that returned `true` for the same key is the same lookup and is
 * not counted again, so the common `if (c.has(k)) return c.get(k)` counts once. Caches whose
 * `get` returns a promise always count hits: use `recordCacheAccess` for those.
 *
 * Throws if `cache` has neither `get` nor `has`, or if `options.name` is not a non-empty
 * string.
 *
 * @example
 * const models = instrumentCache(new Map<string, Model>(), { name: 'correlation_model' });
 */
export function instrumentCache<C extends object>(cache: C, options: InstrumentCacheOptions): C {
  const name = options?.name;
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(
      `instrumentCache: options.name must be a non-empty string; got ${String(name)}`,
    );
  }
  const target = cache as Record<PropertyKey, unknown>;
  if (
    typeof cache !== 'object' ||
    cache === null ||
    (typeof target.get !== 'function' && typeof target.has !== 'function')
  ) {
    throw new TypeError(
      `instrumentCache(${JSON.stringify(name)}): the cache needs a get or has method`,
    );
  }
  const attributes = cacheAttributes(name);
  // Key reported present by the last has(); the following get() of it is not a new lookup.
  let confirmedKey: unknown = undefined;
  let confirmed = false;
  const wrappers = new Map<PropertyKey, { original: Method; wrapper: Method }>();

  const instrument = (prop: 'get' | 'has', original: Method): Method => {
    return function (this: unknown, ...args: unknown[]): unknown {
      const result = Reflect.apply(original, target, args);
      try {
        const key = args[0];
        if (prop === 'has') {
          confirmed = result === true;
          confirmedKey = key;
          countCacheLookup(attributes, confirmed);
        } else {
          const repeat = confirmed && Object.is(confirmedKey, key);
          confirmed = false;
          confirmedKey = undefined;
          if (!repeat) countCacheLookup(attributes, result !== undefined);
        }
      } catch (error) {
        reportInternalError(`instrumentCache(${name})`, error);
      }
      return result;
    };
  };

  return new Proxy(cache, {
    get(_target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const known = wrappers.get(prop);
      if (known !== undefined && known.original === value) return known.wrapper;
      const original = value as Method;
      let wrapper: Method;
      if (prop === 'get' || prop === 'has') {
        wrapper = instrument(prop, original);
      } else {
        // Any other call resets the has()/get() pairing and runs on the cache itself.
        wrapper = function (this: unknown, ...args: unknown[]): unknown {
          confirmed = false;
          return Reflect.apply(original, target, args);
        };
      }
      wrappers.set(prop, { original, wrapper });
      return wrapper;
    },
  });
}
