import { isAbsolute, parse } from 'node:path';
import { types } from 'node:util';
import { monitorOperation } from '@heterodyne/sdk';
import type { OperationOptions } from '@heterodyne/sdk';
import { metrics, trace } from '@opentelemetry/api';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Instrumentation scope name of {@link HeterodyneInstrumentation}. */
export const INSTRUMENTATION_NAME = '@heterodyne/node/instrumentation';
/** Version of {@link HeterodyneInstrumentation} (the `@heterodyne/node` version). */
export const INSTRUMENTATION_VERSION = '0.1.0';

/** A module whose exported functions {@link HeterodyneInstrumentation} monitors. */
export interface HeterodyneModuleDefinition {
  /**
   * The module: a package name as it is imported (`my-analysis`), or the absolute path of a
   * file (`/srv/app/lib/analysis.cjs`, extension included) for code outside `node_modules`.
   */
  readonly name: string;
  /** Names of the exported functions to monitor. */
  readonly functions: readonly string[];
  /**
   * Semver ranges of the package the patch applies to; other versions load unpatched.
   * Ignored for file paths.
   * @default ['*']
   */
  readonly versions?: readonly string[];
  /**
   * Operation name of a function.
   * @default the function's name
   */
  readonly operationName?: (functionName: string) => string;
  /**
   * Operation options (see `monitorOperation`) for every function, or per function (return
   * `undefined` for the defaults). Validated when the instrumentation is constructed.
   */
  readonly options?: OperationOptions | ((functionName: string) => OperationOptions | undefined);
}

/** Configuration of {@link HeterodyneInstrumentation}. */
export interface HeterodyneInstrumentationConfig extends InstrumentationConfig {
  /** The modules and functions to monitor. */
  readonly modules: readonly HeterodyneModuleDefinition[];
}

interface PlannedFunction {
  readonly operationName: string;
  readonly options: OperationOptions | undefined;
}

/** A module definition resolved and validated at construction. */
interface PlannedModule {
  readonly definition: HeterodyneModuleDefinition;
  readonly functions: ReadonlyMap<string, PlannedFunction>;
}

function fail(where: string, requirement: string): never {
  throw new TypeError(`HeterodyneInstrumentation: ${where} ${requirement}`);
}

