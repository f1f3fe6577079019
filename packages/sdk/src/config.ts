import { ACCURACY_METHOD_VALUES } from '@heterodyne/semconv';
import type { Attributes, MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Tolerance } from './accuracy/compare.js';
import { DEFAULT_SCAN_LIMITS } from './numeric/scan-limits.js';
import type { ResolvedScanLimits } from './numeric/scan-limits.js';
import type { OperationOptions } from './types.js';

/** Expected accuracy when a measuring option is given without one (the seed's default). */
export const DEFAULT_EXPECTED_ACCURACY = 0.999;
/** Share of calls re-run against `reference` by default. */
export const DEFAULT_REFERENCE_SAMPLE_RATE = 0.05;
/** Default relative tolerance of the `reference` comparison. */
export const DEFAULT_RELATIVE_TOLERANCE = 1e-9;
/** Default number of warm calls whose median the first call is compared with. */
export const DEFAULT_WARM_CALLS = 5;

/** A user-supplied function, called through `Reflect.apply` inside a guard. */
export type UserFunction = (...args: never[]) => unknown;

/** How accuracy is obtained (a value of `ACCURACY_METHOD_VALUES`), and the function doing it. */
export interface AccuracyCheck {
  readonly method: (typeof ACCURACY_METHOD_VALUES)[keyof typeof ACCURACY_METHOD_VALUES];
  readonly fn: UserFunction;
}

/** Resolved accuracy settings of an operation. */
export interface AccuracyConfig {
  readonly check: AccuracyCheck;
  readonly expected: number;
  readonly sampleRate: number;
  readonly random: () => number;
  /** Set for `reference` only. */
  readonly tolerance: Tolerance | undefined;
}

/** Resolved, validated options of an operation. */
export interface OperationConfig {
  readonly name: string;
  readonly expectedAccuracy: number | undefined;
  readonly accuracy: AccuracyConfig | undefined;
  readonly limits: ResolvedScanLimits;
  readonly nonFinite: boolean;
  /** False when the operation records metrics only. */
  readonly spans: boolean;
  /** Undefined when cold-start detection is off. */
  readonly warmCalls: number | undefined;
  readonly optimizationMethod: string | undefined;
  readonly attributes: Attributes | undefined;
  readonly tracerProvider: TracerProvider | undefined;
  readonly meterProvider: MeterProvider | undefined;
}

const KNOWN_OPTIONS = new Set([
  'expectedAccuracy',
  'reference',
  'accuracy',
  'validate',
  'tolerance',
  'sampleRate',
  'random',
  'limits',
  'nonFinite',
  'spans',
  'coldStart',
  'optimizationMethod',
  'attributes',
  'tracerProvider',
  'meterProvider',
]);

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/**
 * Validates explicit operation options. Invalid options are programmer errors and throw,
 * naming the API, the operation and the option: `monitorOperation("fit"): options.sampleRate
 * must be a number in [0, 1]; got 2`.
 */
