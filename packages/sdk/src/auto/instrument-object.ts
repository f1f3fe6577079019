import { logger } from '../internal/diag.js';
import { isMonitored, wrapWithOperation } from '../operation/monitor-operation.js';
import type { AnyFunction } from '../operation/monitor-operation.js';
import { createOperation } from '../operation/operation.js';
import type { OperationOptions } from '../types.js';

/** Options of {@link instrumentObject}. Give `methods` or `include`, not both. */
export interface InstrumentObjectOptions {
  /**
   * Names of the methods to instrument. Each must be a function on the target; a missing
   * one throws.
   */
  readonly methods?: readonly string[];
  /**
   * Selects methods by name among the target's functions (own and inherited, up to but
   * excluding `Object.prototype`; for a class, its prototype's).
   * @default every such function
   */
  readonly include?: RegExp | ((name: string) => boolean);
  /**
   * Prefix of operation names: an operation is named `${prefix}.${method}`.
   * @default the class name for a class, none otherwise
   */
  readonly prefix?: string;
  /** Operation options for every method, or per method (return `undefined` for defaults). */
  readonly operation?: OperationOptions | ((method: string) => OperationOptions | undefined);
}

/** The result of {@link instrumentObject}. */
export interface InstrumentedObject<T> {
  /**
   * The instrumented object: the target itself, patched in place, or for a module
   * namespace or frozen object (which cannot be patched) a new object holding the target's
   * properties (their values at the time of the call) with the selected functions wrapped.
   * For a class whose prototype is frozen it is a subclass of the target with the selected
   * methods wrapped on its prototype.
   */
  readonly target: T;
  /** Names of the methods that were instrumented. */
  readonly methods: readonly string[];
  /**
   * Restores every patched method (a no-op for copies). A method replaced again by someone
   * else after patching is left alone. Calling it twice is harmless.
   */
  undo(): void;
}

interface Patch {
  readonly holder: object;
  readonly name: string;
  readonly wrapper: unknown;
  /** The holder's own descriptor before patching; undefined when the method was inherited. */
  readonly previous: PropertyDescriptor | undefined;
}

function isClass(target: unknown): target is abstract new (...args: never[]) => unknown {
  return (
    typeof target === 'function' &&
    typeof (target as { prototype?: unknown }).prototype === 'object' &&
    Function.prototype.toString.call(target).startsWith('class')
  );
}

function isModuleNamespace(target: object): boolean {
  return Object.prototype.toString.call(target) === '[object Module]';
}

/**
 * Function-valued data properties of `holder` and its prototypes, before Object.prototype;
 * classes excluded. Getters are not called, except on module namespaces, where exports may
 * be getters (live bindings, as bundlers and test runners emulate them).
 */
