import { validateRelativeAccuracy } from './sketch-mapping.js';
import type { Clock, RollupTierOptions, SeriesKind, SeriesStoreOptions } from './types.js';

/** Default ring buffer capacity (samples per series). */
export const DEFAULT_RING_CAPACITY = 60;
/** Default rollup tiers: 5-minute slots for an hour, hourly slots for a day. */
export const DEFAULT_ROLLUPS: readonly RollupTierOptions[] = [
  { periodSeconds: 300, slots: 12 },
  { periodSeconds: 3600, slots: 24 },
];
/** Default sketch relative accuracy. */
export const DEFAULT_RELATIVE_ACCURACY = 0.01;
/** Default bucket bound per sketch. */
export const DEFAULT_MAX_SKETCH_BUCKETS = 64;
/** Default kinds that feed sketches. */
export const DEFAULT_SKETCH_KINDS: readonly SeriesKind[] = [
  'gauge',
  'histogram',
  'exponential_histogram',
];
/** Default streams per metric, as the OpenTelemetry SDK's default cardinality limit. */
export const DEFAULT_CARDINALITY_LIMIT = 10_000;
/** Default staleness, as Prometheus' lookback delta. */
export const DEFAULT_STALENESS_MILLIS = 5 * 60_000;
/** Default retention of stale series. */
export const DEFAULT_RETENTION_MILLIS = 24 * 3_600_000;
/** Default estimated-memory limit of the store: 1 GiB. */
export const DEFAULT_MAX_MEMORY_BYTES = 1024 ** 3;
/**
 * Default series limit: the default memory limit at about 4 KiB per series (a histogram
 * series with its sketches and bucket reference; counters and gauges take less).
 */
export const DEFAULT_MAX_SERIES = 250_000;
/** Default longest metric name, scope name or version. */
export const DEFAULT_MAX_NAME_LENGTH = 1024;
/** Default longest attribute key. */
export const DEFAULT_MAX_ATTRIBUTE_KEY_LENGTH = 1024;
/** Default longest string (or bytes) attribute value. */
export const DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH = 16_384;
/** Default most attributes of a point or resource. */
export const DEFAULT_MAX_ATTRIBUTES = 128;

const KINDS: readonly SeriesKind[] = [
  'gauge',
  'counter',
  'updowncounter',
  'histogram',
  'exponential_histogram',
  'summary',
];

/** Resolved {@link SeriesStoreOptions}. */
export interface SeriesStoreConfig {
  clock: Clock;
  ringCapacity: number;
  rollups: RollupTierOptions[];
  relativeAccuracy: number;
  maxSketchBuckets: number;
  sketchKinds: ReadonlySet<SeriesKind>;
  cardinalityLimit: number;
  maxSeries: number;
  maxMemoryBytes: number;
  evictionMinIdleMillis: number;
  maxNameLength: number;
  maxAttributeKeyLength: number;
  maxAttributeValueLength: number;
  maxAttributes: number;
  stalenessMillis: number;
  retentionMillis: number;
  initialValue: 'auto' | 'keep' | 'drop';
  startTimeMillis: number;
}

const systemClock: Clock = { now: () => Date.now() };

/** Applies defaults and validates; throws a RangeError naming the bad option. */
export function resolveSeriesStoreConfig(options: SeriesStoreOptions = {}): SeriesStoreConfig {
  const clock = options.clock ?? systemClock;
  const ringCapacity = integer('ringCapacity', options.ringCapacity ?? DEFAULT_RING_CAPACITY, 2);
  const rollups = (options.rollups ?? DEFAULT_ROLLUPS).map((tier, i) => ({
    periodSeconds: integer(`rollups[${i}].periodSeconds`, tier.periodSeconds, 1),
    slots: integer(`rollups[${i}].slots`, tier.slots, 1),
  }));
  if (rollups.length === 0) throw new RangeError('rollups: at least one tier is required');
  for (let i = 1; i < rollups.length; i++) {
    if (
      (rollups[i] as RollupTierOptions).periodSeconds <=
      (rollups[i - 1] as RollupTierOptions).periodSeconds
    ) {
      throw new RangeError(`rollups[${i}].periodSeconds: must be longer than rollups[${i - 1}]'s`);
    }
  }
  const relativeAccuracy = options.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY;
  validateRelativeAccuracy(relativeAccuracy);
  const maxSketchBuckets = integer(
    'maxSketchBuckets',
    options.maxSketchBuckets ?? DEFAULT_MAX_SKETCH_BUCKETS,
    2,
  );
  const sketchKinds = options.sketchKinds ?? DEFAULT_SKETCH_KINDS;
  for (const kind of sketchKinds) {
    if (!KINDS.includes(kind)) {
      throw new RangeError(
        `sketchKinds: unknown kind ${JSON.stringify(kind)}; use ${KINDS.join(', ')}`,
      );
    }
  }
  const initialValue = options.initialValue ?? 'auto';
  if (!['auto', 'keep', 'drop'].includes(initialValue)) {
    throw new RangeError(
      `initialValue: must be auto, keep or drop, got ${JSON.stringify(initialValue)}`,
    );
  }
  const stalenessMillis = positive(
    'stalenessMillis',
    options.stalenessMillis ?? DEFAULT_STALENESS_MILLIS,
  );
  return {
    clock,
    ringCapacity,
    rollups,
    relativeAccuracy,
    maxSketchBuckets,
    sketchKinds: new Set(sketchKinds),
    cardinalityLimit: integer(
      'cardinalityLimit',
      options.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT,
      1,
    ),
    maxSeries: integer('maxSeries', options.maxSeries ?? DEFAULT_MAX_SERIES, 1),
    maxMemoryBytes: integer(
      'maxMemoryBytes',
      options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES,
      1,
    ),
    evictionMinIdleMillis: positive(
      'evictionMinIdleMillis',
      options.evictionMinIdleMillis ?? stalenessMillis,
    ),
    maxNameLength: integer('maxNameLength', options.maxNameLength ?? DEFAULT_MAX_NAME_LENGTH, 1),
    maxAttributeKeyLength: integer(
      'maxAttributeKeyLength',
      options.maxAttributeKeyLength ?? DEFAULT_MAX_ATTRIBUTE_KEY_LENGTH,
      1,
    ),
    maxAttributeValueLength: integer(
      'maxAttributeValueLength',
      options.maxAttributeValueLength ?? DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH,
      1,
    ),
    maxAttributes: integer('maxAttributes', options.maxAttributes ?? DEFAULT_MAX_ATTRIBUTES, 1),
    stalenessMillis,
    retentionMillis: positive(
      'retentionMillis',
      options.retentionMillis ?? DEFAULT_RETENTION_MILLIS,
    ),
    initialValue,
    startTimeMillis: options.startTimeMillis ?? clock.now(),
  };
}

function integer(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name}: must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name}: must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}