/** Validates the configuration, throwing with the path of the first bad field. */
function planModules(config: HeterodyneInstrumentationConfig): PlannedModule[] {
  if (typeof config !== 'object' || config === null || !Array.isArray(config.modules)) {
    fail('config.modules', 'must be an array of { name, functions }');
  }
  return config.modules.map((definition, m) => {
    const at = `config.modules[${m}]`;
    if (typeof definition?.name !== 'string' || definition.name.length === 0) {
      fail(`${at}.name`, 'must be a package name or an absolute file path');
    }
    const { functions, versions, operationName, options } = definition;
    if (!Array.isArray(functions) || functions.length === 0) {
      fail(`${at}.functions`, 'must be a non-empty array of function names');
    }
    if (
      versions !== undefined &&
      (!Array.isArray(versions) || versions.some((v) => typeof v !== 'string'))
    ) {
      fail(`${at}.versions`, 'must be an array of semver ranges');
    }
    if (operationName !== undefined && typeof operationName !== 'function') {
      fail(`${at}.operationName`, 'must be a function');
    }
    const planned = new Map<string, PlannedFunction>();
    functions.forEach((fn, f) => {
      if (typeof fn !== 'string' || fn.length === 0)
        fail(`${at}.functions[${f}]`, 'must be a name');
      const opName = operationName === undefined ? fn : operationName(fn);
      const opOptions = typeof options === 'function' ? options(fn) : options;
      // Validate now: a bad option must fail here, not later inside someone's require().
      try {
        monitorOperation(opName, () => undefined, opOptions);
      } catch (error) {
        throw new TypeError(
          `HeterodyneInstrumentation: ${at}.options for ${fn}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      planned.set(fn, { operationName: opName, options: opOptions });
    });
    return { definition, functions: planned };
  });
}

/**
 * Monitors named functions of named modules as they load, with no change to their code:
 * each listed export is replaced by a `monitorOperation` wrapper (a span and the
 * `heterodyne.*` metrics per call). CommonJS modules are patched through
 * `require-in-the-middle`; ES modules through `import-in-the-middle`, which needs its loader
 * hook registered before the application's modules load:
 *
 * ```js
 * // telemetry.mjs, run as: node --import ./telemetry.mjs app.mjs
 * import { register } from 'node:module';
 * register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
 * // ... then create the instrumentation (directly or through startMonitoring)
 * ```
 *
 * `disable()` restores the original functions of every patched module and `enable()` patches
 * them again. Spans and metrics go to the providers given through `setTracerProvider` /
 * `setMeterProvider` (as `registerInstrumentations` does), otherwise to the global ones;
 * modules already patched are re-patched when the providers change.
 *
 * Invalid configuration throws from the constructor, naming the field.
 *
 * @example
 * new HeterodyneInstrumentation({
 *   modules: [{ name: 'my-analysis', functions: ['chiSquared', 'fitClassical'] }],
 * });
 */
export class HeterodyneInstrumentation extends InstrumentationBase<HeterodyneInstrumentationConfig> {
  // Declared only, never initialized by a field definition: the base constructor calls
  // init() and enable(), and enable() patches modules already imported (import-in-the-middle
  // replays them), which sets _patched; a field definition would reset it after super().
  declare private _patched: Map<object, PlannedModule> | undefined;
  declare private _tracerProvider: TracerProvider | undefined;
  declare private _meterProvider: MeterProvider | undefined;

  constructor(config: HeterodyneInstrumentationConfig) {
    planModules(config);
    super(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION, config);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return planModules(this._config).map((planned) => {
      const patch = (exports: unknown): unknown => this._patchExports(exports, planned);
      const unpatch = (exports: unknown): void => this._unpatchExports(exports, planned);
      const { name, versions } = planned.definition;
      if (!isAbsolute(name)) {
        return new InstrumentationNodeModuleDefinition(
          name,
          [...(versions ?? ['*'])],
          patch,
          unpatch,
        );
      }
      // For an absolute path the base class reports the file under its base name (no
      // extension), which it matches against the module's file entries.
      const file = new InstrumentationNodeModuleFile(parse(name).name, ['*'], patch, unpatch);
      return new InstrumentationNodeModuleDefinition(name, ['*'], undefined, undefined, [file]);
    });
  }

  override setTracerProvider(tracerProvider: TracerProvider): void {
    super.setTracerProvider(tracerProvider);
    // registerInstrumentations() passes the global proxy when given no provider: follow it.
    this._tracerProvider =
      tracerProvider === trace.getTracerProvider() ? undefined : tracerProvider;
    this._repatch();
  }

  override setMeterProvider(meterProvider: MeterProvider): void {
    super.setMeterProvider(meterProvider);
    this._meterProvider = meterProvider === metrics.getMeterProvider() ? undefined : meterProvider;
    this._repatch();
  }

  private _repatch(): void {
    if (this._patched === undefined || !this.isEnabled()) return;
    for (const [exports, planned] of [...this._patched]) this._patchExports(exports, planned);
  }

  private _patchExports(exports: unknown, planned: PlannedModule): unknown {
    if ((typeof exports !== 'object' && typeof exports !== 'function') || exports === null) {
      this._diag.warn(`${planned.definition.name}: exports are not an object; nothing patched`);
      return exports;
    }
    const target = exports as Record<string, unknown>;
    for (const [fn, plan] of planned.functions) {
      if (typeof target[fn] !== 'function') {
        this._diag.warn(`${planned.definition.name}: export ${fn} is not a function; not patched`);
        continue;
      }
      try {
        this._restore(target, fn);
        const options: OperationOptions = {
          ...plan.options,
          tracerProvider: plan.options?.tracerProvider ?? this._tracerProvider,
          meterProvider: plan.options?.meterProvider ?? this._meterProvider,
        };
        this._wrap(target, fn, (original) =>
          monitorOperation(plan.operationName, original as (...args: never[]) => unknown, options),
        );
      } catch (error) {
        this._diag.error(`${planned.definition.name}: patching ${fn} failed`, error);
      }
    }
    (this._patched ??= new Map()).set(exports, planned);
    return exports;
  }

  /**
   * Puts back the original of a wrapped export. For ES module namespaces (proxies from
   * import-in-the-middle) the base class's `_unwrap` writes the current value back, so the
   * original is restored here from the wrapper's `__original`.
   */
  private _restore(target: Record<string, unknown>, fn: string): void {
    const current = target[fn];
    if (typeof current !== 'function') return;
    const shim = current as { __wrapped?: unknown; __original?: unknown };
    if (shim.__wrapped !== true) return;
    if (types.isProxy(target)) {
      if (typeof shim.__original === 'function') {
        Object.defineProperty(target, fn, { value: shim.__original });
      }
    } else {
      this._unwrap(target, fn);
    }
  }

  private _unpatchExports(exports: unknown, planned: PlannedModule): void {
    if ((typeof exports !== 'object' && typeof exports !== 'function') || exports === null) return;
    for (const fn of planned.functions.keys()) {
      try {
        this._restore(exports as Record<string, unknown>, fn);
      } catch (error) {
        this._diag.error(`${planned.definition.name}: restoring ${fn} failed`, error);
      }
    }
    this._patched?.delete(exports);
  }
}
