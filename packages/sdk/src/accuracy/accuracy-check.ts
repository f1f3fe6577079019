import {
  ACCURACY_METHOD_VALUES,
  ATTR_ACCURACY_ACHIEVED,
  ATTR_ACCURACY_METHOD,
  ATTR_ACCURACY_PRESERVED,
  ATTR_ACCURACY_TOLERANCE,
} from '@heterodyne/semconv';
import type { AccuracyConfig } from '../config.js';
import { reportDropped, reportInternalError } from '../internal/diag.js';
import { isThenable } from '../internal/thenable.js';
import type { Call } from '../operation/call.js';
import type { Operation } from '../operation/operation.js';
import { compareResults, comparisonAccuracy } from './compare.js';

const OPTION_OF_METHOD: Record<string, string> = {
  [ACCURACY_METHOD_VALUES.REFERENCE]: 'reference',
  [ACCURACY_METHOD_VALUES.MEASURE]: 'accuracy',
  [ACCURACY_METHOD_VALUES.VALIDATE]: 'validate',
};

/** The sampling decision, guarded: a throwing or broken random source samples nothing. */
export function isSampled(accuracy: AccuracyConfig, where: string): boolean {
  const rate = accuracy.sampleRate;
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  try {
    return accuracy.random() < rate;
  } catch (error) {
    reportInternalError(`${where}: options.random threw`, error);
    return false;
  }
}

/**
 * Checks the accuracy of a call's result if the call is sampled. Returns true when it did,
 * in which case it also ends the call's span, stamped with the time the operation itself
 * finished so the check's own duration stays out of the span. A check returning a promise
 * finishes when the promise settles, without holding up the caller. Never throws.
 */
export function checkAccuracy(
  op: Operation,
  call: Call,
  result: unknown,
  thisArg: unknown,
  args: readonly unknown[],
): boolean {
  const accuracy = op.config.accuracy;
  if (accuracy === undefined || !isSampled(accuracy, op.name)) return false;
  const spanEnd = performance.now();
  const { method, fn } = accuracy.check;
  const where = `${op.name}: options.${OPTION_OF_METHOD[method] ?? method}`;
  let outcome: unknown;
  try {
    outcome =
      method === ACCURACY_METHOD_VALUES.REFERENCE
        ? Reflect.apply(fn, thisArg, args)
        : Reflect.apply(fn, undefined, [result]);
  } catch (error) {
    reportInternalError(`${where} threw`, error);
    endSpan(call, spanEnd);
    return true;
  }
  if (!isThenable(outcome)) {
    finish(op, call, result, outcome, where, spanEnd);
    return true;
  }
  try {
    outcome.then(
      (value) => finish(op, call, result, value, where, spanEnd),
      (error: unknown) => {
        reportInternalError(`${where} rejected`, error);
        endSpan(call, spanEnd);
      },
    );
  } catch (error) {
    reportInternalError(`${where} returned a thenable whose then() threw`, error);
    endSpan(call, spanEnd);
  }
  return true;
}

function endSpan(call: Call, endTime: number): void {
  try {
    call.span?.end(endTime);
  } catch (error) {
    reportInternalError('span.end', error);
  }
}

/** The achieved accuracy an outcome stands for, or undefined (reported) when it is invalid. */
function achievedFrom(
  accuracy: AccuracyConfig,
  op: Operation,
  result: unknown,
  outcome: unknown,
  where: string,
): number | undefined {
  switch (accuracy.check.method) {
    case ACCURACY_METHOD_VALUES.REFERENCE: {
      const comparison = compareResults(
        result,
        outcome,
        accuracy.tolerance ?? { relative: 0, absolute: 0 },
        op.config.limits,
      );
      if (comparison.compared === 0 && comparison.truncated) {
        // Nothing within the limits was compared: no evidence either way, so no accuracy.
        reportDropped(
          where,
          `no element within options.limits (maxDepth ${op.config.limits.maxDepth}) was compared`,
        );
        return undefined;
      }
      return comparisonAccuracy(comparison);
    }
    case ACCURACY_METHOD_VALUES.VALIDATE:
      if (typeof outcome === 'boolean') return outcome ? 1 : 0;
      reportDropped(where, `returned ${typeof outcome}, not a boolean`);
      return undefined;
    default:
      if (typeof outcome === 'number' && outcome >= 0 && outcome <= 1) return outcome;
      reportDropped(where, `returned ${String(outcome)}, not a number in [0, 1]`);
      return undefined;
  }
}

function finish(
  op: Operation,
  call: Call,
  result: unknown,
  outcome: unknown,
  where: string,
  spanEnd: number,
): void {
  try {
    const accuracy = op.config.accuracy;
    const achieved = accuracy && achievedFrom(accuracy, op, result, outcome, where);
    if (accuracy !== undefined && achieved !== undefined) {
      const preserved = achieved >= accuracy.expected;
      const span = call.span;
      if (span !== undefined) {
        span.setAttribute(ATTR_ACCURACY_ACHIEVED, achieved);
        span.setAttribute(ATTR_ACCURACY_PRESERVED, preserved);
        span.setAttribute(ATTR_ACCURACY_METHOD, accuracy.check.method);
        if (accuracy.tolerance !== undefined) {
          span.setAttribute(ATTR_ACCURACY_TOLERANCE, accuracy.tolerance.relative);
        }
      }
      const instruments = call.instruments;
      if (instruments !== undefined) {
        instruments.accuracyAchieved.record(achieved, op.accuracyAttributes);
        instruments.accuracyChecks.add(
          1,
          preserved ? op.preservedAttributes : op.violatedAttributes,
        );
        if (!preserved) instruments.accuracyViolations.add(1, op.accuracyAttributes);
      }
    }
  } catch (error) {
    reportInternalError(`${where}: recording accuracy`, error);
  }
  endSpan(call, spanEnd);
}
