import { ATTR_ERROR_TYPE, ATTR_SECURITY_CHECK_NAME } from '@heterodyne/semconv';
import type { Attributes, Histogram } from '@opentelemetry/api';
import { clock } from '../internal/clock.js';
import { reportDropped, reportInternalError } from '../internal/diag.js';
import { errorType } from '../internal/error-type.js';
import { isThenable } from '../internal/thenable.js';
import { GLOBAL_TELEMETRY } from '../telemetry/telemetry-source.js';

function record(
  histogram: Histogram,
  name: string,
  startMillis: number,
  failed: boolean,
  error?: unknown,
): void {
  try {
    const seconds = (clock.now() - startMillis) / 1000;
    if (!Number.isFinite(seconds) || seconds < 0) {
      reportDropped(`withSecurityCheck(${name})`, `invalid duration ${seconds}`);
      return;
    }
    const attributes: Attributes = { [ATTR_SECURITY_CHECK_NAME]: name };
    if (failed) attributes[ATTR_ERROR_TYPE] = errorType(error);
    histogram.record(seconds, attributes);
  } catch (failure) {
    reportInternalError(`withSecurityCheck(${name})`, failure);
  }
}

/**
 * Runs the security check `fn` (input validation, a signature check, an access decision)
 * and records the time it took in `heterodyne.security.check.duration` under the check's
 * `name`, with `error.type` when it throws or rejects. Returns what `fn` returns and throws
 * what it throws; for a promise, returns one that settles the same way after recording.
 *
 * Throws a TypeError if `fn` is not a function. A missing name is reported through `diag`
 * and the check runs unmeasured.
 *
 * @example
 * const input = withSecurityCheck('input_validation', () => validateDataset(raw));
 */
export function withSecurityCheck<T>(name: string, fn: () => T): T {
  if (typeof fn !== 'function') {
    throw new TypeError(`withSecurityCheck(${JSON.stringify(name)}): fn must be a function`);
  }
  if (typeof name !== 'string' || name.length === 0) {
    reportDropped('withSecurityCheck', 'needs a non-empty check name');
    return fn();
  }
  let histogram: Histogram | undefined;
  try {
    histogram = GLOBAL_TELEMETRY.resolve()?.instruments?.securityCheckDuration;
  } catch (error) {
    reportInternalError(`withSecurityCheck(${name})`, error);
  }
  if (histogram === undefined) return fn();
  const h = histogram;
  const startMillis = clock.now();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    record(h, name, startMillis, true, error);
    throw error;
  }
  if (!isThenable(result)) {
    record(h, name, startMillis, false);
    return result;
  }
  try {
    return result.then(
      (value) => {
        record(h, name, startMillis, false);
        return value;
      },
      (error: unknown) => {
        record(h, name, startMillis, true, error);
        throw error;
      },
    ) as T;
  } catch (error) {
    reportInternalError(`withSecurityCheck(${name}): then() threw`, error);
    return result;
  }
}
