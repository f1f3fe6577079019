/**
 * `processors`: our own two.
 *
 * ```yaml
 * processors:
 *   queue:    # bounded ingest queue; overload answers 429 (HTTP) / UNAVAILABLE (gRPC)
 *     max_requests: 1000
 *     max_points: 200000
 *     retry_after: 1s
 *     max_wait: 2s                # longer in the queue: refused (429), not processed late
 *     max_in_flight_bytes: 64MiB  # request bodies being read and decoded, all receivers
 *   series:   # normalisation and the series store
 *     cardinality_limit: 10000
 *     window_capacity: 60
 *     retention: 24h
 *     staleness: 5m
 *     max_series: 250000          # store-wide; the longest-idle series is evicted first
 *     max_memory: 1GiB            # estimated store memory, enforced like max_series
 *     eviction_min_idle: 5m       # idle time before a series may be evicted (default: staleness)
 *     max_name_length: 1024       # metric name, scope name/version
 *     max_attribute_key_length: 1024
 *     max_attribute_value_length: 16384
 *     max_attributes: 128
 *     checkpoint_interval: 60s   # 0s: only at shutdown
 *     wal:
 *       sync: fsync              # fsync | write | off
 *       sync_interval: 1s        # for write
 *       dir: ./monitoring-data/wal
 * ```
 */
import { readComponents } from './components.js';
import type { ComponentReader, ListenClaim } from './components.js';
import {
  DEFAULT_CARDINALITY_LIMIT,
  DEFAULT_QUEUE_MAX_IN_FLIGHT_BYTES,
  DEFAULT_CHECKPOINT_INTERVAL_MILLIS,
  DEFAULT_WAL_SYNC_INTERVAL_MILLIS,
  DEFAULT_QUEUE_MAX_POINTS,
  DEFAULT_QUEUE_MAX_REQUESTS,
  DEFAULT_QUEUE_MAX_WAIT_MILLIS,
  DEFAULT_RETENTION_MILLIS,
  DEFAULT_RETRY_AFTER_MILLIS,
  DEFAULT_STALENESS_MILLIS,
  DEFAULT_WINDOW_CAPACITY,
  DEFAULT_MAX_ATTRIBUTE_KEY_LENGTH,
  DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH,
  DEFAULT_MAX_ATTRIBUTES,
  DEFAULT_MAX_MEMORY_BYTES,
  DEFAULT_MAX_NAME_LENGTH,
  DEFAULT_MAX_SERIES,
} from './defaults.js';
import type { MapReader } from './yaml-reader.js';
import { report } from './yaml-scalars.js';
import type {
  ProcessorConfig,
  QueueProcessorConfig,
  SeriesProcessorConfig,
  WalConfig,
} from './types.js';

function readWal(reader: MapReader): WalConfig {
  const wal = reader.map('wal');
  const sync = wal.oneOf('sync', ['fsync', 'write', 'off'] as const, 'fsync');
  const syncIntervalMillis = wal.duration('sync_interval', DEFAULT_WAL_SYNC_INTERVAL_MILLIS, {
    min: 10,
    max: 60_000,
  });
  const dir = wal.string('dir');
  if (dir !== undefined && dir.trim() === '') {
    report(wal.ctx, wal.pathOf('dir'), 'must name a directory', wal.node('dir'));
  }
  wal.finish();
  return { sync, syncIntervalMillis, dir: dir?.trim() || undefined };
}

const readSeries: ComponentReader<SeriesProcessorConfig> = (reader, id) => ({
  type: 'series',
  id,
  cardinalityLimit: reader.number('cardinality_limit', DEFAULT_CARDINALITY_LIMIT, {
    min: 1,
    integer: true,
  }),
  windowCapacity: reader.number('window_capacity', DEFAULT_WINDOW_CAPACITY, {
    min: 2,
    max: 1_048_576,
    integer: true,
  }),
  retentionMillis: reader.duration('retention', DEFAULT_RETENTION_MILLIS, { above: 0 }),
  ...readSeriesBounds(reader, reader.duration('staleness', DEFAULT_STALENESS_MILLIS, { above: 0 })),
  checkpointIntervalMillis: readCheckpointInterval(reader),
  wal: readWal(reader),
});

