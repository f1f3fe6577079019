import { context } from '@opentelemetry/api';
import { reportInternalError } from '../internal/diag.js';
import { isThenable } from '../internal/thenable.js';
import type { ActiveTelemetry } from '../telemetry/telemetry-source.js';
import type { OperationOptions } from '../types.js';
import { beginCall, failCall, succeedCall } from './call.js';
import type { Call } from './call.js';
import { createOperation } from './operation.js';
import type { Operation } from './operation.js';

/** Any function: the shape `monitorOperation` accepts and returns. */
export type AnyFunction = (...args: never[]) => unknown;

/** A constructor, as `new.target` is when a wrapped function is called with `new`. */
type Constructor = new (...args: unknown[]) => unknown;

/** Where a monitored wrapper keeps the function it wraps. Shared across copies of the SDK. */
const ORIGINAL = Symbol.for('@heterodyne/sdk.original');

/**
 * Wraps `fn` so that every call is a monitored operation named `name`: a span (a child of the
 * active span, and itself active while `fn` runs, so nested operations become its children)
 * and a point of the `heterodyne.operation.duration` histogram, plus the accuracy,
 * non-finite and cold-start measurements configured in `options`.
 *
 * The wrapper returns what `fn` returns and throws what `fn` throws, with `this` and the
 * arguments passed through; for a function returning a promise it returns a promise that
 * settles the same way, once the operation is recorded. A throw or rejection sets the span
 * status to ERROR, records the exception and sets `error.type` on the span and the
 * histogram point.
 *
 * Invalid options throw here, naming the option. The wrapper itself never throws anything of
 * its own. With no OpenTelemetry SDK registered it only checks that this is still so and
 * calls `fn`.
 *
 * @example
 * const chiSquared = monitorOperation('chi_squared_calculation', computeChiSquared, {
 *   expectedAccuracy: 0.999,
 *   reference: computeChiSquaredReference,
 * });
 */
export function monitorOperation<F extends AnyFunction>(
  name: string,
  fn: F,
  options?: OperationOptions<Awaited<ReturnType<F>>, Parameters<F>>,
): F {
  if (typeof fn !== 'function') {
    throw new TypeError(
      `monitorOperation(${JSON.stringify(name)}): fn must be a function; got ${typeof fn}`,
    );
  }
  const op = createOperation('monitorOperation', name, options as OperationOptions<never>);
  return wrapWithOperation(op, fn);
}

/**
 * Runs `fn` now as the monitored operation `name` and returns its result: the run-now form
 * of {@link monitorOperation}, for a block of code rather than a reusable function. Options
 * are validated on every call; cold starts are tracked per operation name.
 */
export function withOperation<T>(
  name: string,
  fn: () => T,
  options?: OperationOptions<Awaited<T>, []>,
): T {
  if (typeof fn !== 'function') {
    throw new TypeError(
      `withOperation(${JSON.stringify(name)}): fn must be a function; got ${typeof fn}`,
    );
  }
  const op = createOperation('withOperation', name, options as OperationOptions<never>, 'name');
  return invokeMonitored(op, op.source.resolve(), fn, undefined, [], undefined) as T;
}

/** The wrapped original of a monitored function, or `fn` itself if it is not one. */
export function unwrapOperation<F extends AnyFunction>(fn: F): F {
  const original = (fn as unknown as Record<symbol, unknown>)[ORIGINAL];
  return typeof original === 'function' ? (original as F) : fn;
}

/** True when `fn` is a wrapper made by this SDK. */
export function isMonitored(fn: unknown): boolean {
  return (
    typeof fn === 'function' &&
    typeof (fn as unknown as Record<symbol, unknown>)[ORIGINAL] === 'function'
  );
}

/** Builds the monitored wrapper of `fn` for an already validated operation. */
export function wrapWithOperation<F extends AnyFunction>(op: Operation, fn: F): F {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const target: Constructor | undefined =
      new.target === undefined
        ? undefined
        : ((new.target === wrapped ? fn : new.target) as unknown as Constructor);
    const active = op.source.resolve();
    if (active === undefined && op.coldStart === undefined) {
      return target === undefined
        ? Reflect.apply(fn, this, args)
        : Reflect.construct(fn as unknown as Constructor, args, target);
    }
    return invokeMonitored(op, active, fn, this, args, target);
  };
  try {
    Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
    Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
    Object.defineProperty(wrapped, ORIGINAL, { value: fn });
    if (fn.prototype !== undefined) wrapped.prototype = fn.prototype as object;
  } catch (error) {
    reportInternalError(`${op.name}: copying the function's name and length`, error);
  }
  return wrapped as unknown as F;
}

function invoke(
  fn: AnyFunction,
  thisArg: unknown,
  args: unknown[],
  newTarget: Constructor | undefined,
): unknown {
  return newTarget === undefined
    ? Reflect.apply(fn, thisArg, args)
    : Reflect.construct(fn as unknown as Constructor, args, newTarget);
}

/** Runs one monitored call of `fn`. Rethrows exactly what `fn` throws, nothing else. */
export function invokeMonitored(
  op: Operation,
  active: ActiveTelemetry | undefined,
  fn: AnyFunction,
  thisArg: unknown,
  args: unknown[],
  newTarget: Constructor | undefined,
): unknown {
  const call = beginCall(op, active);
  let result: unknown;
  try {
    result =
      call.context === undefined
        ? invoke(fn, thisArg, args, newTarget)
        : context.with(call.context, invoke, undefined, fn, thisArg, args, newTarget);
  } catch (error) {
    failCall(op, call, error);
    throw error;
  }
  if (isThenable(result)) return settleLater(op, call, result, thisArg, args);
  succeedCall(op, call, result, true, thisArg, args);
  return result;
}

function settleLater(
  op: Operation,
  call: Call,
  result: PromiseLike<unknown>,
  thisArg: unknown,
  args: unknown[],
): unknown {
  try {
    return result.then(
      (value) => {
        succeedCall(op, call, value, true, thisArg, args);
        return value;
      },
      (error: unknown) => {
        failCall(op, call, error);
        throw error;
      },
    );
  } catch (error) {
    // A thenable whose then() throws: hand it back untouched and close the call.
    reportInternalError(`${op.name}: then() of the returned thenable threw`, error);
    succeedCall(op, call, undefined, false, thisArg, args);
    return result;
  }
}
