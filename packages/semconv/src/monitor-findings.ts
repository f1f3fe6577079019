/**
 * Names of the analysis service's telemetry about persisting findings: the engine runtime
 * writes its findings to the store behind its in-memory log, in batches.
 */
import { ATTR_ERROR_TYPE } from './attributes.js';
import type { MetricDefinition } from './metrics.js';

/** Findings written to the store. Counter. */
export const METRIC_MONITOR_FINDINGS_WRITTEN = 'heterodyne.monitor.findings.written';
/** Writes of findings to the store that failed (retried at the next flush), by `error.type`. Counter. */
export const METRIC_MONITOR_FINDINGS_WRITE_FAILURES = 'heterodyne.monitor.findings.write.failures';
/**
 * Findings dropped from the write queue, never written: the store refused writes for so long
 * that the queue (`engines.findings_write_queue`) filled. Counter.
 */
export const METRIC_MONITOR_FINDINGS_WRITE_DROPPED = 'heterodyne.monitor.findings.write.dropped';
/** Findings waiting to be written to the store. UpDownCounter (observable). */
export const METRIC_MONITOR_FINDINGS_WRITE_PENDING = 'heterodyne.monitor.findings.write.pending';

/** Finding persistence metrics, in documentation order. */
export const MONITOR_FINDINGS_METRICS: readonly MetricDefinition[] = [
  {
    name: METRIC_MONITOR_FINDINGS_WRITTEN,
    instrument: 'counter',
    unit: '{finding}',
    description: 'Findings written to the store.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_FINDINGS_WRITE_FAILURES,
    instrument: 'counter',
    unit: '{failure}',
    description:
      'Writes of findings to the store that failed; the findings stay queued and are retried at the next flush.',
    attributes: [ATTR_ERROR_TYPE],
  },
  {
    name: METRIC_MONITOR_FINDINGS_WRITE_DROPPED,
    instrument: 'counter',
    unit: '{finding}',
    description:
      'Findings dropped from a full write queue while the store refused writes; they were never written.',
    attributes: [],
  },
  {
    name: METRIC_MONITOR_FINDINGS_WRITE_PENDING,
    instrument: 'updowncounter',
    unit: '{finding}',
    description: 'Findings waiting to be written to the store.',
    attributes: [],
  },
];
