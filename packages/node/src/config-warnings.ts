import { diag } from '@opentelemetry/api';

/** `code` of the process warnings {@link reportConfigWarnings} emits. */
export const CONFIG_WARNING_CODE = 'HETERODYNE_OTEL_CONFIG';

/**
 * Reports configuration problems (an invalid `OTEL_*` value that was ignored, ...) through
 * `diag`. When no diagnostic log level was configured, `diag` may have no logger and would
 * drop them, so they are also emitted as Node.js process warnings (printed on stderr unless
 * `--no-warnings`; observable with `process.on('warning')`).
 */
export function reportConfigWarnings(
  warnings: readonly string[],
  logLevelConfigured: boolean,
): void {
  for (const warning of warnings) {
    const message = `startMonitoring: ${warning}`;
    diag.warn(message);
    if (!logLevelConfigured) process.emitWarning(message, { code: CONFIG_WARNING_CODE });
  }
}
