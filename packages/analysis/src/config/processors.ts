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
 * ```
 */
import { readComponents } from './components.js';
import type { ComponentReader, ListenClaim } from './components.js';
import {
  DEFAULT_CARDINALITY_LIMIT,
  DEFAULT_QUEUE_MAX_IN_FLIGHT_BYTES,
  DEFAULT_QUEUE_MAX_POINTS,
  DEFAULT_QUEUE_MAX_REQUESTS,
  DEFAULT_QUEUE_MAX_WAIT_MILLIS,
  DEFAULT_RETENTION_MILLIS,
  DEFAULT_RETRY_AFTER_MILLIS,
  DEFAULT_STALENESS_MILLIS,
  DEFAULT_WINDOW_CAPACITY,
} from './defaults.js';
import type { MapReader } from './yaml-reader.js';
import type { ProcessorConfig, QueueProcessorConfig, SeriesProcessorConfig } from './types.js';

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
});

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
