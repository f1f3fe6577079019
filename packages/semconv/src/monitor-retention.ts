/**
 * Names of the analysis service's retention telemetry: how large its store is and what the
 * scheduled clean-up removed.
 */
import type { MetricDefinition } from './metrics.js';

/** Bytes the store's tables and indexes take (SQLite pages; PostgreSQL relations of its schema). Gauge. */
export const METRIC_MONITOR_STORE_SIZE = 'heterodyne.monitor.store.size';
/** Rows the retention clean-up deleted, by {@link ATTR_MONITOR_RETENTION_KIND}. Counter. */
export const METRIC_MONITOR_RETENTION_DELETED = 'heterodyne.monitor.retention.deleted';
/** Time of one retention clean-up run, all kinds. Histogram, seconds. */
export const METRIC_MONITOR_RETENTION_DURATION = 'heterodyne.monitor.retention.duration';
/**
 * The kind of stored history (`alerts`, `deliveries`, `slo_history`, `drift_events`,
 * `baseline_history`, `baseline_versions`, `audit_log`, `checkpoints`, `findings`).
 */
export const ATTR_MONITOR_RETENTION_KIND = 'heterodyne.monitor.retention.kind';

/** Retention metrics, in documentation order. */
export const MONITOR_RETENTION_METRICS: readonly MetricDefinition[] = [
  {
    name: METRIC_MONITOR_STORE_SIZE,
    instrument: 'gauge',
    unit: 'By',
    description:
      "Bytes the store's tables and indexes take: SQLite database pages, or the PostgreSQL relations of the store's schema.",
    attributes: [],
  },
  {
    name: METRIC_MONITOR_RETENTION_DELETED,
    instrument: 'counter',
    unit: '{row}',
    description: 'Rows the scheduled retention clean-up deleted, by kind of history.',
    attributes: [ATTR_MONITOR_RETENTION_KIND],
  },
  {
    name: METRIC_MONITOR_RETENTION_DURATION,
    instrument: 'histogram',
    unit: 's',
    description: 'Time of one retention clean-up run over every kind of history.',
    attributes: [],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
  },
];
