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
  stalenessMillis: reader.duration('staleness', DEFAULT_STALENESS_MILLIS, { above: 0 }),
  checkpointIntervalMillis: readCheckpointInterval(reader),
  wal: readWal(reader),
});

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
