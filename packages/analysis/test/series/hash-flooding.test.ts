import { describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import type { Attributes } from '../../src/otlp/model.js';
import { SeriesEntry } from '../../src/series/internal-types.js';
import { resolveSeriesStoreConfig } from '../../src/series/config.js';
import { SeriesRegistry } from '../../src/series/series-registry.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { MAX_CHAIN, addToBucket, findInBucket } from '../../src/series/stream-buckets.js';
import type { StreamBucket } from '../../src/series/stream-buckets.js';
import { attributesHash } from '../../src/series/stream-identity.js';
import { manualClock, numberPoint } from './builders.js';

// The attribute hash this store used before it was seeded: FNV-1a per string, murmur3's
// finaliser per pair, pairs summed. Every step is invertible, so colliding sets can be built.
const K = 0x9e3779b1;
function fnv(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
function inverse(c: number): number {
  let x = c;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(c, x));
  return x;
}
function unmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, inverse(0xc2b2ae35));
  h ^= (h >>> 13) ^ (h >>> 26);
  h = Math.imul(h, inverse(0x85ebca6b));
  return h ^ (h >>> 16);
}
const oldValueHash = (v: number): number => mix(v ^ 0x6a09e667);
const oldTerm = (k: string, v: number): number => mix(fnv(k) ^ Math.imul(oldValueHash(v), K));
function oldAttributesHash(attributes: Record<string, number>): number {
  let h = 0;
  for (const [k, v] of Object.entries(attributes)) h = (h + oldTerm(k, v)) | 0;
  return h;
}
/** The integer value of key `k` whose old pair term is `term`. */
function valueFor(k: string, term: number): number {
  const valueHash = Math.imul(unmix(term) ^ fnv(k), inverse(K));
  return unmix(valueHash) ^ 0x6a09e667;
}

/** `n` distinct attribute sets `{ a, b }` that all had the old hash `target`. */
function collidingSets(n: number, target = 0x12345678): Attributes[] {
  const sets: Attributes[] = [];
  for (let i = 0; i < n; i++) {
    const t = Math.imul(i + 1, 0x2545f491);
    sets.push({ a: valueFor('a', t), b: valueFor('b', (target - t) | 0) });
  }
  return sets;
}

describe('attribute hash flooding', () => {
  it('builds sets that all collided under the old unseeded hash', () => {
    const sets = collidingSets(50);
    expect(new Set(sets.map((s) => oldAttributesHash(s as Record<string, number>))).size).toBe(1);
    expect(new Set(sets.map((s) => `${s.a as number},${s.b as number}`)).size).toBe(50);
  });

  it('spreads those sets under the seeded hash', () => {
    const sets = collidingSets(2000);
    const hashes = new Set(sets.map((s) => attributesHash(s)));
    // 2,000 random 32-bit values: a collision or two at most.
    expect(hashes.size).toBeGreaterThan(1995);
  });

  it('looks colliding sets up with as few comparisons as ordinary ones', () => {
    const clock = manualClock(0);
    const probesFor = (sets: Attributes[]): number => {
      const store = createSeriesStore({ clock });
      const metric = store.metric(
        store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' }),
        'm',
        'gauge',
        '1',
      );
      for (const round of [1, 2]) {
        for (const attributes of sets) {
          store.writeNumber(
            metric,
            AggregationTemporality.UNSPECIFIED,
            numberPoint(round, 1, { attributes }),
            clock.now(),
          );
        }
      }
      expect(store.stats().series).toBe(sets.length);
      return store.lookupProbes();
    };
    const n = 2000;
    const ordinary = Array.from({ length: n }, (_, i): Attributes => ({ a: i, b: -i }));
    const colliding = probesFor(collidingSets(n));
    // The second round finds each series with one comparison; the first compares only on
    // the rare seeded-hash collisions. Under the old hash this was n²/2 ≈ 2,000,000.
    expect(colliding).toBeLessThan(n + 50);
    expect(colliding).toBeLessThanOrEqual(probesFor(ordinary) + 50);
  });

  it('keeps a bucket of colliding series at most MAX_CHAIN comparisons per lookup', () => {
    const registry = new SeriesRegistry(resolveSeriesStoreConfig({}));
    const prefix = registry.prefix({}, 0, { name: '', version: '' });
    const handle = registry.handle(prefix, 'm', 'gauge', '1');
    // Force every entry into one bucket, as if all their hashes collided.
    let bucket: StreamBucket | undefined;
    const entries: SeriesEntry[] = [];
    for (let i = 0; i < 500; i++) {
      const entry = registry.create(handle, { op: `o${i}`, n: i }, false);
      entries.push(entry);
      bucket = addToBucket(bucket, entry);
    }
    expect(bucket).toBeInstanceOf(Map);
    const counter = { probes: 0 };
    for (const entry of entries) {
      expect(
        findInBucket(
          bucket as StreamBucket,
          { n: entry.attributes.n as number, op: entry.attributes.op as string },
          counter,
        ),
      ).toBe(entry);
    }
    expect(counter.probes).toBe(entries.length);
    expect(findInBucket(bucket as StreamBucket, { op: 'absent' }, counter)).toBeUndefined();
    // A short chain is compared entry by entry, never more than MAX_CHAIN of them.
    let chain: StreamBucket | undefined;
    for (const entry of entries.slice(0, MAX_CHAIN)) chain = addToBucket(chain, entry);
    expect(Array.isArray(chain)).toBe(true);
    const before = counter.probes;
    findInBucket(chain as StreamBucket, { op: 'absent' }, counter);
    expect(counter.probes - before).toBe(MAX_CHAIN);
    expect(entries[0]).toBeInstanceOf(SeriesEntry);
  });

  it('finds resources whose prefix hashes all collide with at most MAX_CHAIN + 1 comparisons', () => {
    const registry = new SeriesRegistry(resolveSeriesStoreConfig({}));
    const scope = { name: 's', version: '1' };
    // Every resource given the same hash, as if a producer had found colliding resources.
    const resources = Array.from({ length: 500 }, (_, i): Attributes => ({ host: `h${i}` }));
    const prefixes = resources.map((r) => registry.prefix(r, 0, scope));
    expect(new Set(prefixes).size).toBe(500);
    const before = registry.probes;
    for (const [i, r] of resources.entries()) {
      expect(registry.prefix({ ...r }, 0, scope)).toBe(prefixes[i]);
    }
    expect(registry.probes - before).toBeLessThanOrEqual(500 * (MAX_CHAIN + 1));
    expect([...registry.allPrefixes()]).toHaveLength(500);
    // Prefixes without series are forgotten, from the exact-key map too.
    registry.sweep();
    expect([...registry.allPrefixes()]).toHaveLength(0);
    expect(registry.prefixesByKey.size).toBe(0);
  });
});