function candidateMethods(holder: object): string[] {
  const names = new Set<string>();
  const namespace = isModuleNamespace(holder);
  for (
    let level: object | null = holder;
    level !== null && level !== Object.prototype && level !== Function.prototype;
    level = Object.getPrototypeOf(level) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(level)) {
      if (name === 'constructor' || names.has(name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(level, name);
      const value = namespace ? (holder as Record<string, unknown>)[name] : descriptor?.value;
      if (typeof value === 'function' && !isClass(value)) names.add(name);
    }
  }
  return [...names];
}

/**
 * Instruments methods of an object, a class (its prototype's methods, shared by all
 * instances) or a module namespace: each selected method is replaced by a monitored wrapper
 * (see `monitorOperation`) named `${prefix}.${method}`. Returns the instrumented object and
 * an `undo()` that restores the originals.
 *
 * ES module namespaces are frozen by the language, and frozen objects cannot be patched:
 * for those the target is left untouched and `target` in the result is a new object with the
 * same properties, the selected functions wrapped; use it in place of the namespace.
 * Methods already wrapped by this SDK are skipped.
 *
 * Invalid options throw, naming the option.
 *
 * @example
 * import * as analysis from './analysis.js';
 * const { target: monitoredAnalysis } = instrumentObject(analysis, { include: /^fit|^chi/ });
 * instrumentObject(CorrelationModel, { methods: ['evaluate'] }); // patches the prototype
 */
export function instrumentObject<T extends object>(
  target: T,
  options: InstrumentObjectOptions = {},
): InstrumentedObject<T> {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null) {
    throw new TypeError(
      `instrumentObject: target must be an object or a class; got ${String(target)}`,
    );
  }
  const { methods, include, prefix: givenPrefix, operation } = options;
  if (methods !== undefined && include !== undefined) {
    throw new TypeError('instrumentObject: options.methods and options.include cannot be combined');
  }
  if (
    methods !== undefined &&
    (!Array.isArray(methods) || methods.some((m) => typeof m !== 'string'))
  ) {
    throw new TypeError('instrumentObject: options.methods must be an array of method names');
  }
  if (include !== undefined && !(include instanceof RegExp) && typeof include !== 'function') {
    throw new TypeError('instrumentObject: options.include must be a RegExp or a function');
  }
  if (givenPrefix !== undefined && typeof givenPrefix !== 'string') {
    throw new TypeError('instrumentObject: options.prefix must be a string');
  }
  const holder: object = isClass(target) ? (target.prototype as object) : target;
  const prefix = givenPrefix ?? (isClass(target) ? target.name : '');
  const copy = isModuleNamespace(target) || Object.isFrozen(holder);

  let selected: string[];
  if (methods !== undefined) {
    for (const method of methods) {
      if (typeof (holder as Record<string, unknown>)[method] !== 'function') {
        throw new TypeError(
          `instrumentObject: options.methods names "${method}", which is not a function of the target`,
        );
      }
    }
    selected = [...methods];
  } else {
    const accept =
      include === undefined
        ? () => true
        : include instanceof RegExp
          ? (name: string) => include.test(name)
          : include;
    selected = candidateMethods(holder).filter((name) => accept(name));
  }

  const wrappers = new Map<string, unknown>();
  for (const method of selected) {
    const original = (holder as Record<string, unknown>)[method] as AnyFunction;
    if (isMonitored(original)) {
      logger.debug(`instrumentObject: ${method} is already monitored; skipped`);
      continue;
    }
    const opName = prefix.length > 0 ? `${prefix}.${method}` : method;
    const opOptions = typeof operation === 'function' ? operation(method) : operation;
    const op = createOperation('instrumentObject', opName, opOptions as OperationOptions<never>);
    wrappers.set(method, wrapWithOperation(op, original));
  }

  if (copy && isClass(target)) {
    // A class whose prototype is frozen: a subclass carries the wrapped methods, so the
    // result is still a class (constructible, statics inherited, instances of the original).
    const Base = target as unknown as new (...args: unknown[]) => object;
    const Subclass = class extends Base {};
    Object.defineProperty(Subclass, 'name', { value: target.name, configurable: true });
    for (const [key, wrapper] of wrappers) {
      Object.defineProperty(Subclass.prototype, key, {
        value: wrapper,
        writable: true,
        enumerable: false,
        configurable: true,
      });
    }
    return { target: Subclass as unknown as T, methods: [...wrappers.keys()], undo: () => {} };
  }
  if (copy) {
    const result: Record<string, unknown> = Object.create(
      isModuleNamespace(target) ? null : Object.getPrototypeOf(target),
    ) as Record<string, unknown>;
    for (const key of Object.keys(target)) result[key] = (target as Record<string, unknown>)[key];
    for (const [key, wrapper] of wrappers) result[key] = wrapper;
    return { target: result as T, methods: [...wrappers.keys()], undo: () => {} };
  }

  const patches: Patch[] = [];
  for (const [name, wrapper] of wrappers) {
    const previous = Object.getOwnPropertyDescriptor(holder, name);
    try {
      if (previous !== undefined && !previous.configurable && !previous.writable) {
        throw new TypeError('it is read-only');
      }
      Object.defineProperty(holder, name, {
        value: wrapper,
        writable: previous?.writable ?? true,
        enumerable: previous?.enumerable ?? false,
        configurable: previous?.configurable ?? true,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (methods !== undefined) {
        for (const patch of patches.reverse()) restore(patch);
        throw new TypeError(`instrumentObject: method "${name}" cannot be patched: ${reason}`, {
          cause: error,
        });
      }
      logger.debug(`instrumentObject: ${name} cannot be patched (${reason}); skipped`);
      continue;
    }
    patches.push({ holder, name, wrapper, previous });
  }
  let undone = false;
  return {
    target,
    methods: patches.map((p) => p.name),
    undo() {
      if (undone) return;
      undone = true;
      for (const patch of patches.reverse()) restore(patch);
    },
  };
}

function restore(patch: Patch): void {
  const { holder, name, wrapper, previous } = patch;
  const current = Object.getOwnPropertyDescriptor(holder, name);
  if (current?.value !== wrapper) {
    logger.warn(`instrumentObject: ${name} was replaced after it was instrumented; left as it is`);
    return;
  }
  if (previous === undefined) {
    delete (holder as Record<string, unknown>)[name];
  } else {
    Object.defineProperty(holder, name, previous);
  }
}
