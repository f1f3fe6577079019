/**
 * Collision-proof buckets of the stream maps: series are found by the seeded hash of their
 * attributes (`stream-identity.ts`), and a bucket holds one series, a short list of series
 * whose attribute sets collided, or, past {@link MAX_CHAIN} of them, a map by exact
 * canonical key. A lookup therefore compares attribute sets at most {@link MAX_CHAIN} times,
 * however many sets a producer manages to make collide.
 */
import type { Attributes } from '../otlp/model.js';
import { SeriesEntry } from './internal-types.js';
import { attributesKey, sameAttributes } from './stream-identity.js';

/** Series in a list bucket before it becomes an exact-key map. */
export const MAX_CHAIN = 8;

/** One bucket of a stream map. */
export type StreamBucket = SeriesEntry | SeriesEntry[] | Map<string, SeriesEntry>;

/** Counts attribute-set comparisons, to show the cost of a lookup without timing it. */
export interface ProbeCounter {
  probes: number;
}

/** The series of `attributes` in `bucket`, if any. */
export function findInBucket(
  bucket: StreamBucket,
  attributes: Attributes,
  counter: ProbeCounter,
): SeriesEntry | undefined {
  if (bucket instanceof SeriesEntry) {
    counter.probes++;
    return sameAttributes(bucket.attributes, attributes) ? bucket : undefined;
  }
  if (Array.isArray(bucket)) {
    for (const entry of bucket) {
      counter.probes++;
      if (sameAttributes(entry.attributes, attributes)) return entry;
    }
    return undefined;
  }
  counter.probes++;
  return bucket.get(attributesKey(attributes));
}

/** `bucket` (undefined when empty) with `entry` added. */
export function addToBucket(bucket: StreamBucket | undefined, entry: SeriesEntry): StreamBucket {
  if (bucket === undefined) return entry;
  if (bucket instanceof SeriesEntry) return [bucket, entry];
  if (Array.isArray(bucket)) {
    if (bucket.length < MAX_CHAIN) {
      bucket.push(entry);
      return bucket;
    }
    const exact = new Map<string, SeriesEntry>();
    for (const e of bucket) exact.set(attributesKey(e.attributes), e);
    exact.set(attributesKey(entry.attributes), entry);
    return exact;
  }
  bucket.set(attributesKey(entry.attributes), entry);
  return bucket;
}

/** `bucket` without `entry` (undefined when it becomes empty); unchanged when absent. */
export function removeFromBucket(
  bucket: StreamBucket,
  entry: SeriesEntry,
): StreamBucket | undefined {
  if (bucket instanceof SeriesEntry) return bucket === entry ? undefined : bucket;
  if (Array.isArray(bucket)) {
    const rest = bucket.filter((e) => e !== entry);
    return rest.length === 1 ? rest[0] : rest;
  }
  const key = attributesKey(entry.attributes);
  if (bucket.get(key) === entry) bucket.delete(key);
  return bucket.size === 0 ? undefined : bucket;
}

/** Whether `entry` is in `bucket`. */
export function bucketHas(bucket: StreamBucket | undefined, entry: SeriesEntry): boolean {
  if (bucket === undefined) return false;
  if (bucket instanceof SeriesEntry) return bucket === entry;
  if (Array.isArray(bucket)) return bucket.includes(entry);
  return bucket.get(attributesKey(entry.attributes)) === entry;
}
