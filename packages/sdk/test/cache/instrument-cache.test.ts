import { ATTR_CACHE_NAME, ATTR_CACHE_RESULT, METRIC_CACHE_REQUESTS } from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { instrumentCache } from '../../src/cache/instrument-cache.js';
import { sumPoint, useTelemetry } from '../helpers/telemetry.js';

const HIT = { [ATTR_CACHE_NAME]: 'models', [ATTR_CACHE_RESULT]: 'hit' };
const MISS = { [ATTR_CACHE_NAME]: 'models', [ATTR_CACHE_RESULT]: 'miss' };

describe('instrumentCache', () => {
  const { telemetry } = useTelemetry();

  async function counts(): Promise<[hits: number | undefined, misses: number | undefined]> {
    const metric = (await telemetry.metrics()).get(METRIC_CACHE_REQUESTS);
    expect(metric?.descriptor.unit).toBe('{request}');
    return [sumPoint(metric, HIT), sumPoint(metric, MISS)];
  }

  it('counts get and has hits and misses on a Map, which keeps working through the proxy', async () => {
    const map = new Map<string, number>([['a', 1]]);
    const cache = instrumentCache(map, { name: 'models' });
    expect(cache.get('a')).toBe(1); // hit
    expect(cache.get('b')).toBeUndefined(); // miss
    expect(cache.has('b')).toBe(false); // miss
    cache.set('b', 2);
    expect(cache.has('b')).toBe(true); // hit
    expect(cache.size).toBe(2);
    expect([...cache.keys()]).toEqual(['a', 'b']);
    expect(cache).toBeInstanceOf(Map);
    expect(cache.delete('a')).toBe(true);
    expect(map.has('a')).toBe(false);
    expect(await counts()).toEqual([2, 2]);
  });

  it('counts has-then-get of the same key as one lookup', async () => {
    const cache = instrumentCache(new Map([['k', 'v']]), { name: 'models' });
    const lookup = (key: string): string | undefined =>
      cache.has(key) ? cache.get(key) : undefined;
    lookup('k'); // one hit
    lookup('x'); // one miss
    lookup('k'); // one hit
    cache.get('k'); // a separate lookup: hit
    expect(await counts()).toEqual([3, 1]);
  });

  it('counts a get of another key after has() normally', async () => {
    const cache = instrumentCache(new Map([['k', 'v']]), { name: 'models' });
    cache.has('k');
    cache.get('z');
    expect(await counts()).toEqual([1, 1]);
  });

  it('works with classes that keep state in private fields', async () => {
    class Lru {
      #items = new Map<string, number>();
      get(key: string): number | undefined {
        return this.#items.get(key);
      }
      set(key: string, value: number): this {
        this.#items.set(key, value);
        return this;
      }
    }
    const cache = instrumentCache(new Lru(), { name: 'models' });
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBeUndefined();
    expect(await counts()).toEqual([1, 1]);
  });

  it('leaves the original object unchanged', async () => {
    const map = new Map([['a', 1]]);
    instrumentCache(map, { name: 'models' });
    map.get('a');
    expect((await telemetry.metrics()).get(METRIC_CACHE_REQUESTS)).toBeUndefined();
    expect(Object.getOwnPropertyNames(map)).toEqual([]);
  });

  it('throws for a missing name or an object without get/has', () => {
    expect(() => instrumentCache(new Map(), { name: '' })).toThrow(
      'options.name must be a non-empty string',
    );
    expect(() => instrumentCache({ set() {} }, { name: 'x' })).toThrow(
      'the cache needs a get or has method',
    );
  });
});