export function resolveOperationConfig(
  api: string,
  name: unknown,
  options: OperationOptions<never, never[]> | undefined,
): OperationConfig {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`${api}: the operation name must be a non-empty string; got ${show(name)}`);
  }
  const where = `${api}(${JSON.stringify(name)})`;
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}: options must be an object; got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new TypeError(`${where}: unknown option options.${key}`);
  }
  const fail = (option: string, requirement: string, got: unknown): never => {
    throw new TypeError(`${where}: options.${option} ${requirement}; got ${show(got)}`);
  };
  const unitInterval = (option: string, value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      fail(option, 'must be a number in [0, 1]', value);
    }
    return value as number;
  };
  const positiveInteger = (option: string, value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      fail(option, 'must be a positive integer', value);
    }
    return value as number;
  };
  const optionalFunction = (option: string, value: unknown): UserFunction | undefined => {
    if (value !== undefined && typeof value !== 'function')
      fail(option, 'must be a function', value);
    return value as UserFunction | undefined;
  };

  const expectedAccuracy = unitInterval('expectedAccuracy', options.expectedAccuracy);
  const checks: AccuracyCheck[] = [];
  const reference = optionalFunction('reference', options.reference);
  if (reference) checks.push({ method: ACCURACY_METHOD_VALUES.REFERENCE, fn: reference });
  const measure = optionalFunction('accuracy', options.accuracy);
  if (measure) checks.push({ method: ACCURACY_METHOD_VALUES.MEASURE, fn: measure });
  const validate = optionalFunction('validate', options.validate);
  if (validate) checks.push({ method: ACCURACY_METHOD_VALUES.VALIDATE, fn: validate });
  if (checks.length > 1) {
    const given = ['reference', 'accuracy', 'validate'].filter(
      (k) => (options as Record<string, unknown>)[k] !== undefined,
    );
    throw new TypeError(
      `${where}: options.${given.join(' and options.')} cannot be combined; ` +
        'give one way of measuring accuracy',
    );
  }
  const check = checks[0];
  if (check === undefined) {
    for (const option of ['tolerance', 'sampleRate', 'random'] as const) {
      if (options[option] !== undefined) {
        fail(
          option,
          'applies only with options.reference, options.accuracy or options.validate',
          options[option],
        );
      }
    }
  }
  if (options.tolerance !== undefined && check?.method !== ACCURACY_METHOD_VALUES.REFERENCE) {
    fail('tolerance', 'applies only with options.reference', options.tolerance);
  }
  let tolerance: Tolerance | undefined;
  if (check?.method === ACCURACY_METHOD_VALUES.REFERENCE) {
    const given = options.tolerance ?? {};
    if (typeof given !== 'object' || given === null) fail('tolerance', 'must be an object', given);
    const tol = (option: 'relative' | 'absolute', fallback: number): number => {
      const value = given[option];
      if (value === undefined) return fallback;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        fail(`tolerance.${option}`, 'must be a finite number >= 0', value);
      }
      return value;
    };
    tolerance = {
      relative: tol('relative', DEFAULT_RELATIVE_TOLERANCE),
      absolute: tol('absolute', 0),
    };
  }
  const sampleRate = unitInterval('sampleRate', options.sampleRate);
  const random = optionalFunction('random', options.random) as (() => number) | undefined;
  const accuracy: AccuracyConfig | undefined =
    check === undefined
      ? undefined
      : {
          check,
          expected: expectedAccuracy ?? DEFAULT_EXPECTED_ACCURACY,
          sampleRate:
            sampleRate ??
            (check.method === ACCURACY_METHOD_VALUES.REFERENCE ? DEFAULT_REFERENCE_SAMPLE_RATE : 1),
          random: random ?? Math.random,
          tolerance,
        };

  const limitsGiven = options.limits;
  if (limitsGiven !== undefined && (typeof limitsGiven !== 'object' || limitsGiven === null)) {
    fail('limits', 'must be an object', limitsGiven);
  }
  const limits: ResolvedScanLimits = {
    maxDepth:
      positiveInteger('limits.maxDepth', limitsGiven?.maxDepth) ?? DEFAULT_SCAN_LIMITS.maxDepth,
    maxElements:
      positiveInteger('limits.maxElements', limitsGiven?.maxElements) ??
      DEFAULT_SCAN_LIMITS.maxElements,
  };
  if (options.nonFinite !== undefined && typeof options.nonFinite !== 'boolean') {
    fail('nonFinite', 'must be a boolean', options.nonFinite);
  }
  if (options.spans !== undefined && typeof options.spans !== 'boolean') {
    fail('spans', 'must be a boolean', options.spans);
  }
  const coldStart = options.coldStart;
  let warmCalls: number | undefined = DEFAULT_WARM_CALLS;
  if (coldStart === false) warmCalls = undefined;
  else if (typeof coldStart === 'object' && coldStart !== null) {
    warmCalls = positiveInteger('coldStart.warmCalls', coldStart.warmCalls) ?? DEFAULT_WARM_CALLS;
  } else if (coldStart !== undefined && coldStart !== true) {
    fail('coldStart', 'must be a boolean or { warmCalls }', coldStart);
  }
  const method = options.optimizationMethod;
  if (method !== undefined && (typeof method !== 'string' || method.length === 0)) {
    fail('optimizationMethod', 'must be a non-empty string', method);
  }
  const attributes = options.attributes;
  if (attributes !== undefined && (typeof attributes !== 'object' || attributes === null)) {
    fail('attributes', 'must be an object', attributes);
  }
  for (const option of ['tracerProvider', 'meterProvider'] as const) {
    const provider = options[option] as unknown as Record<string, unknown> | undefined;
    const getter = option === 'tracerProvider' ? 'getTracer' : 'getMeter';
    if (provider !== undefined && typeof provider?.[getter] !== 'function') {
      fail(option, `must have a ${getter}() method`, provider);
    }
  }
  return {
    name,
    expectedAccuracy,
    accuracy,
    limits,
    nonFinite: options.nonFinite ?? true,
    spans: options.spans ?? true,
    warmCalls,
    optimizationMethod: method,
    attributes,
    tracerProvider: options.tracerProvider,
    meterProvider: options.meterProvider,
  };
}
