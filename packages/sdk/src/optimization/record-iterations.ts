import { ATTR_OPERATION_NAME, ATTR_OPTIMIZATION_METHOD } from '@heterodyne/semconv';
import type { Attributes } from '@opentelemetry/api';
import { reportDropped, reportInternalError } from '../internal/diag.js';
import { GLOBAL_TELEMETRY } from '../telemetry/telemetry-source.js';

/**
 * Records that an optimizer ran `count` iterations in one fit of the operation `name`
 * (`heterodyne.optimization.iterations`), with the optimization `method` if given.
 * Negative or non-finite counts are reported through `diag` and dropped.
 *
 * @example
 * recordIterations('classical_optimization', result.iterations, 'nelder-mead');
 */
export function recordIterations(name: string, count: number, method?: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    reportDropped('recordIterations', 'needs a non-empty operation name');
    return;
  }
  if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
    reportDropped(
      `recordIterations(${name})`,
      `count must be finite and >= 0, got ${String(count)}`,
    );
    return;
  }
  try {
    const attributes: Attributes = { [ATTR_OPERATION_NAME]: name };
    if (typeof method === 'string' && method.length > 0) {
      attributes[ATTR_OPTIMIZATION_METHOD] = method;
    }
    GLOBAL_TELEMETRY.resolve()?.instruments?.optimizationIterations.record(count, attributes);
  } catch (error) {
    reportInternalError(`recordIterations(${name})`, error);
  }
}
