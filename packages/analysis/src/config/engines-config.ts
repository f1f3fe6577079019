/**
 * The `engines` section: limits of the engine runtime (the engines' own settings live in
 * their sections, such as `slo`). Declared here once, with its defaults and checks.
 *
 * ```yaml
 * engines:
 *   findings_limit: 1000   # recent findings kept for GET /api/v1/findings
 *   findings_write_queue: 10000  # findings queued while the store refuses writes
 *   shutdown_wait: 30s     # how long shutdown waits for a running evaluation
 * ```
 */
import type { MapReader } from './yaml-reader.js';

/** Default of `engines.findings_limit`. */
export const DEFAULT_FINDINGS_LIMIT = 1000;
/** Default of `engines.findings_write_queue`. */
export const DEFAULT_FINDINGS_WRITE_QUEUE = 10_000;
/** Default of `engines.shutdown_wait`, in milliseconds. */
export const DEFAULT_ENGINE_SHUTDOWN_WAIT_MILLIS = 30_000;

/** `engines`: limits of the engine runtime. */
export interface EnginesConfig {
  /**
   * Recent findings kept in memory for `GET /api/v1/findings`, across engines; older ones
   * are dropped first (counted in the status).
   * @default 1000
   */
  findingsLimit: number;
  /**
   * Findings queued for the store at most while it refuses writes; past it the oldest queued
   * are dropped (counted in `heterodyne.monitor.findings.write.dropped`), never written.
   * @default 10000
   */
  findingsWriteQueue: number;
  /**
   * How long shutdown waits for a running evaluation, in milliseconds; an engine still
   * evaluating after it is not shut down (its state not saved) and shutdown reports it.
   * @default 30000
   */
  shutdownWaitMillis: number;
}

/** Reads `engines`. */
export function readEngines(root: MapReader): EnginesConfig {
  const engines = root.map('engines');
  const findingsLimit = engines.number('findings_limit', DEFAULT_FINDINGS_LIMIT, {
    min: 1,
    max: 1_000_000,
    integer: true,
  });
  const findingsWriteQueue = engines.number('findings_write_queue', DEFAULT_FINDINGS_WRITE_QUEUE, {
    min: 1,
    max: 10_000_000,
    integer: true,
  });
  const shutdownWaitMillis = engines.duration(
    'shutdown_wait',
    DEFAULT_ENGINE_SHUTDOWN_WAIT_MILLIS,
    {
      min: 0,
    },
  );
  engines.finish();
  return { findingsLimit, findingsWriteQueue, shutdownWaitMillis };
}