function readSeriesBounds(
  reader: MapReader,
  stalenessMillis: number,
): Omit<
  SeriesProcessorConfig,
  | 'type'
  | 'id'
  | 'cardinalityLimit'
  | 'windowCapacity'
  | 'retentionMillis'
  | 'checkpointIntervalMillis'
  | 'wal'
> {
  const length = (key: string, fallback: number): number =>
    reader.number(key, fallback, { min: 1, max: 1_048_576, integer: true });
  return {
    stalenessMillis,
    maxSeries: reader.number('max_series', DEFAULT_MAX_SERIES, { min: 1, integer: true }),
    maxMemoryBytes: reader.size('max_memory', DEFAULT_MAX_MEMORY_BYTES, { min: 1_048_576 }),
    evictionMinIdleMillis: reader.duration('eviction_min_idle', stalenessMillis, { above: 0 }),
    maxNameLength: length('max_name_length', DEFAULT_MAX_NAME_LENGTH),
    maxAttributeKeyLength: length('max_attribute_key_length', DEFAULT_MAX_ATTRIBUTE_KEY_LENGTH),
    maxAttributeValueLength: length(
      'max_attribute_value_length',
      DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH,
    ),
    maxAttributes: reader.number('max_attributes', DEFAULT_MAX_ATTRIBUTES, {
      min: 1,
      max: 65_536,
      integer: true,
    }),
  };
}

/** `checkpoint_interval`: 0 (only at shutdown), or at least one second. */
function readCheckpointInterval(reader: MapReader): number {
  const millis = reader.duration('checkpoint_interval', DEFAULT_CHECKPOINT_INTERVAL_MILLIS, {
    min: 0,
    max: 24 * 3_600_000,
  });
  if (millis > 0 && millis < 1000) {
    report(
      reader.ctx,
      reader.pathOf('checkpoint_interval'),
      'must be 0 (checkpoint only at shutdown) or at least 1s',
      reader.node('checkpoint_interval'),
    );
    return DEFAULT_CHECKPOINT_INTERVAL_MILLIS;
  }
  return millis;
}

const readQueue: ComponentReader<QueueProcessorConfig> = (reader, id) => ({
  type: 'queue',
  id,
  maxRequests: reader.number('max_requests', DEFAULT_QUEUE_MAX_REQUESTS, { min: 1, integer: true }),
  maxPoints: reader.number('max_points', DEFAULT_QUEUE_MAX_POINTS, { min: 1, integer: true }),
  retryAfterMillis: reader.duration('retry_after', DEFAULT_RETRY_AFTER_MILLIS, { min: 1000 }),
  maxWaitMillis: reader.duration('max_wait', DEFAULT_QUEUE_MAX_WAIT_MILLIS, { min: 1 }),
  maxInFlightBytes: reader.size('max_in_flight_bytes', DEFAULT_QUEUE_MAX_IN_FLIGHT_BYTES, {
    min: 1,
  }),
});

/** Readers of the processor types. */
export const PROCESSOR_TYPES: Readonly<Record<string, ComponentReader<ProcessorConfig>>> = {
  queue: readQueue,
  series: readSeries,
};

/** Reads `processors`; absent, it is `queue` and `series` with their defaults. */
export function readProcessors(
  root: MapReader,
  listens: ListenClaim[],
): Record<string, ProcessorConfig> {
  const explicit = root.has('processors');
  const section = root.map('processors');
  if (!explicit) {
    return {
      queue: readQueue(section.map('queue'), 'queue', listens),
      series: readSeries(section.map('series'), 'series', listens),
    };
  }
  const out = readComponents(section, 'processor', PROCESSOR_TYPES, listens);
  section.finish();
  return out;
}
