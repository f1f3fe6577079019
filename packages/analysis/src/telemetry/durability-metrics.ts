/**
 * Self-metrics of durability and responsiveness: the longest event-loop stall, checkpoint
 * failures and age, damaged records found at start, and write-ahead log flushes and failures.
 * Recording never throws; with metrics level `none` nothing is registered.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Meter } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  METRIC_MONITOR_CHECKPOINT_AGE,
  METRIC_MONITOR_CHECKPOINT_FAILURES,
  METRIC_MONITOR_CHECKPOINT_RECORDS_DAMAGED,
  METRIC_MONITOR_EVENTLOOP_DELAY_MAX,
  METRIC_MONITOR_WAL_FAILURES,
  METRIC_MONITOR_WAL_FLUSH_DURATION,
  METRIC_MONITOR_WAL_RECORDS_DAMAGED,
  MONITOR_LATENCY_BUCKETS_SECONDS,
} from '@heterodyne/semconv';

/** Recording methods, plus the event-loop monitor's lifecycle. */
export interface DurabilityMetrics {
  /** A checkpoint failed with an error of `errorType`. */
  recordCheckpointFailure(errorType: string): void;
  /** Reports the time of the last successful checkpoint (ms since the epoch) at each collection. */
  observeCheckpointAge(lastSuccessMillis: () => number, nowMillis: () => number): void;
  /** Damaged records found at start. */
  recordDamaged(file: 'checkpoint' | 'wal', records: number): void;
  /** A log flush took `seconds`. */
  recordWalFlush(seconds: number): void;
  /** A log write or sync failed. */
  recordWalFailure(errorType: string): void;
  /** The longest event-loop delay since the previous call, in seconds (and resets it). */
  takeEventLoopDelayMax(): number;
  /** Stops the event-loop monitor. */
  shutdown(): void;
}

/** Options of {@link createDurabilityMetrics}. */
export interface DurabilityMetricsOptions {
  /** @default 'normal' */
  level?: 'none' | 'basic' | 'normal' | 'detailed';
  /** Sampling resolution of the event-loop monitor, in milliseconds. @default 10 */
  eventLoopResolutionMillis?: number;
}

/** Creates the instruments on `meter` and starts the event-loop monitor. */
export function createDurabilityMetrics(
  meter: Meter,
  options: DurabilityMetricsOptions = {},
): DurabilityMetrics {
  const level = options.level ?? 'normal';
  const delay = monitorEventLoopDelay({ resolution: options.eventLoopResolutionMillis ?? 10 });
  delay.enable();
  // The histogram holds nanoseconds; the gauge reports the maximum since the last read.
  const takeEventLoopDelayMax = (): number => {
    const max = delay.count > 0 ? delay.max / 1e9 : 0;
    delay.reset();
    return max;
  };
  const shutdown = (): void => {
    delay.disable();
  };
  if (level === 'none') {
    return {
      recordCheckpointFailure: () => undefined,
      observeCheckpointAge: () => undefined,
      recordDamaged: () => undefined,
      recordWalFlush: () => undefined,
      recordWalFailure: () => undefined,
      takeEventLoopDelayMax,
      shutdown,
    };
  }
  meter
    .createObservableGauge(METRIC_MONITOR_EVENTLOOP_DELAY_MAX, {
      description: 'Longest event-loop delay since the previous collection.',
      unit: 's',
    })
    .addCallback((result) => result.observe(takeEventLoopDelayMax()));
  const checkpointFailures = meter.createCounter(METRIC_MONITOR_CHECKPOINT_FAILURES, {
    description: 'Series store checkpoints that failed; each is retried with backoff.',
    unit: '{checkpoint}',
  });
  const checkpointDamaged = meter.createCounter(METRIC_MONITOR_CHECKPOINT_RECORDS_DAMAGED, {
    description: 'Checkpoint records dropped at restore because they were damaged.',
    unit: '{record}',
  });
  const walDamaged = meter.createCounter(METRIC_MONITOR_WAL_RECORDS_DAMAGED, {
    description: 'Write-ahead log records skipped at replay because they were damaged.',
    unit: '{record}',
  });
  const walFailures = meter.createCounter(METRIC_MONITOR_WAL_FAILURES, {
    description: 'Write-ahead log write or sync failures.',
    unit: '{failure}',
  });
  const walFlush =
    level === 'basic'
      ? undefined
      : meter.createHistogram(METRIC_MONITOR_WAL_FLUSH_DURATION, {
          description: 'Time of one write-ahead log flush: write and, under fsync, fdatasync.',
          unit: 's',
          advice: { explicitBucketBoundaries: [...MONITOR_LATENCY_BUCKETS_SECONDS] },
        });
  let age: { last: () => number; now: () => number } | undefined;
  meter
    .createObservableGauge(METRIC_MONITOR_CHECKPOINT_AGE, {
      description: 'Time since the last successful series store checkpoint.',
      unit: 's',
    })
    .addCallback((result) => {
      if (age) result.observe(Math.max(0, (age.now() - age.last()) / 1000));
    });
  return {
    recordCheckpointFailure(errorType) {
      checkpointFailures.add(1, { [ATTR_ERROR_TYPE]: errorType });
    },
    observeCheckpointAge(last, now) {
      age = { last, now };
    },
    recordDamaged(file, records) {
      if (records > 0) (file === 'wal' ? walDamaged : checkpointDamaged).add(records);
    },
    recordWalFlush(seconds) {
      walFlush?.record(seconds);
    },
    recordWalFailure(errorType) {
      walFailures.add(1, { [ATTR_ERROR_TYPE]: errorType });
    },
    takeEventLoopDelayMax,
    shutdown,
  };
}
