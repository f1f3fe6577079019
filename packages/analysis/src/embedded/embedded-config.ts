/**
 * The configuration of an embedded monitor: the service's own configuration, built from the
 * seed's options (`monitoringDir`, `monitoringIntervalSeconds`, `sliTargets`) and validated
 * by the same reader, so every limit and default is the service's.
 */
import { join } from 'node:path';
import { parseConfig } from '../config/load-config.js';
import type { AnalysisConfig } from '../config/types.js';

/** The seed's options of the embedded monitor. */
export interface EmbeddedConfigOptions {
  /**
   * Directory of the state (SQLite store, series write-ahead log and checkpoint), created if
   * missing; SLO history, baselines and alerts survive a restart there. Without it everything
   * is kept in memory and lost at `stopMonitoring()`. @default none (in memory)
   */
  monitoringDir?: string;
  /** How often the SLO and baseline engines evaluate, in seconds. @default 30 */
  monitoringIntervalSeconds?: number;
  /**
   * Targets per SLI id of `@heterodyne/semconv` (`accuracy_preservation: 0.999`,
   * `response_time: 2.0`, `memory_utilization: 0.8`, ...). @default the semconv targets
   */
  sliTargets?: Readonly<Record<string, number>>;
}

/**
 * The service configuration for `options`. Throws a `ConfigError`-worded `Error` naming the
 * option when a value is invalid (a non-positive interval, an unknown SLI id).
 */
export function embeddedConfig(options: EmbeddedConfigOptions): AnalysisConfig {
  const interval = options.monitoringIntervalSeconds ?? 30;
  if (!(Number.isFinite(interval) && interval >= 1)) {
    throw new RangeError(
      `ContinuousOptimizationMonitor: monitoringIntervalSeconds must be a number >= 1, got ${String(interval)}`,
    );
  }
  const store =
    options.monitoringDir === undefined
      ? 'sqlite::memory:'
      : `sqlite:${join(options.monitoringDir, 'heterodyne.db')}`;
  // JSON is YAML: every value is quoted or a plain number, so no option can inject keys.
  const document = {
    store,
    slo: {
      evaluation_interval: `${interval}s`,
      ...(options.sliTargets ? { targets: { ...options.sliTargets } } : {}),
    },
    baselines: { evaluation_interval: `${interval}s` },
  };
  const parsed = parseConfig(JSON.stringify(document, null, 2), {
    file: '<ContinuousOptimizationMonitor options>',
  });
  if (!parsed.ok) {
    throw new Error(`ContinuousOptimizationMonitor: invalid options:\n${parsed.error.join('\n')}`);
  }
  return parsed.value;
}
