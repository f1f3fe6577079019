import { wrapWithOperation } from '../operation/monitor-operation.js';
import type { AnyFunction } from '../operation/monitor-operation.js';
import { createOperation } from '../operation/operation.js';
import type { OperationOptions } from '../types.js';

/** Options of {@link monitored}: operation options plus the operation's name. */
export interface MonitoredOptions extends OperationOptions {
  /**
   * Operation name.
   * @default the method's name
   */
  readonly name?: string;
}

/** A standard (TC39) method decorator returned by {@link monitored}. */
export type MonitoredMethodDecorator = <This, Args extends unknown[], Return>(
  method: (this: This, ...args: Args) => Return,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
) => (this: This, ...args: Args) => Return;

/**
 * Method decorator making every call of the method a monitored operation (see
 * `monitorOperation`). Standard ECMAScript decorators, as TypeScript 5 compiles them
 * without `experimentalDecorators`. Give a name, or options with an optional `name`;
 * the default name is the method's. Invalid options throw when the class is defined.
 *
 * A decorator replaces the method when the class is defined, so there is nothing to undo
 * later; `unwrapOperation(Class.prototype.method)` returns the undecorated function.
 *
 * @example
 * class HeterodyneModel {
 *   @monitored({ name: 'chi_squared_calculation', expectedAccuracy: 0.999, validate: isFinite })
 *   chiSquared(params: Float64Array): number { ... }
 * }
 */
export function monitored(nameOrOptions?: string | MonitoredOptions): MonitoredMethodDecorator {
  const { name: givenName, ...options }: MonitoredOptions =
    typeof nameOrOptions === 'string' ? { name: nameOrOptions } : (nameOrOptions ?? {});
  return function decorate<This, Args extends unknown[], Return>(
    method: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): (this: This, ...args: Args) => Return {
    if (context?.kind !== 'method') {
      throw new TypeError(
        `@monitored applies to methods; it was used on a ${String(context?.kind)}`,
      );
    }
    const methodName =
      typeof context.name === 'symbol' ? (context.name.description ?? 'anonymous') : context.name;
    const op = createOperation(
      '@monitored',
      givenName ?? methodName,
      options as OperationOptions<never>,
    );
    return wrapWithOperation(op, method as unknown as AnyFunction) as unknown as (
      this: This,
      ...args: Args
    ) => Return;
  };
}
