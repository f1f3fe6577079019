/**
 * The `retention` component: runs the retention clean-up (`retention-runner.ts`) on a timer,
 * one run at a time, and exports the store's size (`heterodyne.monitor.store.size`, measured
 * after each run and at start) and what each run deleted.
 */
import {
  ATTR_MONITOR_RETENTION_KIND,
  METRIC_MONITOR_RETENTION_DELETED,
  METRIC_MONITOR_RETENTION_DURATION,
  METRIC_MONITOR_STORE_SIZE,
  MONITOR_RETENTION_METRICS,
} from '@heterodyne/semconv';
import type { Meter } from '@opentelemetry/api';
import type { RetentionConfig } from '../config/retention-config.js';
import type { Clock } from '../series/types.js';
import type { RetentionStore } from '../store/retention-ops.js';
import type { Component } from './component.js';
import type { ServiceLogger } from './logger.js';
import { runRetention } from './retention-runner.js';
import type { RetentionRunResult } from './retention-runner.js';

/** Options of {@link createRetentionComponent}. */
export interface RetentionComponentOptions {
  config: RetentionConfig;
  /** The store, once open. */
  store: () => RetentionStore;
  clock: Clock;
  logger: ServiceLogger;
  /** Where the metrics are created; none without it. */
  meter?: Meter;
}

/** The retention component, with a run on demand (tests, the first run after start). */
export interface RetentionComponent extends Component {
  /** Runs a clean-up now (after the one in progress, if any). */
  runNow(): Promise<RetentionRunResult>;
}

function definition(name: string): { description: string; unit: string } {
  const d = MONITOR_RETENTION_METRICS.find((m) => m.name === name)!;
  return { description: d.description, unit: d.unit };
}

/** Creates the retention component. */
export function createRetentionComponent(options: RetentionComponentOptions): RetentionComponent {
  const { config, clock, logger, meter } = options;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<RetentionRunResult> | undefined;
  let sizeBytes: number | undefined;
  let last: { atMillis: number; result: RetentionRunResult } | undefined;
  const deleted = meter?.createCounter(
    METRIC_MONITOR_RETENTION_DELETED,
    definition(METRIC_MONITOR_RETENTION_DELETED),
  );
  const duration = meter?.createHistogram(METRIC_MONITOR_RETENTION_DURATION, {
    ...definition(METRIC_MONITOR_RETENTION_DURATION),
    advice: {
      explicitBucketBoundaries: [
        ...(MONITOR_RETENTION_METRICS.find((m) => m.name === METRIC_MONITOR_RETENTION_DURATION)
          ?.buckets ?? []),
      ],
    },
  });
  const size = meter?.createObservableGauge(
    METRIC_MONITOR_STORE_SIZE,
    definition(METRIC_MONITOR_STORE_SIZE),
  );
  const observeSize = (result: { observe(value: number): void }): void => {
    if (sizeBytes !== undefined) result.observe(sizeBytes);
  };
  size?.addCallback(observeSize);

  const measure = async (): Promise<void> => {
    try {
      sizeBytes = await options.store().sizeBytes();
    } catch (error) {
      logger.warn('retention: cannot measure the store size', { error: String(error) });
    }
  };

  const once = async (): Promise<RetentionRunResult> => {
    const started = performance.now();
    const result = await runRetention({
      store: options.store(),
      config,
      nowMillis: clock.now(),
      stopped: () => stopped,
    });
    duration?.record((performance.now() - started) / 1000);
    for (const [kind, n] of Object.entries(result.deleted)) {
      deleted?.add(n, { [ATTR_MONITOR_RETENTION_KIND]: kind });
    }
    for (const [kind, error] of Object.entries(result.failed)) {
      logger.error('retention: clean-up failed', { kind, error });
    }
    if (Object.keys(result.deleted).length > 0)
      logger.info('retention: deleted old history', result.deleted);
    last = { atMillis: clock.now(), result };
    await measure();
    return result;
  };

  const runNow = (): Promise<RetentionRunResult> => {
    const next = (running ?? Promise.resolve()).then(once, once);
    running = next;
    void next.finally(() => {
      if (running === next) running = undefined;
    });
    return next;
  };

  return {
    name: 'retention',
    runNow,
    async start() {
      stopped = false;
      await measure();
      timer = setInterval(() => {
        if (running) return;
        runNow().catch((error: unknown) =>
          logger.error('retention: run failed', { error: String(error) }),
        );
      }, config.intervalMillis);
      timer.unref();
    },
    async shutdown() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      size?.removeCallback(observeSize);
      await running?.catch(() => undefined);
    },
    report() {
      return {
        intervalMillis: config.intervalMillis,
        ...(sizeBytes === undefined ? {} : { storeSizeBytes: sizeBytes }),
        ...(last
          ? {
              lastRunAtMillis: last.atMillis,
              lastDeleted: last.result.deleted,
              lastFailed: last.result.failed,
            }
          : {}),
      };
    },
  };
}
