/**
 * The `retention` section: how long each kind of stored history is kept, and how the
 * scheduled clean-up runs. Declared here once, with its defaults and checks.
 *
 * ```yaml
 * retention:
 *   interval: 1h            # how often the clean-up runs
 *   batch_size: 500         # rows deleted per transaction
 *   alerts: 90d             # resolved alerts, with their acknowledgements
 *   deliveries: 30d         # delivery attempts (a pending delivery's latest attempt stays)
 *   slo_history: 400d
 *   drift_events: 180d
 *   baseline_history: 180d  # past values of each baseline
 *   baseline_versions: 50   # saved versions kept: the newest N
 *   audit_log: 400d
 *   checkpoints: 30d        # checkpoints not written for this long
 *   findings: 90d           # engine findings (a condition still firing keeps its latest)
 * ```
 * A duration of `0` keeps that kind forever; `baseline_versions: 0` keeps every version.
 */
import { AGE_RETENTION_KINDS } from '../store/retention-ops.js';
import type { AgeRetentionKind } from '../store/retention-ops.js';
import type { MapReader } from './yaml-reader.js';

const DAY = 86_400_000;

/** Default age limits per kind, in milliseconds. */
export const DEFAULT_RETENTION_MILLIS: Readonly<Record<AgeRetentionKind, number>> = {
  alerts: 90 * DAY,
  deliveries: 30 * DAY,
  slo_history: 400 * DAY,
  drift_events: 180 * DAY,
  baseline_history: 180 * DAY,
  audit_log: 400 * DAY,
  checkpoints: 30 * DAY,
  findings: 90 * DAY,
};

/** `retention`. */
export interface RetentionConfig {
  /** How often the clean-up runs, in milliseconds. @default 3600000 (1h) */
  intervalMillis: number;
  /** Rows deleted per transaction. @default 500 */
  batchSize: number;
  /** Age after which rows of each kind are deleted, in milliseconds; 0 keeps them. */
  maxAgeMillis: Record<AgeRetentionKind, number>;
  /** Saved baseline versions kept (the newest); 0 keeps every one. @default 50 */
  baselineVersions: number;
}

/** Reads `retention`. */
export function readRetention(root: MapReader): RetentionConfig {
  const r = root.map('retention');
  const maxAgeMillis = { ...DEFAULT_RETENTION_MILLIS };
  for (const kind of AGE_RETENTION_KINDS) {
    const value = r.duration(kind, DEFAULT_RETENTION_MILLIS[kind], { min: 0 });
    // Less than an hour of history is almost certainly a typo (`90s` for `90d`).
    maxAgeMillis[kind] = value > 0 && value < 3_600_000 ? DEFAULT_RETENTION_MILLIS[kind] : value;
    if (value > 0 && value < 3_600_000) r.refuse(kind, 'must be 0 (keep forever) or at least 1h');
  }
  const out: RetentionConfig = {
    intervalMillis: r.duration('interval', 3_600_000, { min: 1000 }),
    batchSize: r.number('batch_size', 500, { min: 1, max: 100_000, integer: true }),
    maxAgeMillis,
    baselineVersions: r.number('baseline_versions', 50, { min: 0, max: 1_000_000, integer: true }),
  };
  r.finish();
  return out;
}
